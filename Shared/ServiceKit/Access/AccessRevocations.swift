import Contracts
import Foundation
import Logging
import ServiceLifecycle
import Storage
import Synchronization

/// The accounts whose tokens issued before a time are refused (`account.access_revoked`), in this service's schema
/// and in memory for the authentication middleware.
///
/// Every copy of a service shares one queue, so only one copy records a given event; the others see it when they
/// reload the table, every `refreshInterval` (5 s by default): a revocation takes effect in one copy at once and in
/// all within that time. Tokens live at most `QLVB_ROUTING_TOKEN_TTL`, so rows older than a day are never needed.
public final class AccessRevocations: Sendable {
    private let notBefore = Mutex<[String: Date]>([:])
    let schema: String

    public init(schema: String) {
        self.schema = schema
    }

    /// Whether a token of `account` issued at `issuedAt` was revoked. Tokens carry whole seconds (`iat`), so one
    /// issued in the second of the revocation counts as before it.
    public func isRevoked(account: String, issuedAt: Date) -> Bool {
        guard let limit = notBefore.withLock({ $0[account] }) else { return false }
        return issuedAt.timeIntervalSince1970.rounded(.down) < limit.timeIntervalSince1970.rounded(.down) + 1
    }

    /// Records `event` in `tx` (a later `notBefore` wins) and in memory.
    func record(_ event: AccessRevoked, in tx: PGTransaction) async throws {
        _ = try await tx.query("""
            INSERT INTO \(identifier: schema).access_revocations (account, agency, not_before, reason)
            VALUES (\(event.account), \(event.agency), \(event.notBefore), \(event.reason))
            ON CONFLICT (account) DO UPDATE SET
                not_before = GREATEST(access_revocations.not_before, excluded.not_before),
                reason = CASE WHEN excluded.not_before >= access_revocations.not_before THEN excluded.reason
                              ELSE access_revocations.reason END
            """)
        remember(event.account, event.notBefore)
    }

    /// Reloads the table (what other copies recorded).
    func reload(from database: PGClient) async throws {
        let rows = try await database.query("""
            SELECT account, not_before FROM \(identifier: schema).access_revocations WHERE not_before > now() - interval '1 day'
            """).rows
        let loaded = try Dictionary(rows.map { (try $0.decode(String.self, "account"), try $0.decode(Date.self, "not_before")) },
                                    uniquingKeysWith: max)
        notBefore.withLock { $0 = loaded }
    }

    private func remember(_ account: String, _ date: Date) {
        notBefore.withLock { $0[account] = max($0[account] ?? date, date) }
    }
}

/// Reloads the revocations while the service runs.
struct AccessRevocationRefresher: Service {
    let revocations: AccessRevocations
    let database: PGClient
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await revocations.reload(from: database)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("cannot reload access revocations", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
