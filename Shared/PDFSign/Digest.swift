import COpenSSL

/// Streaming SHA-256 through OpenSSL's EVP interface.
struct Digest: ~Copyable {
    private let ctx: OpaquePointer

    init() {
        ctx = EVP_MD_CTX_new()
        EVP_DigestInit_ex(ctx, sha256Implementation.md ?? EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(ctx) }

    /// Hashes `bytes[range]` without copying.
    mutating func update(_ bytes: [UInt8], _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        bytes.withUnsafeBufferPointer { buf in
            _ = EVP_DigestUpdate(ctx, buf.baseAddress! + range.lowerBound, range.count)
        }
    }

    mutating func update(_ bytes: [UInt8]) { update(bytes, 0..<bytes.count) }

    consuming func finish() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 0
        EVP_DigestFinal_ex(ctx, &out, &len)
        return out
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var d = Digest()
        d.update(bytes)
        return d.finish()
    }
}

/// SHA-256 fetched once: with `EVP_sha256()` OpenSSL 3 looks the implementation up again at every init.
private struct FetchedDigest: @unchecked Sendable { let md: OpaquePointer? }
private let sha256Implementation = FetchedDigest(md: EVP_MD_fetch(nil, "SHA256", nil))

/// Hex helpers.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String { String(decoding: PDFSerializer.hex(bytes), as: UTF8.self).lowercased() }
}
