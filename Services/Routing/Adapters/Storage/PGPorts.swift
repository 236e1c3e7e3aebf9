import Auth
import Contracts
import Foundation
import Storage

// The ports of Application/Ports.swift on PostgreSQL, bound to one executor (the command's transaction, or the
// pool for reads).

/// The reads of both ports on any executor: the pool for queries, the transaction for commands.
struct PGIncomingReading<Executor: PGExecutor>: IncomingReading {
    let store: IncomingStore
    let db: Executor

    func document(_ id: UUID, agency: String, forUpdate: Bool) async throws -> IncomingDocument? {
        try await store.document(id, agency: agency, forUpdate: forUpdate, on: db)
    }
    func documents(agency: String, state: IncomingDocument.State?, limit: Int, offset: Int) async throws
        -> (items: [IncomingDocument], total: Int)
    {
        try await store.documents(agency: agency, state: state, limit: limit, offset: offset, on: db)
    }
    func task(_ id: UUID, agency: String, forUpdate: Bool) async throws -> HandlingTask? {
        try await store.task(id, agency: agency, forUpdate: forUpdate, on: db)
    }
    func tasks(ofDocument id: UUID) async throws -> [HandlingTask] { try await store.tasks(ofDocument: id, on: db) }
    func opinions(ofDocument id: UUID) async throws -> [Opinion] { try await store.opinions(ofDocument: id, on: db) }
    func links(of document: IncomingDocument) async throws -> [DocumentLink] { try await store.links(of: document, on: db) }
}

struct PGDraftReading<Executor: PGExecutor>: DraftReading {
    let store: DraftStore
    let db: Executor

    func draft(_ id: UUID, agency: String, forUpdate: Bool) async throws -> Draft? {
        try await store.draft(id, agency: agency, forUpdate: forUpdate, on: db)
    }
    func drafts(of person: String, isHead: Bool, agency: String, limit: Int, offset: Int) async throws -> [Draft] {
        try await store.drafts(of: person, isHead: isHead, agency: agency, limit: limit, offset: offset, on: db)
    }
    func version(_ id: UUID, _ version: Int) async throws -> DraftVersion? { try await store.versions(id, only: version, on: db).first }
    func versions(_ id: UUID) async throws -> [DraftVersion] { try await store.versions(id, on: db) }
    func reviewers(_ id: UUID) async throws -> [String] { try await store.reviewers(id, on: db) }
    func comments(_ id: UUID) async throws -> [DraftComment] { try await store.comments(id, on: db) }
}

struct PGIncomingDocuments: IncomingDocuments {
    let store: IncomingStore
    let tx: PGTransaction
    private var reading: PGIncomingReading<PGTransaction> { PGIncomingReading(store: store, db: tx) }

    func documents(agency: String, state: IncomingDocument.State?, limit: Int, offset: Int) async throws
        -> (items: [IncomingDocument], total: Int)
    {
        try await reading.documents(agency: agency, state: state, limit: limit, offset: offset)
    }

    func document(_ id: UUID, agency: String, forUpdate: Bool) async throws -> IncomingDocument? {
        try await store.document(id, agency: agency, forUpdate: forUpdate, on: tx)
    }
    func setState(_ id: UUID, _ state: IncomingDocument.State) async throws { try await store.setState(id, state, in: tx) }
    func submit(_ id: UUID, by: String, to: String?, at: Date) async throws { try await store.submit(id, by: by, to: to, at: at, in: tx) }
    func insert(_ task: HandlingTask) async throws { try await store.insert(task, in: tx) }
    func task(_ id: UUID, agency: String, forUpdate: Bool) async throws -> HandlingTask? {
        try await store.task(id, agency: agency, forUpdate: forUpdate, on: tx)
    }
    func tasks(ofDocument id: UUID) async throws -> [HandlingTask] { try await store.tasks(ofDocument: id, on: tx) }
    func accept(_ id: UUID, at: Date) async throws { try await store.accept(id, at: at, in: tx) }
    func complete(_ id: UUID, result: String, at: Date) async throws { try await store.complete(id, result: result, at: at, in: tx) }
    func mainHandlerAccepted(document: UUID, except task: UUID) async throws -> Bool {
        try await store.mainHandlerAccepted(document: document, except: task, on: tx)
    }
    func closeWithDocument(_ document: UUID, at: Date) async throws { try await store.closeWithDocument(document, at: at, in: tx) }
    func openTasks(of assignee: String, agency: String) async throws -> [HandlingTask] {
        try await store.openTasks(of: assignee, agency: agency, in: tx)
    }
    func withdraw(task: UUID, reason: String) async throws -> Bool {
        try await store.withdraw(task: task, reason: reason, in: tx)
    }
    func passOn(_ id: UUID, note: String?, at: Date) async throws {
        try await store.passOn(id, note: note, at: at, in: tx)
    }
    func withdraw(document: UUID, role: HandlingRole?, reason: String) async throws -> [HandlingTask] {
        try await store.withdraw(document: document, role: role, reason: reason, in: tx)
    }
    func addOpinion(document: UUID, task: UUID, author: String, onBehalfOf: String?, body: String, at: Date) async throws -> Opinion {
        try await store.addOpinion(document: document, task: task, author: author, onBehalfOf: onBehalfOf, body: body, at: at, in: tx)
    }
    func opinions(ofDocument id: UUID) async throws -> [Opinion] { try await store.opinions(ofDocument: id, on: tx) }
    func links(of document: IncomingDocument) async throws -> [DocumentLink] { try await store.links(of: document, on: tx) }
    func setRevocation(_ id: UUID, _ revocation: Revocation, state: IncomingDocument.State) async throws {
        try await store.setRevocation(id, revocation, state: state, in: tx)
    }
}

