import Contracts
import Crypto
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `BlobStore` on a local or shared POSIX volume.
///
/// Layout: `root/ab/cd/<sha256>` (two fan-out levels keep directories small) and `root/tmp/` for
/// writes in progress. A blob is written to a unique temporary file, hashed while streaming,
/// `fsync`ed, then atomically renamed under its hash and the directory `fsync`ed, so a crash can
/// leave a stray temporary file but never a half-written blob under a hash. Several processes may
/// share one root: the same content written concurrently ends up as one file with one `BlobRef`.
public struct FileBlobStore: BlobStore {
    public let root: URL
    private let rootPath: String
    private let temporaryPath: String
    private let chunkSize: Int
    private let memoryThreshold: Int
    private let logger: Logger

    /// Creates `root` and `root/tmp` if needed.
    /// - Parameters:
    ///   - root: Directory of the store, e.g. `QLVB_BLOB_ROOT`.
    ///   - chunkSize: Size of the chunks `open(_:)` yields and file copies use.
    ///   - memoryThreshold: A streamed blob up to this size is held in memory until it ends, then stored in one step.
    public init(
        root: URL, chunkSize: Int = 1 << 20, memoryThreshold: Int = 256 * 1024, logger: Logger = Logger(label: "qlvb.blobstore")
    ) throws {
        self.root = root.standardizedFileURL
        self.rootPath = self.root.path
        self.temporaryPath = rootPath + "/tmp"
        self.chunkSize = max(4096, chunkSize)
        self.memoryThreshold = max(0, memoryThreshold)
        self.logger = logger
        // Documents are the agencies' and the citizens': only the services' own account may list or read them.
        try FileManager.default.createDirectory(atPath: temporaryPath, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: rootPath)
        try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: temporaryPath)
    }

    public var scratchDirectory: URL { URL(fileURLWithPath: temporaryPath, isDirectory: true) }

    public func put(_ data: Data, mediaType: String) async throws -> BlobRef {
        try await BlockingIO.run { [self] in try store(data, mediaType: mediaType) }
    }

    public func put(contentsOf fileURL: URL, mediaType: String) async throws -> BlobRef {
        try await BlockingIO.run { [self] in
            let source = try POSIXFile.openFile(fileURL.path, O_RDONLY)
            defer { POSIXFile.closeFile(source) }
            let session = try FileBlobSession(temporaryDirectory: temporaryPath)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
            defer { buffer.deallocate() }
            do {
                while true {
                    let count = try POSIXFile.readSome(source, into: buffer, path: fileURL.path)
                    if count == 0 { break }
                    try session.append(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                }
                return try commit(session, mediaType: mediaType)
            } catch {
                session.abort()
                throw error
            }
        }
    }

    /// A stream that ends within `memoryThreshold` bytes is hashed in memory and stored in one step on the
    /// blocking-I/O threads (most packets and attachments); a longer one goes to a temporary file as it arrives.
    public func put(mediaType: String, _ write: (any BlobWriter) async throws -> Void) async throws -> BlobRef {
        let writer = BufferedBlobWriter(threshold: memoryThreshold, temporaryPath: temporaryPath)
        do {
            try await write(writer)
            if let session = writer.session {
                return try await BlockingIO.run { [self] in try commit(session, mediaType: mediaType) }
            }
            let data = writer.buffer
            return try await BlockingIO.run { [self] in try store(data, mediaType: mediaType) }
        } catch {
            if let session = writer.session { _ = try? await BlockingIO.run { session.abort() } }
            throw error
        }
    }

    public func read(_ ref: BlobRef) async throws -> Data {
        let path = try path(for: ref.sha256)
        return try await BlockingIO.run {
            let fd = try Self.openStored(path, sha256: ref.sha256)
            defer { POSIXFile.closeFile(fd) }
            let size = try POSIXFile.fileSize(fd: fd, path: path)
            guard size == ref.size else {
                throw BlobStoreError.corrupt(sha256: ref.sha256, reason: "file has \(size) bytes, expected \(ref.size)")
            }
            var data = Data(count: Int(size))
            let total = try data.withUnsafeMutableBytes { buffer in
                var total = 0
                while total < buffer.count {
                    let count = try POSIXFile.readSome(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]), path: path)
                    if count == 0 { break }
                    total += count
                }
                return total
            }
            try Self.verify(ref, size: Int64(total), sha256: SHA256.hash(data: data[..<total]).hex)
            return data
        }
    }

    public func open(_ ref: BlobRef) async throws -> BlobChunks {
        let path = try path(for: ref.sha256)
        let fd = try await BlockingIO.run { try Self.openStored(path, sha256: ref.sha256) }
        return BlobChunks(reader: FileChunkReader(ref: ref, path: path, fd: fd, chunkSize: chunkSize))
    }

    public func contains(sha256: String) async throws -> Bool {
        let path = try path(for: sha256)
        return try await BlockingIO.run { try POSIXFile.fileSize(path) != nil }
    }

    /// Where the blob lives on disk, for zero-copy serving (e.g. `sendfile`). Not verified: use
    /// `read(_:)` or `open(_:)` when the bytes must be trusted.
    public func fileURL(for ref: BlobRef) throws -> URL {
        URL(fileURLWithPath: try path(for: ref.sha256))
    }
}

