import Crypto
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One blob being written to a uniquely named temporary file, hashed as the bytes arrive.
///
/// Its methods block; `FileBlobStore` calls them through `BlockingIO`, one at a time.
/// If the session is dropped without `finish()`, the temporary file is removed.
final class FileBlobSession: Sendable {
    let tempPath: String
    private let state: Mutex<State>

    private struct State {
        var fd: Int32?
        var hasher = SHA256()
        var size: Int64 = 0
    }

    /// Stored blobs never change, so the file is created read-only (the open descriptor may still write).
    init(temporaryDirectory: String) throws {
        tempPath = temporaryDirectory + "/" + UUID().uuidString.lowercased() + ".part"
        let fd = try POSIXFile.openFile(tempPath, O_WRONLY | O_CREAT | O_EXCL, mode: 0o400)
        state = Mutex(State(fd: fd))
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        try state.withLock { state in
            guard let fd = state.fd else { throw BlobStoreError.io(operation: "write", path: tempPath, errno: EBADF) }
            try POSIXFile.writeAll(fd, bytes, path: tempPath)
            state.hasher.update(bufferPointer: bytes)
            state.size += Int64(bytes.count)
        }
    }

    /// The hash and size of what was written; the file stays open for `seal()` or `abort()`.
    func digest() -> (sha256: String, size: Int64) {
        state.withLock { ($0.hasher.finalize().hex, $0.size) }
    }

    /// Flushes the bytes to stable storage and closes the file; the caller renames it.
    func seal() throws {
        try state.withLock { state in
            guard let fd = state.fd else { throw BlobStoreError.io(operation: "fsync", path: tempPath, errno: EBADF) }
            state.fd = nil
            defer { POSIXFile.closeFile(fd) }
            try POSIXFile.syncFile(fd, path: tempPath)
        }
    }

    /// Closes (if still open) and removes the temporary file.
    func abort() {
        state.withLock { state in
            if let fd = state.fd {
                POSIXFile.closeFile(fd)
                state.fd = nil
            }
        }
        POSIXFile.removeFile(tempPath)
    }

    deinit {
        let fd = state.withLock { $0.fd }
        if let fd {
            POSIXFile.closeFile(fd)
            POSIXFile.removeFile(tempPath)
        }
    }
}
