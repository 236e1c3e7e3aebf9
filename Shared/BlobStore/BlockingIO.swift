import Dispatch

/// Runs blocking file I/O on Dispatch threads, never on Swift's cooperative pool.
///
/// `fsync` on a shared volume can take long; parking a cooperative thread on it would stall
/// unrelated tasks (AMQP heartbeats, HTTP) on a 2-core machine.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "qlvb.blobstore.io", qos: .utility, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result(catching: body))
            }
        }
    }
}
