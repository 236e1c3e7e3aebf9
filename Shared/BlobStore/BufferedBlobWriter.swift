import Foundation

/// The writer `FileBlobStore.put(mediaType:_:)` hands out: chunks collect in memory up to a threshold, so a small
/// blob is hashed and stored in one step; past it, a temporary file is opened and every chunk goes to it on the
/// blocking-I/O queue.
///
/// `BlobWriter`'s contract (one awaited write at a time) is what makes the unlocked state safe.
final class BufferedBlobWriter: BlobWriter, @unchecked Sendable {
    private let threshold: Int
    private let temporaryPath: String
    private(set) var buffer = Data()
    private(set) var session: FileBlobSession?

    init(threshold: Int, temporaryPath: String) {
        self.threshold = threshold
        self.temporaryPath = temporaryPath
    }

    func write(_ chunk: Data) async throws {
        if let session {
            return try await BlockingIO.run { try chunk.withUnsafeBytes { try session.append($0) } }
        }
        guard buffer.count + chunk.count > threshold else { return buffer.append(chunk) }
        let held = buffer
        buffer = Data()
        session = try await BlockingIO.run { [temporaryPath] in
            let session = try FileBlobSession(temporaryDirectory: temporaryPath)
            do {
                try held.withUnsafeBytes { try session.append($0) }
                try chunk.withUnsafeBytes { try session.append($0) }
            } catch {
                session.abort()
                throw error
            }
            return session
        }
    }
}
