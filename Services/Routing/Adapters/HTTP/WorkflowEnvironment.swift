import Auth
import Contracts
import Foundation
import Hummingbird
import Messaging
import ServiceKit
import Storage

/// What every workflow route needs: the database, the outbox, the schema and a clock.
struct WorkflowEnvironment: Sendable {
    let database: PGClient
    let outbox: Outbox
    let schema: String
    var now: @Sendable () -> Date = { Date() }
    /// Signs the approval a `signing.requested` carries; nil without QLVB_ROUTING_TOKEN_PRIVATE_KEY_FILE.
    var approvals: ApprovalKey.Signer? = nil

    /// Runs one user action in one unit of work: the caller is resolved (delegation checked at this moment), the
    /// command changes state through the ports and returns its events and audit entries; the events go to the
    /// outbox and the entries to the audit log in the same transaction, and the relay is woken after the commit.
    func perform<T: Sendable>(
        _ identity: Identity, _ request: Request, _ context: QLVBRequestContext,
        _ command: (CommandContext, WorkflowPorts) async throws -> Outcome<T>
    ) async throws -> T {
        let now = self.now()
        let source = RequestSource.of(request, context: context)  // as the people routes record it
        let schema = self.schema
        return try await UnitOfWork(database: database, outbox: outbox).run(
            { tx, events in
                let acting = try await Acting.resolve(identity, schema: schema, at: now, on: tx)
                let outcome = try await command(CommandContext(acting: acting, now: now, source: source), WorkflowPorts(schema: schema, tx: tx))
                events.emit(outcome.events)
                return outcome
            },
            beforeCommit: { outcome, tx in
                // Last before COMMIT: appending locks the audit log until the commit (its hash chain), so the shorter
                // the time between the two, the more actions go through at once.
                for entry in outcome.audit { _ = try await AuditLog.append(entry, schema: schema, in: tx) }
            }
        ).value
    }

    /// A read: the caller resolved, no transaction.
    func read<T: Sendable>(_ identity: Identity, _ body: (Acting) async throws -> T) async throws -> T {
        let acting = try await Acting.resolve(identity, schema: schema, at: now(), on: database)
        return try await body(acting)
    }
}

/// The command's ports on its transaction.
struct WorkflowPorts: Sendable {
    let documents: PGIncomingDocuments
    let drafts: PGDrafts
    let staff: PGStaffDirectory

    init(schema: String, tx: PGTransaction) {
        documents = PGIncomingDocuments(store: IncomingStore(schema: schema), tx: tx)
        drafts = PGDrafts(store: DraftStore(schema: schema), tx: tx)
        staff = PGStaffDirectory(schema: schema, tx: tx)
    }
}