extension FileBlobStore {
    /// `root/ab/cd/<sha256>`; rejects anything that is not a SHA-256 so a reference cannot escape the root.
    func path(for sha256: String) throws -> String {
        guard SHA256Hex.isValid(sha256) else { throw BlobStoreError.invalidReference(sha256) }
        let utf8 = Array(sha256.utf8)
        let first = String(decoding: utf8[0..<2], as: UTF8.self)
        let second = String(decoding: utf8[2..<4], as: UTF8.self)
        return "\(rootPath)/\(first)/\(second)/\(sha256)"
    }

    /// Bytes in memory: hashed first, so content already stored costs one `stat` and no write.
    private func store(_ data: Data, mediaType: String) throws -> BlobRef {
        let ref = BlobRef(sha256: SHA256.hash(data: data).hex, size: Int64(data.count), mediaType: mediaType)
        let target = try path(for: ref.sha256)
        if try isStored(target, size: ref.size) { return ref }
        let session = try FileBlobSession(temporaryDirectory: temporaryPath)
        do {
            try data.withUnsafeBytes { try session.append($0) }
            try session.seal()
            try place(session.tempPath, at: target)
            return ref
        } catch {
            session.abort()
            throw error
        }
    }

    /// Moves a finished temporary file under its hash, or drops it (unsynced) when that content is already stored.
    private func commit(_ session: FileBlobSession, mediaType: String) throws -> BlobRef {
        let (sha256, size) = session.digest()
        let ref = BlobRef(sha256: sha256, size: size, mediaType: mediaType)
        let target = try path(for: sha256)
        if try isStored(target, size: size) {
            session.abort()
            return ref
        }
        try session.seal()
        try place(session.tempPath, at: target)
        return ref
    }

    /// Whether a blob of the right size is stored at `target`. One of another size is damaged and gets replaced.
    ///
    /// A blob found here was synced by its writer before the rename; only a writer racing us with the same bytes
    /// may still be syncing its directory entry, a window of one `fsync` that only an OS crash could hit.
    private func isStored(_ target: String, size: Int64) throws -> Bool {
        guard let existing = try POSIXFile.fileSize(target) else { return false }
        if existing == size { return true }
        logger.warning("replacing damaged blob", metadata: ["path": "\(target)", "size": "\(existing)", "expected": "\(size)"])
        return false
    }

    /// Renames a synced temporary file to its hash and makes the new entry durable. The fan-out directories are
    /// created only when the rename finds them missing, so a store that has them costs no extra calls.
    private func place(_ temporary: String, at target: String) throws {
        let directory = String(target[..<target.lastIndex(of: "/")!])
        if try !POSIXFile.renameFileIfDirectoryExists(temporary, to: target) {
            try makeFanoutDirectories(directory)
            try POSIXFile.renameFile(temporary, to: target)
        }
        try POSIXFile.syncDirectory(directory)
    }

    /// Creates `root/ab` and `root/ab/cd` as needed, syncing each parent that gained an entry.
    private func makeFanoutDirectories(_ directory: String) throws {
        let parent = String(directory[..<directory.lastIndex(of: "/")!])
        if try POSIXFile.makeDirectory(parent) { try POSIXFile.syncDirectory(rootPath) }
        if try POSIXFile.makeDirectory(directory) { try POSIXFile.syncDirectory(parent) }
    }

    private static func openStored(_ path: String, sha256: String) throws -> Int32 {
        do {
            return try POSIXFile.openFile(path, O_RDONLY)
        } catch BlobStoreError.io(_, _, let code) where code == ENOENT {
            throw BlobStoreError.notFound(sha256: sha256)
        }
    }

    static func verify(_ ref: BlobRef, size: Int64, sha256: String) throws {
        guard size == ref.size else {
            throw BlobStoreError.corrupt(sha256: ref.sha256, reason: "read \(size) bytes, expected \(ref.size)")
        }
        guard sha256 == ref.sha256 else {
            throw BlobStoreError.corrupt(sha256: ref.sha256, reason: "content hashes to \(sha256)")
        }
    }
}
