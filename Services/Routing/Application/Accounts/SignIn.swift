import Auth
import Contracts
import Foundation
import Storage

/// Sign-in (đăng nhập) and acting for a delegator: checks the password or the delegation, throttles failures and
/// issues the signed token every other service verifies with the public key alone.
///
/// A wrong password, an unknown account and an account that left all get the same answer, after the same scrypt
/// work, so nothing tells which accounts exist. Failures are counted per account name typed (existing or not):
/// `maxFailures` in a row lock that name for `lockDuration`, during which even the right password is refused.
struct SignIn: Sendable {
    let people: PeopleService

    struct Issued: Sendable, Codable, Equatable {
        var token: String
        var expiresAt: Date
        var account: String
        var agency: String
        var roles: [String]
        var onBehalfOf: String?
    }

    /// A hash of a random password, verified against when the account is unknown so that case costs the same time.
    private static let decoy = (try? PasswordHash.make(UUID().uuidString)) ?? ""

    func signIn(account typed: String, password: String, onBehalfOf: String?, source: String?, now: Date = Date()) async throws -> Issued {
        guard let issuer = people.issuer else { throw PeopleError.signInUnavailable }
        let account = typed.trimmingCharacters(in: .whitespaces).lowercased()
        guard !account.isEmpty, account.count <= 128, !password.isEmpty, password.utf8.count <= 1024 else {
            throw PeopleError.signInRefused
        }
        let schema = people.schema, settings = people.settings
        // Decide and record in one transaction; throw only after it commits so the failure count is kept.
        let outcome: Result<UserRecord, Refusal> = try await people.database.withTransaction { tx in
            let throttle = try await tx.query("""
                SELECT failures, greatest(0, extract(epoch FROM locked_until - \(now)))::int AS wait
                FROM \(identifier: schema).sign_in_failures WHERE account = \(account) FOR UPDATE
                """).rows.first
            if let wait = try throttle?.decode(Int.self, "wait"), wait > 0 {
                return .failure(PeopleError.signInLocked(retryAfterSeconds: wait))
            }
            let row = try await tx.query("""
                SELECT \(unsafe: UserRecord.columns), password_hash FROM \(identifier: schema).users WHERE account = \(account)
                """).rows.first
            let user = try row.map(UserRecord.init(row:))
            let stored = try row?.decode(String?.self, "password_hash") ?? nil
            let matches = await PasswordHash.verifyOffloaded(password, against: stored ?? Self.decoy) && stored != nil
            if let user, matches, user.isActive {
                _ = try await tx.query("DELETE FROM \(identifier: schema).sign_in_failures WHERE account = \(account)")
                return .success(user)
            }
            let failures = (try throttle?.decode(Int.self, "failures") ?? 0) + 1
            let lock = failures >= settings.maxFailures
            _ = try await tx.query("""
                INSERT INTO \(identifier: schema).sign_in_failures (account, failures, locked_until, last_failure_at)
                VALUES (\(account), \(lock ? 0 : failures), \(lock ? now.addingTimeInterval(settings.lockDuration.seconds) : nil), \(now))
                ON CONFLICT (account) DO UPDATE
                    SET failures = excluded.failures, locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at
                """)
            if let user {
                try await AuditLog.append(
                    AuditEntry(
                        actor: account, agency: user.agency, action: "auth.sign_in_failed", subject: account,
                        details: lock ? ["locked": "true"] : [:], source: source),
                    schema: schema, in: tx)
            }
            return .failure(PeopleError.signInRefused)
        }
        let user = try outcome.get()
        return try await issue(for: user, onBehalfOf: onBehalfOf, issuer: issuer, action: "auth.sign_in", source: source, now: now)
    }

    /// `POST /auth/act-for`: a token for the caller acting for `delegator`, while an approved delegation is in force.
    func actFor(caller: Identity, delegator: String, source: String?, now: Date = Date()) async throws -> Issued {
        guard let issuer = people.issuer else { throw PeopleError.signInUnavailable }
        guard let user = try await Directory.user(caller.account, schema: people.schema, on: people.database), user.isActive else {
            throw PeopleError.signInRefused
        }
        return try await issue(for: user, onBehalfOf: delegator, issuer: issuer, action: "auth.act_for", source: source, now: now)
    }

    /// The token: the user's own roles; acting for a delegator adds the delegator's leader roles, and the token ends no
    /// later than the delegation.
    private func issue(
        for user: UserRecord, onBehalfOf: String?, issuer: TokenIssuer, action: String, source: String?, now: Date
    ) async throws -> Issued {
        var roles = user.roles
        var expires = now.addingTimeInterval(people.settings.tokenTTL.seconds)
        let delegator = onBehalfOf.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        try await people.database.withTransaction { tx in
            if let delegator {
                let delegation = try await DelegationStore(schema: people.schema)
                    .inForce(delegator: delegator, delegate: user.account, agency: user.agency, at: now, on: tx)
                (roles, expires) = try DelegationPolicy.delegatedToken(
                    roles: roles, expires: expires, delegator: delegator,
                    inForce: delegation.map { (delegatorRoles: $0.delegatorRoles, endsAt: $0.endsAt) })
            }
            try await AuditLog.append(
                AuditEntry(
                    actor: user.account, onBehalfOf: delegator, agency: user.agency, action: action, subject: user.account,
                    details: ["roles": roles.map(\.rawValue).sorted().joined(separator: ",")], source: source),
                schema: people.schema, in: tx)
        }
        let identity = Identity(account: user.account, agency: user.agency, roles: roles, onBehalfOf: delegator)
        let ttl = Duration.milliseconds(Int64(max(1, expires.timeIntervalSince(now)) * 1000))
        let token = try await issuer.issue(identity, ttl: ttl, now: now)
        return Issued(
            token: token, expiresAt: expires, account: user.account, agency: user.agency, roles: roles.map(\.rawValue).sorted(),
            onBehalfOf: delegator)
    }
}

extension Duration {
    var seconds: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
