import Foundation

/// Edits the parts of a compact JWT the way an attacker would, keeping or dropping the signature.
enum TokenSurgery {
    struct NotAJWT: Error {}

    static func replacePayload(of token: String, _ change: (inout [String: Any]) -> Void) throws -> String {
        var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let data = decode(parts[1]),
            var claims = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw NotAJWT() }
        change(&claims)
        parts[1] = encode(try JSONSerialization.data(withJSONObject: claims))
        return parts.joined(separator: ".")
    }

    static func replaceHeader(of token: String, with header: [String: String], dropSignature: Bool) throws -> String {
        var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw NotAJWT() }
        parts[0] = encode(try JSONSerialization.data(withJSONObject: header))
        if dropSignature { parts[2] = "" }
        return parts.joined(separator: ".")
    }

    static func decode(_ base64URL: String) -> Data? {
        var text = base64URL.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: text)
    }

    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
