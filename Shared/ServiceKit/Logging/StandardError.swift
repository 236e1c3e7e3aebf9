import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole lines to file descriptor 2 under a lock, so concurrent log lines never interleave
/// (a single `write` is only atomic up to PIPE_BUF bytes).
public enum StandardError {
    private static let lock = Mutex(())

    @Sendable public static func writeLine(_ line: String) {
        lock.withLock { _ in
            var line = line
            line.withUTF8 { buffer in
                guard var base = buffer.baseAddress else { return }
                var remaining = buffer.count
                while remaining > 0 {
                    let written = write(2, base, remaining)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    remaining -= written
                    base += written
                }
            }
        }
    }
}
