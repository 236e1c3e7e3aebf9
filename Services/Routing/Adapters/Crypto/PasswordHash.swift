import Foundation
import NIOPosix
import OpenSSLSupport

/// Password hashing with scrypt (RFC 7914, OpenSSL through `OpenSSLSupport.Scrypt`): slow and memory-hard, with a random salt per user.
///
/// Stored self-describing as `scrypt$N$r$p$<salt base64>$<hash base64>`, so the cost can be raised later and old
/// hashes still verify.
enum PasswordHash {
    struct Parameters: Sendable, Equatable {
        var n: UInt64
        var r: UInt64
        var p: UInt64
        /// 2^15, r 8, p 1: 32 MiB and about 0.1 s per hash on a server core.
        static let standard = Parameters(n: 1 << 15, r: 8, p: 1)
    }

    static let saltBytes = 16
    static let hashBytes = 32
    /// Refuses stored parameters beyond these, so a damaged row cannot make verification eat the machine.
    static let maxN: UInt64 = 1 << 20

    /// A new hash of `password` with a fresh salt.
    static func make(_ password: String, parameters: Parameters = .standard) throws -> String {
        var generator = SystemRandomNumberGenerator()  // getrandom(2): cryptographically secure
        let salt = (0..<saltBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = try derive(Array(PasswordPolicy.normalized(password).utf8), salt: salt, parameters: parameters)
        let p = parameters
        return "scrypt$\(p.n)$\(p.r)$\(p.p)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// True when `password` matches `stored`; false for a wrong password or a stored string that does not parse.
    static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "scrypt",
            let n = UInt64(parts[1]), let r = UInt64(parts[2]), let p = UInt64(parts[3]),
            n > 1, n <= maxN, n & (n - 1) == 0, (1...32).contains(r), (1...16).contains(p),
            let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]), !expected.isEmpty
        else { return false }
        let parameters = Parameters(n: n, r: r, p: p)
        let normalized = Array(PasswordPolicy.normalized(password).utf8)
        if let key = try? derive(normalized, salt: Array(salt), parameters: parameters, length: expected.count),
            constantTimeEqual(key, Array(expected))
        {
            return true
        }
        // A hash made before passwords were normalised, from the very bytes typed then (composed differently).
        let typed = Array(password.utf8)
        guard typed != normalized, let key = try? derive(typed, salt: Array(salt), parameters: parameters, length: expected.count) else {
            return false
        }
        return constantTimeEqual(key, Array(expected))
    }

    /// `make` off the cooperative threads: scrypt blocks a core for about 0.1 s. NIO's shared pool has one thread per
    /// core, which also bounds the memory a burst of sign-ins can take (32 MiB each).
    static func makeOffloaded(_ password: String, parameters: Parameters = .standard) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { try make(password, parameters: parameters) }
    }

    /// `verify` off the cooperative threads (see `makeOffloaded`).
    static func verifyOffloaded(_ password: String, against stored: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { verify(password, against: stored) }) ?? false
    }

    /// Compares every byte whatever differs, so the time taken says nothing about where the first difference is.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    struct HashError: Error, CustomStringConvertible {
        var description: String { "scrypt failed (OpenSSL refused the parameters or ran out of memory)" }
    }

    /// Over the password's UTF-8 bytes, NFC-normalised by the callers (see `PasswordPolicy`).
    private static func derive(_ password: [UInt8], salt: [UInt8], parameters: Parameters, length: Int = hashBytes) throws -> [UInt8] {
        // 128·r·N bytes are needed; allow twice that.
        let maxMemory = 256 * parameters.r * parameters.n
        do {
            return try Scrypt.derive(
                password: password, salt: salt, n: parameters.n, r: parameters.r, p: parameters.p,
                maxMemory: maxMemory, length: length)
        } catch {
            throw HashError()
        }
    }
}
