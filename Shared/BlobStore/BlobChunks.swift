import Foundation

/// Pulls the chunks of one stored blob; an implementation verifies the hash before reporting the end.
public protocol BlobChunkReader: Sendable {
    /// The next chunk, or nil after the last one once size and hash have been verified.
    func next() async throws -> Data?
}

/// The chunks of a blob opened with `BlobStore.open(_:)`, as an async sequence.
///
/// Single pass: every iterator shares one reader. Data is verified as it streams, so a consumer
/// learns about corruption only when the final `next()` throws `BlobStoreError.corrupt`; it must
/// discard what it has produced from the earlier chunks in that case.
public struct BlobChunks: AsyncSequence, Sendable {
    public typealias Element = Data

    let reader: any BlobChunkReader

    public init(reader: any BlobChunkReader) {
        self.reader = reader
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(reader: reader)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let reader: any BlobChunkReader

        public mutating func next() async throws -> Data? {
            try await reader.next()
        }
    }
}
