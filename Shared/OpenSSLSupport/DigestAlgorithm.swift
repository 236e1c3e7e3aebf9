import COpenSSL

/// A message-digest algorithm (an OpenSSL `EVP_MD`), looked up once.
public struct DigestAlgorithm: @unchecked Sendable {
    // @unchecked: EVP_MD objects are immutable and shared by OpenSSL between threads.
    /// The `EVP_MD*`, for OpenSSL calls made outside this module (CMS, signing contexts).
    public let md: OpaquePointer

    /// A digest by OpenSSL name ("SHA256", "SHA1", "sha512"); nil when OpenSSL does not know it.
    public init?(named name: String) {
        guard let md = EVP_get_digestbyname(name) else { return nil }
        self.md = md
    }

    private init(md: OpaquePointer) { self.md = md }

    /// SHA-256, fetched once: with `EVP_sha256()` OpenSSL 3 looks the implementation up again at every init.
    public static let sha256 = DigestAlgorithm(md: EVP_MD_fetch(nil, "SHA256", nil) ?? EVP_sha256())
}
