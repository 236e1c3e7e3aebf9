import Contracts
import Crypto
import Foundation

/// A signed checkpoint (mốc kiểm tra) of the audit log: the chain's head at a moment — sequence number and hash —
/// signed with routing's audit key and kept outside the database (the blob store and the log). Someone who can
/// change every row can also recompute every hash; they cannot sign, so removing or rewriting entries up to a
/// checkpoint is found. Checkpoints chain too: each names the blob of the one before.
struct AuditCheckpoint: Codable, Sendable, Equatable {
    /// The routing schema whose log this is.
    var schema: String
    /// The last entry the checkpoint covers; every entry up to it was verified before it was signed.
    var sequence: Int64
    /// That entry's hash (hex).
    var headHash: String
    /// When it was signed, microseconds since 1970.
    var atMicroseconds: Int64
    /// The previous checkpoint's blob; nil for the first.
    var previous: BlobRef?
    /// The first 16 hex digits of SHA-256 of the public key, so a rotated key is told apart.
    var keyId: String
    /// Ed25519 signature of `signedBytes` (base64).
    var signature: String

    var at: Date { Date(timeIntervalSince1970: Double(atMicroseconds) / 1_000_000) }

    /// Unambiguous bytes: a version tag, then each field as `<utf8 length>:<text>` (`~` for nil).
    var signedBytes: [UInt8] {
        var out = Array("qlvb-audit-checkpoint-v1\n".utf8)
        for text in [schema, String(sequence), headHash, String(atMicroseconds), previous.map { "\($0.sha256):\($0.size)" }, keyId] {
            guard let text else { out.append(UInt8(ascii: "~")); continue }
            out += Array("\(text.utf8.count):".utf8) + Array(text.utf8)
        }
        return out
    }

    static func sign(
        schema: String, sequence: Int64, headHash: String, at: Date, previous: BlobRef?, key: Curve25519.Signing.PrivateKey
    ) throws -> AuditCheckpoint {
        var checkpoint = AuditCheckpoint(
            schema: schema, sequence: sequence, headHash: headHash,
            atMicroseconds: Int64((at.timeIntervalSince1970 * 1_000_000).rounded()), previous: previous,
            keyId: keyId(key.publicKey), signature: "")
        checkpoint.signature = try key.signature(for: checkpoint.signedBytes).base64EncodedString()
        return checkpoint
    }

    func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard keyId == Self.keyId(key), let signature = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(signature, for: signedBytes)
    }

    /// The head hash as bytes; nil when it is not 64 hex digits.
    var headHashBytes: [UInt8]? {
        let digits = Array(headHash.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    static func keyId(_ key: Curve25519.Signing.PublicKey) -> String {
        String(AuditChain.hex(Array(SHA256.hash(data: key.rawRepresentation))).prefix(16))
    }
}
