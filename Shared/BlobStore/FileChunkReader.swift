import Contracts
import Crypto
import Foundation
import Synchronization

/// Streams a stored file in chunks, hashing as it goes, and reports corruption at the end.
final class FileChunkReader: BlobChunkReader {
    private let ref: BlobRef
    private let path: String
    private let chunkSize: Int
    private let state: Mutex<State>

    private struct State {
        var fd: Int32?
        var hasher = SHA256()
        var size: Int64 = 0
    }

    init(ref: BlobRef, path: String, fd: Int32, chunkSize: Int) {
        self.ref = ref
        self.path = path
        self.chunkSize = chunkSize
        self.state = Mutex(State(fd: fd))
    }

    func next() async throws -> Data? {
        try await BlockingIO.run { try self.readChunk() }
    }

    private func readChunk() throws -> Data? {
        try state.withLock { state in
            guard let fd = state.fd else { return nil }
            var chunk = Data(count: chunkSize)
            let count = try chunk.withUnsafeMutableBytes { try POSIXFile.readSome(fd, into: $0, path: path) }
            if count > 0 {
                chunk.count = count
                state.hasher.update(data: chunk)
                state.size += Int64(count)
                if state.size > ref.size {
                    state.fd = nil
                    POSIXFile.closeFile(fd)
                    throw BlobStoreError.corrupt(sha256: ref.sha256, reason: "file is longer than the expected \(ref.size) bytes")
                }
                return chunk
            }
            state.fd = nil
            POSIXFile.closeFile(fd)
            try FileBlobStore.verify(ref, size: state.size, sha256: state.hasher.finalize().hex)
            return nil
        }
    }

    deinit {
        if let fd = state.withLock({ $0.fd }) { POSIXFile.closeFile(fd) }
    }
}
