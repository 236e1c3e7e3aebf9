#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin throwing wrappers over the POSIX calls the file store needs (EINTR retried, errno kept).
enum POSIXFile {
    static func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw BlobStoreError.io(operation: "open", path: path, errno: errno)
        }
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws {
        guard var base = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let written = write(fd, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw BlobStoreError.io(operation: "write", path: path, errno: errno)
            }
            remaining -= written
            base += written
        }
    }

    /// Reads up to `buffer.count` bytes; 0 means end of file.
    static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw BlobStoreError.io(operation: "read", path: path, errno: errno)
        }
    }

    static func syncFile(_ fd: Int32, path: String) throws {
        guard fsync(fd) == 0 else { throw BlobStoreError.io(operation: "fsync", path: path, errno: errno) }
    }

    /// Makes a rename or a new entry durable: the entry lives in the directory, not in the file.
    static func syncDirectory(_ path: String) throws {
        let fd = try openFile(path, O_RDONLY | O_DIRECTORY)
        defer { closeFile(fd) }
        try syncFile(fd, path: path)
    }

    static func closeFile(_ fd: Int32) {
        _ = close(fd)
    }

    static func removeFile(_ path: String) {
        _ = unlink(path)
    }

    /// Size of the file at `path`, or nil when it does not exist.
    static func fileSize(_ path: String) throws -> Int64? {
        var info = stat()
        if stat(path, &info) == 0 { return Int64(info.st_size) }
        if errno == ENOENT { return nil }
        throw BlobStoreError.io(operation: "stat", path: path, errno: errno)
    }

    static func fileSize(fd: Int32, path: String) throws -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw BlobStoreError.io(operation: "fstat", path: path, errno: errno) }
        return Int64(info.st_size)
    }

    /// Creates a directory; returns false when it already existed.
    static func makeDirectory(_ path: String) throws -> Bool {
        if mkdir(path, 0o700) == 0 { return true }
        if errno == EEXIST { return false }
        throw BlobStoreError.io(operation: "mkdir", path: path, errno: errno)
    }

    static func renameFile(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else { throw BlobStoreError.io(operation: "rename", path: "\(from) -> \(to)", errno: errno) }
    }

    /// rename(2) that reports a missing target directory as false instead of an error.
    static func renameFileIfDirectoryExists(_ from: String, to: String) throws -> Bool {
        if rename(from, to) == 0 { return true }
        if errno == ENOENT { return false }
        throw BlobStoreError.io(operation: "rename", path: "\(from) -> \(to)", errno: errno)
    }
}
