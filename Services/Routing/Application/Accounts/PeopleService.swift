import Auth
import Foundation
import ServiceKit
import Messaging
import Storage

/// Policy numbers for sign-in, read from configuration (see docs/configuration.md).
struct PeopleSettings: Sendable {
    /// Lifetime of a sign-in token; a delegated token also ends with its delegation.
    var tokenTTL: Duration = .seconds(8 * 3600)
    /// Failed sign-ins in a row, for one account name from one source address, before the name is locked there.
    var maxFailures: Int = 5
    /// Failed sign-ins from one source address, over every name, before each further attempt waits (1 s, doubling).
    var sourceFreeFailures: Int = 10
    /// How long a locked account name refuses every sign-in from that address, even with the right password; also the
    /// longest delay of an address, and how long it must not fail before its count starts again.
    var lockDuration: Duration = .seconds(15 * 60)
    /// Cost of new password hashes (existing ones keep theirs).
    var passwordParameters: PasswordHash.Parameters = .standard
    /// What a new password must be (length, not common).
    var passwordPolicy = PasswordPolicy()
    /// Whose `X-Forwarded-For` names the client that sign-in failures count under (the web front end, the reverse
    /// proxy); everyone else's header is ignored for throttling.
    var trustedProxies: TrustedProxies = .loopback
    /// Password hashes one source address may have running at once (sign-in, change of password); more wait a second.
    var maxConcurrentHashesPerSource: Int = 8
}

/// What the people routes run on: the pool, the schema, the token issuer (nil: sign-in unavailable) and the policy.
struct PeopleService: Sendable {
    let database: PGClient
    let schema: String
    let issuer: TokenIssuer?
    let settings: PeopleSettings
    /// Where `account.access_revoked` goes when a change ends an account's sessions.
    let outbox: Outbox
    /// The signed checkpoints of the audit log; nil without an audit key (verification then reads the whole log).
    var auditCheckpoints: AuditCheckpointStore?

    init(database: PGClient, schema: String, issuer: TokenIssuer?, settings: PeopleSettings, outbox: Outbox? = nil) {
        self.database = database
        self.schema = schema
        self.issuer = issuer
        self.settings = settings
        self.outbox = outbox ?? Outbox(schema: schema)
    }
}
