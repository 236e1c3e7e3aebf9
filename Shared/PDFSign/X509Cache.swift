import Synchronization
import OpenSSLSupport

/// Decoded certificates by their DER, so a signer's certificate and chain are parsed once per
/// process rather than once per signature (a third of the time of a 100 KB signature).
/// OpenSSL's X509 objects are reference-counted and safe to share for reading.
final class X509Cache: @unchecked Sendable {
    static let shared = X509Cache()
    private struct Entry: @unchecked Sendable { let handle: X509Certificate }
    private let entries = Mutex<[[UInt8]: Entry]>([:])
    private let limit = 256

    func handle(der: [UInt8]) throws -> X509Certificate {
        if let e = entries.withLock({ $0[der] }) { return e.handle }
        let entry = Entry(handle: try Certificate.parse(der))
        entries.withLock { e in
            if e.count >= limit { e.removeAll() }  // a bounded cache: keys are few in practice
            e[der] = entry
        }
        return entry.handle
    }
}
