/// Why a blob operation failed.
public enum BlobStoreError: Error, Equatable, CustomStringConvertible {
    /// No blob is stored under this hash.
    case notFound(sha256: String)
    /// The stored bytes do not match the reference: the file was damaged or tampered with.
    case corrupt(sha256: String, reason: String)
    /// The reference is not a lower-case 64-digit hexadecimal SHA-256 (also guards against path tricks).
    case invalidReference(String)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .notFound(let sha256):
            "blob \(sha256) is not stored"
        case .corrupt(let sha256, let reason):
            "blob \(sha256) is corrupt: \(reason)"
        case .invalidReference(let value):
            "'\(value)' is not a lower-case hexadecimal SHA-256"
        case .io(let operation, let path, let errno):
            "\(operation) \(path) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
