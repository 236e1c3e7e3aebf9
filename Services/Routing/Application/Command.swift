import Contracts
import Foundation

/// The moment a command runs in: who acts (delegation already checked), when, and where the request came from
/// (for the audit log).
struct CommandContext: Sendable {
    let acting: Acting
    let now: Date
    let source: String?

    /// What the command has produced so far, to be completed with its result.
    func record() -> Recorder { Recorder(context: self) }
}

/// What a command returns: its result and what it emitted, which the unit of work writes in the command's
/// transaction (events to the outbox, entries to the audit log last).
struct Outcome<Value: Sendable>: Sendable {
    var value: Value
    var events: [Envelope]
    var audit: [AuditEntry]

    /// The same effects with another result (for answers that add read-only details).
    func map<Other: Sendable>(_ transform: (Value) async throws -> Other) async rethrows -> Outcome<Other> {
        Outcome<Other>(value: try await transform(value), events: events, audit: audit)
    }
}

/// Collects a command's events and audit entries in the order it produces them, stamped with its context.
struct Recorder: Sendable {
    let context: CommandContext
    private(set) var events: [Envelope] = []
    private(set) var audit: [AuditEntry] = []

    init(context: CommandContext) { self.context = context }

    /// An event of the flow `correlationId`, at the command's moment, for the acting agency.
    mutating func emit<E: Event>(_ event: E, correlationId: UUID?) throws {
        events.append(try Envelope(event, occurredAt: context.now, correlationId: correlationId, agency: context.acting.agency))
    }

    /// An event already in its envelope (one whose moment is not the command's).
    mutating func emit(_ envelope: Envelope) { events.append(envelope) }

    /// An audit entry: who acted, for whom, on what.
    mutating func audit(_ action: String, subject: String, details: [String: String] = [:]) {
        let acting = context.acting
        audit.append(
            AuditEntry(
                actor: acting.account, onBehalfOf: acting.onBehalfOf, agency: acting.agency, action: action, subject: subject,
                details: details, source: context.source))
    }

    func outcome<Value: Sendable>(_ value: Value) -> Outcome<Value> { Outcome(value: value, events: events, audit: audit) }
}

extension UUID {
    /// The form the audit log and the events use.
    var lowercased: String { uuidString.lowercased() }
}
