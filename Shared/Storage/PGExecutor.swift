/// Anything that runs a query: the pooled client, one connection, or an open transaction.
/// Repositories take `some PGExecutor` so the same code runs inside or outside a transaction.
public protocol PGExecutor: Sendable {
    func query(_ query: PGQuery) async throws -> PGResult
}

/// The open transaction handed to `PGClient.withTransaction`'s body.
/// Don't keep it after the body returns: its connection goes back to the pool.
public struct PGTransaction: PGExecutor {
    let connection: PGConnection

    init(connection: PGConnection) {
        self.connection = connection
    }

    public func query(_ query: PGQuery) async throws -> PGResult {
        try await connection.query(query)
    }
}
