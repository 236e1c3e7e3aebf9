import Auth
import Contracts
import Foundation
import Storage
import Synchronization

/// Sign-in (đăng nhập) and acting for a delegator: checks the password or the delegation, throttles failures and
/// issues the signed token every other service verifies with the public key alone.
///
/// A wrong password, an unknown account and an account that left all get the same answer, after the same scrypt
/// work, so nothing tells which accounts exist. Failures are counted per account name typed (existing or not) and
/// source address: `maxFailures` in a row lock that name, from that address, for `lockDuration`, during which even the
/// right password is refused there; and per address over every name, with a progressive delay (`SignInThrottle`).
/// No connection is held while scrypt runs.
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

    /// Hashes of a random password per cost, verified against when the account is unknown so that case costs the same
    /// time as a known one hashed at the current cost.
    private static let decoys = Mutex<[String: String]>([:])

    ///
    /// `source` is what the audit log records (addresses as reported, user agent); `client` the address failures are
    /// counted under — the connection's, or what a trusted proxy says (`ClientAddress`), never a header a client chose.
    /// Nil `client` counts under `source` (callers inside the process).
    func signIn(
        account typed: String, password: String, onBehalfOf: String?, source: String?, client: String? = nil, now: Date = Date()
    ) async throws -> Issued {
        guard let issuer = people.issuer else { throw PeopleError.signInUnavailable }
        let account = typed.trimmingCharacters(in: .whitespaces).lowercased()
        guard !account.isEmpty, account.count <= 128, !password.isEmpty, password.utf8.count <= 1024 else {
            throw PeopleError.signInRefused
        }
        let key = SignInThrottle.sourceKey(client ?? source)
        // Read, let the connection go, then hash: scrypt waits its turn on the shared thread pool, and a connection held
        // meanwhile is one the rest of routing lacks (a few dozen bogus sign-ins used to freeze it).
        let attempt = try await read(account, source: key, now: now)
        if attempt.wait > 0 { throw PeopleError.signInLocked(retryAfterSeconds: attempt.wait) }
        if attempt.sourceWait > 0 { throw PeopleError.signInDelayed(retryAfterSeconds: attempt.sourceWait) }
        var against = attempt.storedHash ?? ""
        if attempt.storedHash == nil { against = await decoy() }
        let matches = try await hashing(for: key) { await PasswordHash.verifyOffloaded(password, against: against) } && attempt.storedHash != nil
        if let user = attempt.user, matches, user.isActive {
            if attempt.hasFailures {  // not a lock set meanwhile by concurrent failures
                _ = try await people.database.query("""
                    DELETE FROM \(identifier: people.schema).sign_in_failures
                    WHERE account = \(account) AND source = \(key)
                        AND (locked_until IS NULL OR locked_until <= \(now))
                    """)
            }
            return try await issue(for: user, onBehalfOf: onBehalfOf, issuer: issuer, action: "auth.sign_in", source: source, now: now)
        }
        try await recordFailure(account, user: attempt.user, source: source, key: key, now: now)
        throw PeopleError.signInRefused
    }

    /// Changing one's own password proves the current one under the same throttles as sign-in: a stolen session must
    /// not become an unlimited guesser of the password behind it. Returns the stored hash that was verified.
    func verifyCurrentPassword(account: String, password: String, source: String?, client: String?, now: Date = Date()) async throws -> String {
        let key = SignInThrottle.sourceKey(client ?? source)
        guard !password.isEmpty, password.utf8.count <= 1024 else { throw PeopleError.signInRefused }
        let attempt = try await read(account, source: key, now: now)
        if attempt.wait > 0 { throw PeopleError.signInLocked(retryAfterSeconds: attempt.wait) }
        if attempt.sourceWait > 0 { throw PeopleError.signInDelayed(retryAfterSeconds: attempt.sourceWait) }
        if let stored = attempt.storedHash, try await hashing(for: key, { await PasswordHash.verifyOffloaded(password, against: stored) }) {
            return stored
        }
        try await recordFailure(account, user: attempt.user, source: source, key: key, now: now)
        throw PeopleError.signInRefused
    }

    /// Password hashes running now, per source address. Failures are counted only once a hash has run, so without a
    /// cap one address sending a thousand sign-ins at once would get a thousand scrypt runs before its first failure
    /// is written; past `maxConcurrentHashesPerSource` it is told to wait a second instead.
    private static let hashing = Mutex<[String: Int]>([:])

    private func hashing(for key: String, _ verify: () async -> Bool) async throws -> Bool {
        let limit = people.settings.maxConcurrentHashesPerSource
        let admitted = Self.hashing.withLock { running in
            guard running[key, default: 0] < limit else { return false }
            running[key, default: 0] += 1
            return true
        }
        guard admitted else { throw PeopleError.signInDelayed(retryAfterSeconds: 1) }
        defer {
            Self.hashing.withLock { running in
                running[key, default: 1] -= 1
                if running[key] == 0 { running[key] = nil }
            }
        }
        return await verify()
    }

    private struct Attempt {
        var wait: Int
        var sourceWait = 0
        var hasFailures: Bool
        var user: UserRecord?
        var storedHash: String?
    }

    /// The throttles and the account, each one short query on the pool.
    private func read(_ account: String, source: String, now: Date) async throws -> Attempt {
        let schema = people.schema, settings = people.settings
        let throttle = try await people.database.query("""
            SELECT (SELECT greatest(0, extract(epoch FROM locked_until - \(now)))::int FROM \(identifier: schema).sign_in_failures
                        WHERE account = \(account) AND source = \(source)) AS wait,
                   (SELECT failures FROM \(identifier: schema).sign_in_source_failures WHERE source = \(source)) AS source_failures,
                   (SELECT last_failure_at FROM \(identifier: schema).sign_in_source_failures WHERE source = \(source)) AS source_last
            """).rows.first
        let wait = try throttle?.decode(Int?.self, "wait")
        let sourceWait = SignInThrottle.sourceWait(
            failures: try throttle?.decode(Int?.self, "source_failures") ?? 0, lastFailure: try throttle?.decode(Date?.self, "source_last"),
            now: now, freeFailures: settings.sourceFreeFailures, window: settings.lockDuration.seconds)
        if (wait ?? 0) > 0 || sourceWait > 0 { return Attempt(wait: wait ?? 0, sourceWait: sourceWait, hasFailures: true) }
        let row = try await people.database.query("""
            SELECT \(unsafe: UserRecord.columns), password_hash FROM \(identifier: schema).users WHERE account = \(account)
            """).rows.first
        return Attempt(
            wait: 0, hasFailures: wait != nil, user: try row.map(UserRecord.init(row:)),
            storedHash: try row?.decode(String?.self, "password_hash") ?? nil)
    }

    /// Counts the failure in one short transaction, in SQL so concurrent failures all count; `maxFailures` in a row
    /// lock the name, and failures while it is locked neither count nor unlock it.
    private func recordFailure(_ account: String, user: UserRecord?, source: String?, key: String, now: Date) async throws {
        let schema = people.schema, settings = people.settings
        let until = now.addingTimeInterval(settings.lockDuration.seconds)
        let lockAtOnce = settings.maxFailures <= 1
        let window = now.addingTimeInterval(-settings.lockDuration.seconds)
        try await people.database.withTransaction { tx in
            try await pruneFailures(now: now, in: tx)
            _ = try await tx.query("""
                INSERT INTO \(identifier: schema).sign_in_source_failures AS s (source, failures, last_failure_at)
                VALUES (\(key), 1, \(now))
                ON CONFLICT (source) DO UPDATE SET
                    failures = CASE WHEN s.last_failure_at < \(window) THEN 1 ELSE s.failures + 1 END,
                    last_failure_at = excluded.last_failure_at
                """)
            let row = try await tx.query("""
                INSERT INTO \(identifier: schema).sign_in_failures AS f (account, source, failures, locked_until, last_failure_at)
                VALUES (\(account), \(key), \(lockAtOnce ? 0 : 1), \(lockAtOnce ? until : nil), \(now))
                ON CONFLICT (account, source) DO UPDATE SET
                    failures = CASE WHEN f.locked_until > \(now) THEN f.failures
                        WHEN f.failures + 1 >= \(settings.maxFailures) THEN 0 ELSE f.failures + 1 END,
                    locked_until = CASE WHEN f.locked_until > \(now) THEN f.locked_until
                        WHEN f.failures + 1 >= \(settings.maxFailures) THEN \(until) ELSE NULL END,
                    last_failure_at = excluded.last_failure_at
                RETURNING locked_until IS NOT NULL AS locked
                """).rows.first
            guard let user else { return }
            let locked = try row?.decode(Bool.self, "locked") ?? false
            try await AuditLog.append(
                AuditEntry(
                    actor: account, agency: user.agency, action: "auth.sign_in_failed", subject: account,
                    details: locked ? ["locked": "true"] : [:], source: source),
                schema: schema, in: tx)
        }
    }

    /// Forgets failures older than a day (and sources idle for the lock duration), a hundred rows at a time so a
    /// failure never pays for a large backlog; every failure prunes, so the tables stay small.
    private func pruneFailures(now: Date, in tx: PGTransaction) async throws {
        let schema = people.schema
        let dayAgo = now.addingTimeInterval(-86_400), idle = now.addingTimeInterval(-people.settings.lockDuration.seconds)
        _ = try await tx.query("""
            DELETE FROM \(identifier: schema).sign_in_failures WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM \(identifier: schema).sign_in_failures
                WHERE last_failure_at < \(dayAgo) AND (locked_until IS NULL OR locked_until < \(now)) LIMIT 100))
            """)
        _ = try await tx.query("""
            DELETE FROM \(identifier: schema).sign_in_source_failures WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM \(identifier: schema).sign_in_source_failures WHERE last_failure_at < \(idle) LIMIT 100))
            """)
    }

    private func decoy() async -> String {
        let p = people.settings.passwordParameters, key = "\(p.n)/\(p.r)/\(p.p)"
        if let known = Self.decoys.withLock({ $0[key] }) { return known }
        let made = (try? await PasswordHash.makeOffloaded(UUID().uuidString, parameters: p)) ?? ""
        Self.decoys.withLock { $0[key] = made }
        return made
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
