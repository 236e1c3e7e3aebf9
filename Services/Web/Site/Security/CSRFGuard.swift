import Crypto
import Foundation

/// Cross-site request forgery guard: every visitor holds a random value in an HttpOnly cookie; every form carries
/// HMAC(key, that value), which another site can neither read nor compute. A POST whose form token does not match
/// is refused with 403 before anything is sent to a service.
public struct CSRFGuard: Sendable {
    public static let cookieName = "qlvb_csrf"
    public static let fieldName = "_csrf"
    let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    /// A fresh value for the visitor's cookie.
    public static func newSeed() -> String { Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }) }

    /// The token forms carry for this visitor.
    public func token(seed: String) -> String {
        Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data(seed.utf8), using: key)))
    }

    /// Constant-time comparison of the form's token with the visitor's.
    public func isValid(token: String?, seed: String?) -> Bool {
        guard let token, let seed, !seed.isEmpty, let given = Base64URL.decode(token) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data(seed.utf8), using: key)
    }
}

enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}
