import Synchronization

/// Named checks behind `GET /ready`: the broker connection is open, the database answers,
/// migrations have run. A load balancer or Kubernetes sends traffic only while all pass.
public final class Readiness: Sendable {
    private let checks = Mutex<[(name: String, check: @Sendable () async -> Bool)]>([])

    public init() {}

    /// Adds a check, or replaces the check with the same name.
    public func register(_ name: String, _ check: @escaping @Sendable () async -> Bool) {
        checks.withLock { checks in
            checks.removeAll { $0.name == name }
            checks.append((name, check))
        }
    }

    /// Runs every check concurrently; a check that has not answered within `timeout` counts as failed,
    /// so one hung dependency cannot hang the probe.
    public func evaluate(timeout: Duration = .seconds(2)) async -> [String: Bool] {
        let snapshot = checks.withLock { $0 }
        return await withTaskGroup(of: (String, Bool).self) { group in
            for (name, check) in snapshot {
                group.addTask { (name, await Self.run(check, timeout: timeout)) }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
    }

    private static func run(_ check: @escaping @Sendable () async -> Bool, timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool?.self) { group in
            group.addTask { await check() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? false
        }
    }
}
