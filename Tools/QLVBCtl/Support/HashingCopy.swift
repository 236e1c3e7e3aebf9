import BlobStore
import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Streamed file work for backups and handover packages: a fixed buffer, never a whole file in memory.
enum HashingCopy {
    static let bufferSize = 1 << 20

    struct Result { var sha256: String; var size: Int64 }

    /// Copies `source` to `target` (created with `mode`), hashing the bytes as they pass; `progress` gets each chunk's size.
    static func copy(_ source: String, to target: String, mode: mode_t = 0o644, progress: (Int) -> Void = { _ in }) throws -> Result {
        let input = try openOrThrow(source, O_RDONLY)
        defer { close(input) }
        let output = try openOrThrow(target, O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        var closed = false
        defer { if !closed { close(output) } }
        let result = try pump(input, path: source) { chunk in
            try writeAll(output, chunk, path: target)
            progress(chunk.count)
        }
        closed = true
        guard close(output) == 0 else { throw CLIError("close \(target): \(String(cString: strerror(errno)))") }
        return result
    }

    /// SHA-256 and size of a file.
    static func hash(_ path: String, progress: (Int) -> Void = { _ in }) throws -> Result {
        let input = try openOrThrow(path, O_RDONLY)
        defer { close(input) }
        return try pump(input, path: path) { progress($0.count) }
    }

    /// Writes `data` to `path`, returning its digest (small files: metadata, registers, pages).
    static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws -> Result {
        let fd = try openOrThrow(path, O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        defer { close(fd) }
        try data.withUnsafeBytes { try writeAll(fd, $0, path: path) }
        return Result(sha256: SHA256.hash(data: data).hex, size: Int64(data.count))
    }

    private static func pump(_ fd: Int32, path: String, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Result {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        var total: Int64 = 0
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw CLIError("read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            hasher.update(bufferPointer: chunk)
            try sink(chunk)
            total += Int64(count)
        }
        return Result(sha256: hasher.finalize().hex, size: total)
    }

    static func openOrThrow(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw CLIError("open \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws {
        guard var base = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let written = Glibc.write(fd, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw CLIError("write \(path): \(String(cString: strerror(errno)))")
            }
            remaining -= written
            base += written
        }
    }

    /// Whether `value` is a blob name: 64 lower-case hex digits.
    static func isSHA256(_ value: String) -> Bool {
        let utf8 = value.utf8
        return utf8.count == 64 && utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
