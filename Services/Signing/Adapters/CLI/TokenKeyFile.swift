import Foundation
import PDFSign

/// A signer whose key is on a PKCS#11 token (USB token or HSM, Decree 68/2024) instead of a `.p12` file:
/// `<name>.pkcs11` in the key directory, `key = value` lines:
///
///     module      = /usr/lib/x86_64-linux-gnu/libvnpt-ca.so     # the token's PKCS#11 library
///     key         = pkcs11:token=VNPT-CA;object=leader;type=private
///     certificate = vietnd.ubnd.pem                             # the signer's certificate, exported from the token
///     chain       = vnpt-ca.pem                                 # optional: intermediate certificates
///
/// Relative paths are in the key directory. The PIN is the signer's password (`QLVB_SIGNING_PASSWORD_FILE`).
struct TokenKeyFile {
    var module: String
    var uri: String
    var certificate: URL
    var chain: URL?

    static func read(_ url: URL) throws -> TokenKeyFile {
        let text = try String(contentsOf: url, encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard let eq = content.firstIndex(of: "=") else { continue }
            values[content[..<eq].trimmingCharacters(in: .whitespaces).lowercased()] =
                content[content.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        func path(_ p: String) -> URL {
            p.hasPrefix("/") ? URL(fileURLWithPath: p) : url.deletingLastPathComponent().appendingPathComponent(p)
        }
        guard let module = values["module"], !module.isEmpty, let uri = values["key"], uri.hasPrefix("pkcs11:"),
            let certificate = values["certificate"], !certificate.isEmpty
        else {
            throw SigningFailure(
                code: "key-not-found",
                reason: "\(url.lastPathComponent) needs module, key (a pkcs11: URI) and certificate — tệp khóa thiết bị ký thiếu module, key hoặc certificate")
        }
        return TokenKeyFile(module: module, uri: uri, certificate: path(certificate), chain: values["chain"].map(path))
    }

    /// Logs in to the token with `pin` and returns the key.
    func open(pin: String) throws -> PKCS11SignatureKey {
        func certificates(_ url: URL) throws -> [Certificate] {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw SigningFailure(code: "key-not-found", reason: "Cannot read \(url.path) — không đọc được chứng thư số")
            }
            return try Certificate.fromPEM(text)
        }
        guard let leaf = try certificates(certificate).first else {
            throw SigningFailure(code: "key-not-found", reason: "No certificate in \(certificate.path) — không có chứng thư số")
        }
        return try PKCS11SignatureKey(module: module, uri: uri, pin: pin, certificate: leaf, chain: try chain.map(certificates) ?? [])
    }
}
