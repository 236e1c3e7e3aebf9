import COpenSSL

/// A digest computed over data that arrives in pieces (the byte ranges of a signed PDF, canonical XML as it streams).
public final class StreamingDigest {
    private let context: OpaquePointer

    public init(_ algorithm: DigestAlgorithm = .sha256) {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, algorithm.md, nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    /// Hashes `bytes[range]` without copying.
    public func update(_ bytes: [UInt8], _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        bytes.withUnsafeBytes { update(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    public func update(_ bytes: [UInt8]) { update(bytes, 0..<bytes.count) }

    /// The digest; the object is spent afterwards.
    public func finish() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &buffer, &length)
        return Array(buffer.prefix(Int(length)))
    }

    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        let digest = StreamingDigest()
        digest.update(bytes)
        return digest.finish()
    }
}
