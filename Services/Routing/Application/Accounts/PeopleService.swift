import Auth
import Foundation
import Messaging
import Storage

/// Policy numbers for sign-in, read from configuration (see docs/configuration.md).
struct PeopleSettings: Sendable {
    /// Lifetime of a sign-in token; a delegated token also ends with its delegation.
    var tokenTTL: Duration = .seconds(8 * 3600)
    /// Failed sign-ins in a row before the account name is locked.
    var maxFailures: Int = 5
    /// How long a locked account name refuses every sign-in, even with the right password.
    var lockDuration: Duration = .seconds(15 * 60)
    /// Cost of new password hashes (existing ones keep theirs).
    var passwordParameters: PasswordHash.Parameters = .standard
    /// What a new password must be (length, not common).
    var passwordPolicy = PasswordPolicy()
}

/// What the people routes run on: the pool, the schema, the token issuer (nil: sign-in unavailable) and the policy.
struct PeopleService: Sendable {
    let database: PGClient
    let schema: String
    let issuer: TokenIssuer?
    let settings: PeopleSettings
    /// Where `account.access_revoked` goes when a change ends an account's sessions.
    let outbox: Outbox

    init(database: PGClient, schema: String, issuer: TokenIssuer?, settings: PeopleSettings, outbox: Outbox? = nil) {
        self.database = database
        self.schema = schema
        self.issuer = issuer
        self.settings = settings
        self.outbox = outbox ?? Outbox(schema: schema)
    }
}
