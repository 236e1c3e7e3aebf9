import Foundation

/// Receives the chunks of a blob being stored by `BlobStore.put(mediaType:_:)`.
///
/// Chunks are appended in call order; callers await each write (one at a time), which bounds memory to the
/// store's small-blob threshold plus one chunk.
public protocol BlobWriter: Sendable {
    func write(_ chunk: Data) async throws
}

extension BlobWriter {
    public func write(_ bytes: [UInt8]) async throws {
        try await write(Data(bytes))
    }
}
