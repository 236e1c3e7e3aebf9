import Auth
import Contracts
import Foundation

// What commands read and write, as protocols: the PostgreSQL adapters (Adapters/Storage) implement them inside
// the command's transaction, so the commands know neither SQL nor HTTP.

/// Reading incoming documents, their tasks and opinions (on the pool, or inside a command's transaction).
protocol IncomingReading: Sendable {
    func document(_ id: UUID, agency: String, forUpdate: Bool) async throws -> IncomingDocument?
    func documents(agency: String, state: IncomingDocument.State?, limit: Int, offset: Int) async throws
        -> (items: [IncomingDocument], total: Int)
    func task(_ id: UUID, agency: String, forUpdate: Bool) async throws -> HandlingTask?
    func tasks(ofDocument id: UUID) async throws -> [HandlingTask]
    func opinions(ofDocument id: UUID) async throws -> [Opinion]
    /// The updates and replacements of or by the document.
    func links(of document: IncomingDocument) async throws -> [DocumentLink]
}

/// Incoming documents and their handling tasks and opinions, changed by the commands.
protocol IncomingDocuments: IncomingReading {
    func setState(_ id: UUID, _ state: IncomingDocument.State) async throws
    func submit(_ id: UUID, by: String, to: String?, at: Date) async throws
    func insert(_ task: HandlingTask) async throws
    func accept(_ id: UUID, at: Date) async throws
    func complete(_ id: UUID, result: String, at: Date) async throws
    /// A person's open tasks (assigned or accepted), oldest first.
    func openTasks(of assignee: String, agency: String) async throws -> [HandlingTask]
    /// Withdraws one open task with the reason; false when it had closed meanwhile.
    func withdraw(task: UUID, reason: String) async throws -> Bool
    /// Closes a department head's task as passed on inside the department.
    func passOn(_ id: UUID, note: String?, at: Date) async throws
    /// True when another main task of the document was accepted before (the sender already got 05).
    func mainHandlerAccepted(document: UUID, except task: UUID) async throws -> Bool
    /// Closes the document's other open tasks when the main handler completes it.
    func closeWithDocument(_ document: UUID, at: Date) async throws
    /// Withdraws the open tasks of `role` (every role when nil) and returns them.
    func withdraw(document: UUID, role: HandlingRole?, reason: String) async throws -> [HandlingTask]
    func addOpinion(document: UUID, task: UUID, author: String, onBehalfOf: String?, body: String, at: Date) async throws -> Opinion
    /// Writes the document's revocation and its state.
    func setRevocation(_ id: UUID, _ revocation: Revocation, state: IncomingDocument.State) async throws
}

/// Reading drafts, their versions, reviewers and comments.
protocol DraftReading: Sendable {
    func draft(_ id: UUID, agency: String, forUpdate: Bool) async throws -> Draft?
    /// The person's drafts, those they were asked to comment on and those waiting for their decision.
    func drafts(of person: String, isHead: Bool, agency: String, limit: Int, offset: Int) async throws -> [Draft]
    func version(_ id: UUID, _ version: Int) async throws -> DraftVersion?
    /// Every version, oldest first.
    func versions(_ id: UUID) async throws -> [DraftVersion]
    func reviewers(_ id: UUID) async throws -> [String]
    func comments(_ id: UUID) async throws -> [DraftComment]
}

/// Drafts, changed by the commands.
protocol Drafts: DraftReading {
    func create(_ draft: Draft, _ first: DraftVersion) async throws
    /// The agency took the issued draft back.
    func recordRecall(_ id: UUID, _ recall: DraftRecall) async throws
    func addVersion(_ version: DraftVersion) async throws
    func update(_ id: UUID, state: Draft.State, leader: String?, signingRequestId: UUID?, at: Date) async throws
    func addReviewers(_ id: UUID, _ accounts: [String], by: String, at: Date) async throws
    /// The drafts `from` is writing (not yet approved) become `to`'s; returns their ids.
    func handOver(from: String, to: String, agency: String, at: Date) async throws -> [UUID]
    func addComment(
        _ id: UUID, version: Int, author: String, onBehalfOf: String?, kind: DraftComment.Kind, body: String, at: Date
    ) async throws -> DraftComment
}

/// The people of the agencies, as the workflow needs them.
protocol StaffDirectory: Sendable {
    func colleague(_ account: String) async throws -> Colleague?
    /// Active members of a department, by account.
    func members(ofDepartment id: UUID) async throws -> [Colleague]
    /// The agency as the `From` of a status packet.
    func organization(_ agency: String) async throws -> Organization
}

/// Delegations (ủy quyền).
protocol Delegations: Sendable {
    func find(_ id: UUID, agency: String) async throws -> Delegation
    func insert(
        delegator: Colleague, delegate: String, startsAt: Date, endsAt: Date, reason: String?, requestedBy: String, approved: Bool
    ) async throws -> Delegation
    func decide(_ id: UUID, agency: String, approve: Bool, head: String) async throws -> Delegation
    func revoke(_ id: UUID, agency: String, by account: String) async throws -> Delegation
}

/// The agency's accounts (tài khoản).
protocol Accounts: Sendable {
    func agency(_ code: String) async throws -> Agency?
    /// Refuses an invalid agency, or a code or short name in use.
    func createAgency(_ agency: Agency) async throws
    func createDepartment(agency: String, name: String) async throws -> Department
    /// The active account's password hash, if it has one.
    func passwordHash(of account: String) async throws -> String?
    /// The person, or a not-found refusal.
    func person(_ account: String, agency: String) async throws -> Person
    func create(_ new: PeopleStore.NewPerson, in agency: Agency) async throws -> Person
    func update(_ account: String, agency: String, roles: Set<Role>?, departmentId: UUID??) async throws -> Person
    func leave(_ account: String, agency: String, handedOverTo: String, by actor: String) async throws -> Person
    func setPassword(_ account: String, hash: String) async throws
    func grantArchive(_ account: String, agency: String, by head: String) async throws -> Person
}
