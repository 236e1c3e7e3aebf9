import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A bounded pool of libpq connections: the one PostgreSQL entry point a service holds.
///
/// Callers beyond `maxConnections` wait in FIFO order. A connection that broke is discarded and replaced on a
/// later checkout; connecting is not retried here (the error is transient, retry policy belongs to the caller).
/// Run it in the service's `ServiceGroup` so graceful shutdown closes the connections.
public final class PGClient: PGExecutor, Sendable, Service {
    typealias Waiter = CheckedContinuation<PGLease<PGConnection>, any Error>

    private let url: String
    private let logger: Logger
    /// Where connections are opened (`PQconnectdbParams` blocks); each connection then has a thread of its own.
    private let threadPool: NIOThreadPool
    private let state: Mutex<PGPoolState<PGConnection, Waiter>>
    private let nextWaiterID = Atomic<Int>(0)

    public init(url: String, maxConnections: Int = 8, logger: Logger) {
        self.url = url
        self.logger = logger
        self.state = Mutex(PGPoolState(capacity: maxConnections))
        self.threadPool = NIOThreadPool(numberOfThreads: min(maxConnections, 2))
        threadPool.start()
    }

    deinit {
        threadPool.shutdownGracefully { _ in }
    }

    /// Leases a connection for `body`, then returns it to the pool (or discards it if it broke or was left
    /// inside a transaction). The connection must not escape `body`.
    ///
    /// `body` runs on the connection's thread (a task executor preference), so its statements run there without a
    /// hand-off; what it awaits elsewhere (blob I/O, the broker) comes back to that thread.
    public func withConnection<T: Sendable>(_ body: (PGConnection) async throws -> T) async throws -> T {
        let connection = try await checkout()
        let result: T
        do {
            result = try await withTaskExecutorPreference(connection.thread) { try await body(connection) }
        } catch {
            await release(connection)
            throw error
        }
        await release(connection)
        return result
    }

    /// `BEGIN`; `body`; `COMMIT`. If anything throws, `ROLLBACK` and rethrow the original error.
    /// - Parameter synchronousCommit: false for work that is safe to redo if a crash loses it (PostgreSQL's
    ///   `synchronous_commit = off` for this transaction: COMMIT does not wait for the WAL flush).
    public func withTransaction<T: Sendable>(
        synchronousCommit: Bool = true, _ body: (PGTransaction) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            connection.beginTransaction(synchronousCommit: synchronousCommit)
            do {
                let result = try await body(PGTransaction(connection: connection))
                try await connection.endTransaction("COMMIT")
                return result
            } catch {
                // If ROLLBACK cannot run (connection lost, task cancelled) the pool discards the connection.
                try? await connection.endTransaction("ROLLBACK")
                throw error
            }
        }
    }

    public func query(_ query: PGQuery) async throws -> PGResult {
        try await withConnection { try await $0.query(query) }
    }

    /// Waits for graceful shutdown (or cancellation), then closes every connection.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Closes idle connections and refuses new checkouts; leased connections close when they come back.
    public func shutdown() async {
        let (idle, waiters) = state.withLock { $0.shutdown() }
        for waiter in waiters { waiter.resume(throwing: PGError.poolClosedError) }
        for connection in idle { await connection.close() }
        if !idle.isEmpty { logger.debug("PostgreSQL pool closed", metadata: ["closed": "\(idle.count)"]) }
    }

    private func checkout() async throws -> PGConnection {
        switch try await lease() {
        case .reuse(let connection):
            return connection
        case .create:
            do {
                let connection = try await PGConnection.connect(url: url, threadPool: threadPool)
                logger.debug("PostgreSQL connection opened", metadata: ["pid": "\(connection.backendPID)"])
                return connection
            } catch {
                if let (waiter, lease) = state.withLock({ $0.connectFailed() }) { waiter.resume(returning: lease) }
                throw error
            }
        }
    }

    private func lease() async throws -> PGLease<PGConnection> {
        let id = nextWaiterID.wrappingAdd(1, ordering: .relaxed).newValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: Waiter) in
                let action = state.withLock { $0.checkout(id: id, waiter: waiter, isCancelled: Task.isCancelled) }
                switch action {
                case .lease(let lease): waiter.resume(returning: lease)
                case .wait: break
                case .cancelled: waiter.resume(throwing: CancellationError())
                case .closed: waiter.resume(throwing: PGError.poolClosedError)
                }
            }
        } onCancel: {
            state.withLock { $0.cancel(id: id) }?.resume(throwing: CancellationError())
        }
    }

    private func release(_ connection: PGConnection) async {
        let reusable = connection.isReusable
        let (toClose, wake) = state.withLock { $0.release(connection, reusable: reusable) }
        if let (waiter, lease) = wake { waiter.resume(returning: lease) }
        if let toClose {
            if !reusable { logger.debug("PostgreSQL connection discarded", metadata: ["pid": "\(toClose.backendPID)"]) }
            await toClose.close()
        }
    }
}
