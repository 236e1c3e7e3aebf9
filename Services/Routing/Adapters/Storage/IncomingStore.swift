import Contracts
import Foundation
import Storage

/// Incoming documents, their tasks and opinions in the routing schema.
struct IncomingStore: Sendable {
    let schema: String

    // MARK: documents

    /// Keeps the details intake found (sender, số/ký hiệu, trích yếu). Arrives before or after the số đến; a
    /// repeated event rewrites the same values.
    func recordReceived(_ e: DocumentReceived, agency: String, correlationId: UUID, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).incoming_documents
                (document_id, agency, state, edxml_document_id, sender_code, sender_name, code_number, code_notation,
                 promulgation_date, document_type, subject, priority, due_date, received_at, correlation_id, packet, attachments)
            VALUES (\(e.documentId), \(agency), 'received', \(e.edxmlDocumentId), \(e.sender.code), \(e.sender.name),
                    \(e.codeNumber), \(e.codeNotation), \(e.promulgationDate), \(e.documentType), \(e.subject), \(e.priority),
                    \(e.dueDate), \(e.receivedAt), \(correlationId), \(try JSONColumn.text(e.packet))::jsonb, \(try JSONColumn.text(e.attachments))::jsonb)
            ON CONFLICT (document_id) DO UPDATE SET
                packet = excluded.packet, attachments = excluded.attachments,
                edxml_document_id = excluded.edxml_document_id, sender_code = excluded.sender_code,
                sender_name = excluded.sender_name, code_number = excluded.code_number, code_notation = excluded.code_notation,
                promulgation_date = excluded.promulgation_date, document_type = excluded.document_type,
                subject = excluded.subject, priority = excluded.priority, due_date = excluded.due_date,
                received_at = excluded.received_at, updated_at = now()
            WHERE incoming_documents.agency = excluded.agency
            """)
    }

    /// Records the số đến; the document becomes an item in state `registered` unless it is already further on.
    /// - Returns: true when this call made it registered (false for a repeated event).
    func recordRegistered(_ e: DocumentRegistered, agency: String, correlationId: UUID, in tx: PGTransaction) async throws -> Bool {
        // An insert that meets a row being inserted by another transaction (this document's document.received, or
        // a second copy of this event) waits for it to commit, so the statements below see that row.
        let inserted = try await tx.query("""
            INSERT INTO \(identifier: schema).incoming_documents
                (document_id, agency, state, register, year, number, registered_at, correlation_id)
            VALUES (\(e.documentId), \(agency), 'registered', \(e.register), \(e.year), \(e.number), \(e.registeredAt), \(correlationId))
            ON CONFLICT (document_id) DO NOTHING RETURNING document_id
            """).rows
        if !inserted.isEmpty { return true }
        let previous = try await tx.query("""
            SELECT state FROM \(identifier: schema).incoming_documents
            WHERE document_id = \(e.documentId) AND agency = \(agency) FOR UPDATE
            """).rows.first?.decode(String.self, "state")
        guard let previous else { return false }  // another agency's document under the same id: untouched
        _ = try await tx.query("""
            UPDATE \(identifier: schema).incoming_documents
            SET register = \(e.register), year = \(e.year), number = \(e.number), registered_at = \(e.registeredAt),
                state = CASE WHEN state = 'received' THEN 'registered' ELSE state END, updated_at = now()
            WHERE document_id = \(e.documentId)
            """)
        return previous == IncomingDocument.State.received.rawValue
    }

    func document(_ id: UUID, agency: String, forUpdate: Bool = false, on db: some PGExecutor) async throws -> IncomingDocument? {
        try await db.query("""
            SELECT \(unsafe: Self.documentColumns) FROM \(identifier: schema).incoming_documents
            WHERE document_id = \(id) AND agency = \(agency) \(unsafe: forUpdate ? "FOR UPDATE" : "")
            """).rows.first.map(Self.document)
    }

    /// The agency's documents in one state (or every registered one), newest số đến first.
    func documents(agency: String, state: IncomingDocument.State?, limit: Int, offset: Int, on db: some PGExecutor) async throws
        -> (items: [IncomingDocument], total: Int)
    {
        let rows = try await db.query("""
            SELECT \(unsafe: Self.documentColumns), count(*) OVER () AS total FROM \(identifier: schema).incoming_documents
            WHERE agency = \(agency) AND state <> 'received' AND (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
            ORDER BY registered_at DESC, document_id LIMIT \(limit) OFFSET \(offset)
            """).rows
        return (try rows.map(Self.document), try rows.first?.decode(Int.self, "total") ?? 0)
    }

    func setState(_ id: UUID, _ state: IncomingDocument.State, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).incoming_documents SET state = \(state.rawValue), updated_at = now() WHERE document_id = \(id)
            """)
    }

    func submit(_ id: UUID, by: String, to: String?, at: Date, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).incoming_documents
            SET state = 'submitted', submitted_by = \(by), submitted_to = \(to), submitted_at = \(at), updated_at = now()
            WHERE document_id = \(id)
            """)
    }

    // MARK: revocations and links

    /// The agency's documents from `sender` under its DocumentId, locked (usually one; an update may share the id).
    func documents(sender: String, edxmlDocumentId: String, agency: String, in tx: PGTransaction) async throws -> [IncomingDocument] {
        try await tx.query("""
            SELECT \(unsafe: Self.documentColumns) FROM \(identifier: schema).incoming_documents
            WHERE agency = \(agency) AND sender_code = \(sender) AND edxml_document_id = \(edxmlDocumentId)
            ORDER BY document_id FOR UPDATE
            """).rows.map(Self.document)
    }

    /// Writes the document's revocation and state.
    func setRevocation(_ id: UUID, _ revocation: Revocation, state: IncomingDocument.State, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).incoming_documents
            SET revocation = \(try JSONColumn.text(revocation))::jsonb, state = \(state.rawValue), updated_at = now()
            WHERE document_id = \(id)
            """)
    }

    /// Records that `e.documentId` updates or replaces the sender's earlier documents (idempotent).
    func addLinks(_ e: DocumentUpdated, agency: String, in tx: PGTransaction) async throws {
        guard !e.originals.isEmpty else { return }
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).document_links
                (agency, document_id, change, sender_code, original_edxml_document_id, reason, received_at)
            SELECT \(agency), \(e.documentId), \(e.change.rawValue), \(e.sender.code), original, \(e.reason), \(e.receivedAt)
            FROM unnest(\(PGArray.literal(e.originals))::text[]) AS original
            ON CONFLICT DO NOTHING
            """)
    }

    /// A document's links both ways, with the linked documents' số đến and số/ký hiệu once they arrived.
    func links(of d: IncomingDocument, on db: some PGExecutor) async throws -> [DocumentLink] {
        let s = schema
        let rows = try await db.query("""
            SELECT 'changes' AS direction, l.change, l.original_edxml_document_id AS edxml, l.reason, o.document_id, o.number,
                   o.code_number, o.code_notation
            FROM \(identifier: s).document_links l
            LEFT JOIN \(identifier: s).incoming_documents o
              ON o.agency = l.agency AND o.sender_code = l.sender_code AND o.edxml_document_id = l.original_edxml_document_id
                 AND o.document_id <> l.document_id
            WHERE l.document_id = \(d.documentId)
            UNION ALL
            SELECT 'changed_by', l.change, n.edxml_document_id, l.reason, l.document_id, n.number, n.code_number, n.code_notation
            FROM \(identifier: s).document_links l
            LEFT JOIN \(identifier: s).incoming_documents n ON n.document_id = l.document_id
            WHERE l.agency = \(d.agency) AND l.sender_code = \(d.sender?.code) AND l.original_edxml_document_id = \(d.edxmlDocumentId)
              AND l.document_id <> \(d.documentId)
            ORDER BY 1, 3
            """).rows
        return try rows.map { r in
            let number = try r.decode(String?.self, "code_number"), notation = try r.decode(String?.self, "code_notation")
            return DocumentLink(
                direction: DocumentLink.Direction(rawValue: try r.decode(String.self, "direction")) ?? .changes,
                change: DocumentUpdated.Change(rawValue: try r.decode(String.self, "change")) ?? .update,
                edxmlDocumentId: try r.decode(String?.self, "edxml") ?? "", documentId: try r.decode(UUID?.self, "document_id"),
                number: try r.decode(Int?.self, "number"), documentCode: number.flatMap { n in notation.map { "\(n)/\($0)" } },
                reason: try r.decode(String?.self, "reason"))
        }
    }

    // MARK: tasks

    func insert(_ t: HandlingTask, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).tasks
                (id, agency, document_id, assignee, department_id, role, state, deadline, assigned_by, on_behalf_of, assigned_at,
                 parent_task_id)
            VALUES (\(t.id), \(t.agency), \(t.documentId), \(t.assignee), \(t.departmentId), \(t.role.rawValue), \(t.state.rawValue),
                    \(t.deadline), \(t.assignedBy), \(t.onBehalfOf), \(t.assignedAt), \(t.parentTaskId))
            """)
    }

    func openTasks(of assignee: String, agency: String, in tx: PGTransaction) async throws -> [HandlingTask] {
        try await tx.query("""
            SELECT \(unsafe: Self.taskColumns) FROM \(identifier: schema).tasks
            WHERE agency = \(agency) AND assignee = \(assignee) AND state IN ('assigned', 'accepted')
            ORDER BY assigned_at, id
            """).rows.map(Self.task)
    }

    /// False when the task closed meanwhile (completed, withdrawn) and was left alone.
    func withdraw(task id: UUID, reason: String, in tx: PGTransaction) async throws -> Bool {
        try await !tx.query("""
            UPDATE \(identifier: schema).tasks SET state = 'withdrawn', withdrawn_reason = \(reason)
            WHERE id = \(id) AND state IN ('assigned', 'accepted') RETURNING id
            """).rows.isEmpty
    }

    func passOn(_ id: UUID, note: String?, at: Date, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).tasks SET state = 'passed_on', completed_at = \(at), result = \(note) WHERE id = \(id)
            """)
    }

    func task(_ id: UUID, agency: String, forUpdate: Bool = false, on db: some PGExecutor) async throws -> HandlingTask? {
        try await db.query("""
            SELECT \(unsafe: Self.taskColumns) FROM \(identifier: schema).tasks WHERE id = \(id) AND agency = \(agency)
            \(unsafe: forUpdate ? "FOR UPDATE" : "")
            """).rows.first.map(Self.task)
    }

    func tasks(ofDocument id: UUID, on db: some PGExecutor) async throws -> [HandlingTask] {
        try await db.query("""
            SELECT \(unsafe: Self.taskColumns) FROM \(identifier: schema).tasks WHERE document_id = \(id) ORDER BY assigned_at, role, assignee
            """).rows.map(Self.task)
    }

    func accept(_ id: UUID, at: Date, in tx: PGTransaction) async throws {
        _ = try await tx.query("UPDATE \(identifier: schema).tasks SET state = 'accepted', accepted_at = \(at) WHERE id = \(id)")
    }

    func complete(_ id: UUID, result: String, at: Date, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).tasks SET state = 'completed', completed_at = \(at), result = \(result) WHERE id = \(id)
            """)
    }

    /// Whether a main handler of the document accepted before (then the sender already has its 05).
    func mainHandlerAccepted(document: UUID, except task: UUID, on db: some PGExecutor) async throws -> Bool {
        try await db.query("""
            SELECT EXISTS (SELECT 1 FROM \(identifier: schema).tasks
                           WHERE document_id = \(document) AND role = 'main' AND accepted_at IS NOT NULL AND id <> \(task)) AS found
            """).rows[0].decode(Bool.self, "found")
    }

    /// Closes the co-handlers' and readers' open tasks when the main handler completes the document: their part ends
    /// with it (completed without a result of their own).
    func closeWithDocument(_ document: UUID, at: Date, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            UPDATE \(identifier: schema).tasks SET state = 'completed', completed_at = \(at)
            WHERE document_id = \(document) AND state IN ('assigned', 'accepted')
            """)
    }

    /// Closes open tasks of a document (all, or of one role) and returns them.
    func withdraw(document: UUID, role: HandlingRole?, reason: String, in tx: PGTransaction) async throws -> [HandlingTask] {
        try await tx.query("""
            UPDATE \(identifier: schema).tasks SET state = 'withdrawn', withdrawn_reason = \(reason)
            WHERE document_id = \(document) AND state IN ('assigned', 'accepted')
              AND (\(role?.rawValue)::text IS NULL OR role = \(role?.rawValue))
            RETURNING \(unsafe: Self.taskColumns)
            """).rows.map(Self.task)
    }

    /// One person's tasks, newest first (the inbox, hộp công việc), with their documents' subject and numbers;
    /// `openOnly` hides completed and withdrawn ones. Served by the index `tasks_inbox`.
    func inbox(agency: String, assignee: String, openOnly: Bool, limit: Int, offset: Int, on db: some PGExecutor) async throws
        -> [TaskRoutes.InboxItem]
    {
        try await db.query("""
            SELECT t.*, d.subject, d.number, d.code_number, d.code_notation, d.sender_name
            FROM (SELECT \(unsafe: Self.taskColumns) FROM \(identifier: schema).tasks
                  WHERE agency = \(agency) AND assignee = \(assignee) \(unsafe: openOnly ? "AND state IN ('assigned', 'accepted')" : "")
                  ORDER BY assigned_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)) t
            LEFT JOIN \(identifier: schema).incoming_documents d ON d.document_id = t.document_id
            ORDER BY t.assigned_at DESC, t.id DESC
            """).rows.map { r in
            let number = try r.decode(String?.self, "code_number")
            let notation = try r.decode(String?.self, "code_notation")
            return TaskRoutes.InboxItem(
                task: try Self.task(r), subject: try r.decode(String?.self, "subject"), number: try r.decode(Int?.self, "number"),
                documentCode: number.flatMap { n in notation.map { "\(n)/\($0)" } }, sender: try r.decode(String?.self, "sender_name"))
        }
    }

    // MARK: opinions

    func addOpinion(document: UUID, task: UUID, author: String, onBehalfOf: String?, body: String, at: Date, in tx: PGTransaction)
        async throws -> Opinion
    {
        let row = try await tx.query("""
            INSERT INTO \(identifier: schema).opinions (document_id, task_id, author, on_behalf_of, body, created_at)
            VALUES (\(document), \(task), \(author), \(onBehalfOf), \(body), \(at)) RETURNING id
            """).rows[0]
        return Opinion(
            id: try row.decode(Int.self, "id"), documentId: document, taskId: task, author: author, onBehalfOf: onBehalfOf, body: body,
            createdAt: at)
    }

    func opinions(ofDocument id: UUID, on db: some PGExecutor) async throws -> [Opinion] {
        try await db.query("""
            SELECT id, document_id, task_id, author, on_behalf_of, body, created_at FROM \(identifier: schema).opinions
            WHERE document_id = \(id) ORDER BY id
            """).rows.map { r in
            Opinion(
                id: try r.decode(Int.self, "id"), documentId: try r.decode(UUID.self, "document_id"),
                taskId: try r.decode(UUID.self, "task_id"), author: try r.decode(String.self, "author"),
                onBehalfOf: try r.decode(String?.self, "on_behalf_of"), body: try r.decode(String.self, "body"),
                createdAt: try r.decode(Date.self, "created_at"))
        }
    }

    // MARK: rows

    static let documentColumns = """
        document_id, agency, state, register, year, number, registered_at, edxml_document_id, sender_code, sender_name,
        code_number, code_notation, promulgation_date, document_type, subject, priority, due_date, submitted_by, submitted_to,
        submitted_at, correlation_id, answered_by_draft, answer_number, answered_on, revocation::text AS revocation
        """

    static func document(_ r: PGRow) throws -> IncomingDocument {
        let senderCode = try r.decode(String?.self, "sender_code")
        let senderName = try r.decode(String?.self, "sender_name")
        return IncomingDocument(
            documentId: try r.decode(UUID.self, "document_id"), agency: try r.decode(String.self, "agency"),
            state: try state(r, "state"), register: try r.decode(String?.self, "register"), year: try r.decode(Int?.self, "year"),
            number: try r.decode(Int?.self, "number"), registeredAt: try r.decode(Date?.self, "registered_at"),
            sender: senderCode.map { Organization(code: $0, name: senderName ?? "") },
            edxmlDocumentId: try r.decode(String?.self, "edxml_document_id"), codeNumber: try r.decode(String?.self, "code_number"),
            codeNotation: try r.decode(String?.self, "code_notation"), promulgationDate: try r.decode(Date?.self, "promulgation_date"),
            documentType: try r.decode(String?.self, "document_type"), subject: try r.decode(String?.self, "subject"),
            priority: try r.decode(Int?.self, "priority"), dueDate: try r.decode(Date?.self, "due_date"),
            submittedBy: try r.decode(String?.self, "submitted_by"), submittedTo: try r.decode(String?.self, "submitted_to"),
            submittedAt: try r.decode(Date?.self, "submitted_at"), correlationId: try r.decode(UUID.self, "correlation_id"),
            answeredByDraft: try r.decode(UUID?.self, "answered_by_draft"), answerNumber: try r.decode(String?.self, "answer_number"),
            answeredOn: try r.decode(Date?.self, "answered_on"),
            revocation: try JSONColumn.decode(Revocation.self, try r.decode(String?.self, "revocation")))
    }

    static let taskColumns = """
        id, agency, document_id, assignee, department_id, role, state, deadline, assigned_by, on_behalf_of, assigned_at,
        accepted_at, completed_at, result, withdrawn_reason, parent_task_id
        """

    static func task(_ r: PGRow) throws -> HandlingTask {
        let roleText = try r.decode(String.self, "role")
        let stateText = try r.decode(String.self, "state")
        guard let role = HandlingRole(rawValue: roleText), let state = HandlingTask.State(rawValue: stateText) else {
            throw PGError(code: .decoding, message: "unknown task role \(roleText) or state \(stateText)")
        }
        return HandlingTask(
            id: try r.decode(UUID.self, "id"), agency: try r.decode(String.self, "agency"), documentId: try r.decode(UUID.self, "document_id"),
            assignee: try r.decode(String.self, "assignee"), departmentId: try r.decode(UUID?.self, "department_id"), role: role,
            state: state, deadline: try r.decode(Date?.self, "deadline"), assignedBy: try r.decode(String.self, "assigned_by"),
            onBehalfOf: try r.decode(String?.self, "on_behalf_of"), assignedAt: try r.decode(Date.self, "assigned_at"),
            acceptedAt: try r.decode(Date?.self, "accepted_at"), completedAt: try r.decode(Date?.self, "completed_at"),
            result: try r.decode(String?.self, "result"), withdrawnReason: try r.decode(String?.self, "withdrawn_reason"),
            parentTaskId: try r.decode(UUID?.self, "parent_task_id"))
    }

    private static func state(_ r: PGRow, _ column: String) throws -> IncomingDocument.State {
        let text = try r.decode(String.self, column)
        guard let s = IncomingDocument.State(rawValue: text) else {
            throw PGError(code: .decoding, message: "unknown incoming state \(text)")
        }
        return s
    }
}
