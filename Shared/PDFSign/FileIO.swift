#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and streamed writes with POSIX calls (no Foundation needed).
enum FileIO {
    static func read(_ path: String) throws(PDFSignError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io("cannot open \(path) (errno \(errno))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io("cannot stat \(path)") }
        let size = Int(st.st_size)
        var failed: Int32 = 0
        // Read straight into the new array's storage (no zero-filling first).
        let out = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            while count < size {
                let n = Glibc.read(fd, buf.baseAddress! + count, size - count)
                guard n > 0 else {
                    failed = n < 0 ? errno : EIO  // shorter than fstat said: the file changed under us
                    return
                }
                count += n
            }
        }
        guard failed == 0 else { throw .io("cannot read \(path) (errno \(failed))") }
        return out
    }

    /// Writes the concatenation of `parts` (each `bytes[range]`) to `path`, atomically through a temporary file.
    static func write(_ path: String, parts: [([UInt8], Range<Int>)]) throws(PDFSignError) {
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io("cannot create \(tmp) (errno \(errno))") }
        var failed = false
        for (bytes, range) in parts where !failed {
            var done = range.lowerBound
            while done < range.upperBound {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, range.upperBound - done) }
                if n <= 0 { failed = true; break }
                done += n
            }
        }
        if fsync(fd) != 0 { failed = true }
        close(fd)
        guard !failed, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw .io("cannot write \(path) (errno \(errno))")
        }
    }
}