struct PGDrafts: Drafts {
    let store: DraftStore
    let tx: PGTransaction
    private var reading: PGDraftReading<PGTransaction> { PGDraftReading(store: store, db: tx) }
    func recordRecall(_ id: UUID, _ recall: DraftRecall) async throws { try await store.recordRecall(id, recall, in: tx) }

    func drafts(of person: String, isHead: Bool, agency: String, limit: Int, offset: Int) async throws -> [Draft] {
        try await reading.drafts(of: person, isHead: isHead, agency: agency, limit: limit, offset: offset)
    }
    func versions(_ id: UUID) async throws -> [DraftVersion] { try await reading.versions(id) }

    func create(_ draft: Draft, _ first: DraftVersion) async throws { try await store.create(draft, first, in: tx) }
    func draft(_ id: UUID, agency: String, forUpdate: Bool) async throws -> Draft? {
        try await store.draft(id, agency: agency, forUpdate: forUpdate, on: tx)
    }
    func version(_ id: UUID, _ version: Int) async throws -> DraftVersion? { try await store.versions(id, only: version, on: tx).first }
    func addVersion(_ version: DraftVersion) async throws { try await store.addVersion(version, in: tx) }
    func update(_ id: UUID, state: Draft.State, leader: String?, signingRequestId: UUID?, at: Date) async throws {
        try await store.update(id, state: state, leader: leader, signingRequestId: signingRequestId, at: at, in: tx)
    }
    func addReviewers(_ id: UUID, _ accounts: [String], by: String, at: Date) async throws {
        try await store.addReviewers(id, accounts, by: by, at: at, in: tx)
    }
    func handOver(from: String, to: String, agency: String, at: Date) async throws -> [UUID] {
        try await store.handOver(from: from, to: to, agency: agency, at: at, in: tx)
    }
    func reviewers(_ id: UUID) async throws -> [String] { try await store.reviewers(id, on: tx) }
    func addComment(
        _ id: UUID, version: Int, author: String, onBehalfOf: String?, kind: DraftComment.Kind, body: String, at: Date
    ) async throws -> DraftComment {
        try await store.addComment(id, version: version, author: author, onBehalfOf: onBehalfOf, kind: kind, body: body, at: at, in: tx)
    }
    func comments(_ id: UUID) async throws -> [DraftComment] { try await store.comments(id, on: tx) }
}

struct PGStaffDirectory: StaffDirectory {
    let schema: String
    let tx: PGTransaction

    func colleague(_ account: String) async throws -> Colleague? {
        try await Directory.user(account, schema: schema, on: tx).map(Colleague.init)
    }
    func members(ofDepartment id: UUID) async throws -> [Colleague] {
        try await Directory.members(ofDepartment: id, schema: schema, on: tx).map(Colleague.init)
    }
    func organization(_ agency: String) async throws -> Organization {
        let name = try await tx.query("SELECT name FROM \(identifier: schema).agencies WHERE code = \(agency)").rows.first?
            .decode(String.self, "name")
        return Organization(code: agency, name: name ?? agency)
    }
}

struct PGDelegations: Delegations {
    let store: DelegationStore
    let tx: PGTransaction

    func find(_ id: UUID, agency: String) async throws -> Delegation { try await store.find(id, agency: agency, on: tx) }
    func insert(
        delegator: Colleague, delegate: String, startsAt: Date, endsAt: Date, reason: String?, requestedBy: String, approved: Bool
    ) async throws -> Delegation {
        try await store.insert(
            delegator: delegator, delegate: delegate, startsAt: startsAt, endsAt: endsAt, reason: reason, requestedBy: requestedBy,
            approved: approved, tx: tx)
    }
    func decide(_ id: UUID, agency: String, approve: Bool, head: String) async throws -> Delegation {
        try await store.decide(id, agency: agency, approve: approve, head: head, tx: tx)
    }
    func revoke(_ id: UUID, agency: String, by account: String) async throws -> Delegation {
        try await store.revoke(id, agency: agency, by: account, tx: tx)
    }
}

struct PGAccounts: Accounts {
    let store: PeopleStore
    let tx: PGTransaction

    func agency(_ code: String) async throws -> Agency? { try await store.agency(code, on: tx) }
    func createAgency(_ agency: Agency) async throws { try await store.createAgency(agency, in: tx) }
    func createDepartment(agency: String, name: String) async throws -> Department {
        try await store.createDepartment(agency: agency, name: name, in: tx)
    }
    func passwordHash(of account: String) async throws -> String? { try await store.passwordHash(of: account, on: tx) }
    func person(_ account: String, agency: String) async throws -> Person { try await store.requirePerson(account, agency: agency, on: tx) }
    func create(_ new: PeopleStore.NewPerson, in agency: Agency) async throws -> Person { try await store.createPerson(new, in: agency, tx: tx) }
    func update(_ account: String, agency: String, roles: Set<Role>?, departmentId: UUID??) async throws -> Person {
        try await store.update(account, agency: agency, roles: roles, departmentId: departmentId, tx: tx)
    }
    func leave(_ account: String, agency: String, handedOverTo: String, by actor: String) async throws -> Person {
        try await store.leave(account, agency: agency, handedOverTo: handedOverTo, by: actor, tx: tx)
    }
    func setPassword(_ account: String, hash: String) async throws { try await store.setPassword(account, hash: hash, on: tx) }
    func grantArchive(_ account: String, agency: String, by head: String) async throws -> Person {
        try await store.grantArchive(account, agency: agency, by: head, tx: tx)
    }
}

extension Colleague {
    init(_ user: UserRecord) {
        self.init(
            account: user.account, agency: user.agency, departmentId: user.departmentId, fullName: user.fullName, roles: user.roles,
            isActive: user.isActive)
    }
}
