import CLibPQ
import Dispatch
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection.
///
/// libpq blocks, so every call runs on the connection's own thread (`PGConnectionThread`), never on Swift's
/// cooperative pool; the mutex serialises callers because a `PGconn` is not thread-safe. Get one from
/// `PGClient.withConnection` and don't keep it after the closure returns.
public final class PGConnection: PGExecutor {
    private let handle: Mutex<PQHandle>
    /// Where libpq runs; `PGClient` runs the leaseholder's code there too.
    let thread: PGConnectionThread
    private let canceller: PQCanceller?
    private let busy = Atomic<Bool>(false)
    /// Set when the connection is left in a state we cannot reuse (e.g. an unsupported COPY).
    private let poisoned = Atomic<Bool>(false)

    /// The server process serving this connection (`pg_backend_pid()`).
    public let backendPID: Int32

    /// Takes ownership of `handle`: from here on only the mutex touches it.
    init(handle: OpaquePointer) {
        self.backendPID = PQbackendPID(handle)
        self.canceller = PQgetCancel(handle).map(PQCanceller.init)
        self.handle = Mutex(PQHandle(pointer: handle))
        self.thread = PGConnectionThread(name: "pg-\(backendPID)")
    }

    deinit {
        handle.withLock { $0.finish() }
        thread.stop()
    }

    /// Runs one statement with its binds as text parameters (`PQexecParams`, or `PQexecPrepared` from its second
    /// run on this connection: see `PGStatementCache`).
    /// If the task is cancelled while the server is working, the query is cancelled server-side.
    public func query(_ query: PGQuery) async throws -> PGResult {
        try await run { conn, handle in try Self.execute(query, on: conn, statements: &handle.statements) }
    }

    /// Runs a script of several statements without parameters (`PQexec`): migrations, BEGIN/COMMIT.
    func execute(script: String) async throws {
        _ = try await run { conn, _ in
            let result = script.withCString { PQexec(conn, $0) }
            defer { PQclear(result) }
            return try Self.makeResult(result, on: conn)
        }
    }

    /// Begins a transaction block lazily: `BEGIN` goes to the server with the first statement, in the
    /// same hand-off to the thread pool, so a transaction costs one hand-off and round trip less.
    /// - Parameter synchronousCommit: false lets `COMMIT` return before the WAL is flushed (a crash may lose the
    ///   transaction, never corrupt anything): for work that is safe to redo.
    func beginTransaction(synchronousCommit: Bool = true) {
        handle.withLock { $0.beginPending = synchronousCommit ? "BEGIN" : "BEGIN; SET LOCAL synchronous_commit TO off" }
    }

    /// Sends `COMMIT` or `ROLLBACK`, or nothing when no statement ran since ``beginTransaction()``.
    func endTransaction(_ statement: String) async throws {
        let begun = handle.withLock { conn -> Bool in
            defer { conn.beginPending = nil }
            return conn.beginPending == nil
        }
        if begun { try await execute(script: statement) }
    }

    /// False when the pool must discard this connection: broken, inside a transaction, or poisoned.
    var isReusable: Bool {
        if poisoned.load(ordering: .relaxed) { return false }
        return handle.withLock { conn in
            guard let c = conn.pointer else { return false }
            return conn.beginPending == nil && PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE
        }
    }

    /// Closes the connection (`PQfinish`); later queries fail with `connectionLost`.
    func close() async {
        _ = try? await thread.call { [self] in handle.withLock { $0.finish() } }
        thread.stop()
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer, inout PQHandle) throws -> T) async throws -> T {
        do {
            return try await withTaskCancellationHandler {
                try await thread.call { [self] in
                    try handle.withLock { (conn: inout PQHandle) throws -> T in
                        guard let c = conn.pointer else {
                            throw PGError(code: .connectionLost, message: "the connection is closed")
                        }
                        busy.store(true, ordering: .releasing)
                        defer { busy.store(false, ordering: .releasing) }
                        do {
                            if let script = conn.beginPending {
                                conn.beginPending = nil
                                let begun = PQexec(c, script)
                                defer { PQclear(begun) }
                                _ = try Self.makeResult(begun, on: c)
                            }
                            return try body(c, &conn)
                        } catch {
                            // Still "active" after a failed statement means libpq is mid-COPY: unusable.
                            if PQtransactionStatus(c) == PQTRANS_ACTIVE { poisoned.store(true, ordering: .relaxed) }
                            throw error
                        }
                    }
                }
            } onCancel: { [self] in
                guard busy.load(ordering: .acquiring), let canceller else { return }
                // PQcancel opens a connection of its own: keep it off the caller's thread. Re-check `busy` to
                // narrow the window in which a late cancel could hit the connection's next query.
                DispatchQueue.global().async { if self.busy.load(ordering: .acquiring) { canceller.cancel() } }
            }
        } catch let error as PGError where error.sqlState == "57014" && Task.isCancelled {
            throw CancellationError()
        }
    }

    private static func execute(_ query: PGQuery, on conn: OpaquePointer, statements: inout PGStatementCache) throws -> PGResult {
        for (i, bind) in query.binds.enumerated() where bind?.utf8.contains(0) == true {
            throw PGError(code: .invalidParameter, message: "parameter $\(i + 1) contains a NUL byte, which PostgreSQL text cannot hold")
        }
        // libpq reads the parameters during the call: own C copies for exactly that long (stack-recipes pitfall 2).
        let params: [UnsafeMutablePointer<CChar>?] = query.binds.map { $0.map { strdup($0)! } }
        defer { params.forEach { free($0) } }
        let values: [UnsafePointer<CChar>?] = params.map { $0.map { UnsafePointer($0) } }
        var name = statements.name(for: query.sql)
        if name == nil, let new = statements.shouldPrepare(query.sql) {
            // Prepared with the types left to the server, as PQexecParams leaves them: the same statement either way.
            let prepared = query.sql.withCString { PQprepare(conn, new, $0, Int32(values.count), nil) }
            defer { PQclear(prepared) }
            _ = try makeResult(prepared, on: conn)
            statements.prepared(query.sql, as: new)
            name = new
        }
        let result = values.withUnsafeBufferPointer { buffer in
            if let name {
                PQexecPrepared(conn, name, Int32(buffer.count), buffer.baseAddress, nil, nil, 0)
            } else {
                query.sql.withCString { PQexecParams(conn, $0, Int32(buffer.count), nil, buffer.baseAddress, nil, nil, 0) }
            }
        }
        defer { PQclear(result) }
        return try makeResult(result, on: conn)
    }
}

/// The `PGconn` pointer. Only ever touched while holding `PGConnection`'s mutex, hence `@unchecked Sendable`.
struct PQHandle: @unchecked Sendable {
    private(set) var pointer: OpaquePointer?
    /// A transaction was begun but its `BEGIN` (this script) not sent yet: it goes with the first statement.
    var beginPending: String? = nil
    /// The statements prepared on this connection.
    var statements = PGStatementCache()

    init(pointer: OpaquePointer) { self.pointer = pointer }

    mutating func finish() {
        if let pointer { PQfinish(pointer) }
        pointer = nil
    }
}

/// A `PGcancel` handle. libpq documents `PQcancel` as safe to call from any thread, hence `@unchecked Sendable`.
final class PQCanceller: @unchecked Sendable {
    private let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { PQfreeCancel(pointer) }

    func cancel() {
        var errorBuffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(pointer, &errorBuffer, Int32(errorBuffer.count))
    }
}
