import Foundation

/// One action in the audit log (nhật ký hệ thống): who did what, on whose behalf, to what, from where.
struct AuditEntry: Sendable, Equatable {
    /// The account that acted.
    var actor: String
    /// The delegator (người ủy quyền) when the actor acted under a delegation.
    var onBehalfOf: String?
    /// Agency code (mã định danh) the action belongs to; each agency reads only its own entries.
    var agency: String
    /// Dotted verb, e.g. `user.create`, `delegation.approve`, `document.assign`.
    var action: String
    /// What was acted on: an account, an id, a document.
    var subject: String
    /// Small facts worth keeping (new roles, period, reason). Values are text so the hash input is unambiguous.
    var details: [String: String]
    /// Where the request came from: client address and user agent (`203.0.113.7; Mozilla/5.0 …`), nil for the system.
    var source: String?

    init(
        actor: String, onBehalfOf: String? = nil, agency: String, action: String, subject: String,
        details: [String: String] = [:], source: String? = nil
    ) {
        self.actor = actor
        self.onBehalfOf = onBehalfOf
        self.agency = agency
        self.action = action
        self.subject = subject
        self.details = details
        self.source = source
    }
}

/// An entry as stored: its place in the chain, time and hashes.
struct StoredAuditEntry: Sendable, Encodable {
    var sequence: Int64
    var at: Date
    var entry: AuditEntry
    var previousHash: String
    var hash: String

    enum CodingKeys: String, CodingKey {
        case sequence, at, actor, onBehalfOf, agency, action, subject, details, source, previousHash, hash
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(at, forKey: .at)
        try c.encode(entry.actor, forKey: .actor)
        try c.encodeIfPresent(entry.onBehalfOf, forKey: .onBehalfOf)
        try c.encode(entry.agency, forKey: .agency)
        try c.encode(entry.action, forKey: .action)
        try c.encode(entry.subject, forKey: .subject)
        try c.encode(entry.details, forKey: .details)
        try c.encodeIfPresent(entry.source, forKey: .source)
        try c.encode(previousHash, forKey: .previousHash)
        try c.encode(hash, forKey: .hash)
    }
}

/// The outcome of checking the chain, whole or from a signed checkpoint.
struct AuditVerification: Sendable, Equatable, Encodable {
    /// Entries that check out, from the first.
    var count: Int
    /// Sequence number of the first entry that does not check out; nil when the chain is intact.
    var firstBroken: Int64?
    /// Why that entry is broken (Vietnamese / English).
    var reason: String?
    /// Hash of the last good entry (hex).
    var lastHash: String
    /// Rows read from the table: incremental verification reads the checkpoint's entry and those after it only.
    var rowsRead = 0
    /// The signed checkpoint verification started from; nil when it started from the first entry.
    var from: Int64?

    var isIntact: Bool { firstBroken == nil }
}
