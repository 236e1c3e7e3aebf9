import Foundation
import ServiceKit

/// The signing service's own configuration (`QLVB_SIGNING_*`).
///
/// | Variable | Meaning |
/// |---|---|
/// | `QLVB_SIGNING_KEY_DIR` | Directory of PKCS#12 files: `<account>.p12` per leader, `<agency code>.p12` for the seal. |
/// | `QLVB_SIGNING_IMAGE_DIR` | Signature/seal images `<name>.png` (default: the key directory). |
/// | `QLVB_SIGNING_PASSWORD_FILE` | File of `name=password` lines (`#` comments); `name` is the .p12 base name. |
/// | `QLVB_SIGNING_PASSWORD` | Password for every key not in the file. |
/// | `QLVB_SIGNING_TSA_URL` | RFC 3161 timestamp authority: signatures become PAdES B-T. |
/// | `QLVB_SIGNING_PLACE` | Place name for the date line (`Sơn La, ngày …`). |
/// | `QLVB_SIGNING_AGENCY` | Agency code that seals on `document.numbered` when the envelope's agency has no key. |
///
/// Passwords are read once, kept in memory and never logged (`description` hides them).
///
/// **Hardware tokens (PKCS#11, Decree 68/2024).** A signer whose key is on a token has `<name>.pkcs11` in the key
/// directory instead of `<name>.p12` (see ``TokenKeyFile``); its password is the token PIN. The CMS is built so the
/// private-key operation is one call, `SignatureKey.sign(signedAttributes:)`, which PDFSign's `PKCS11SignatureKey`
/// runs on the token through OpenSSL's pkcs11 engine.
struct SigningSettings: Sendable, CustomStringConvertible {
    var keyDirectory: URL
    var imageDirectory: URL
    var passwords: [String: String]
    var defaultPassword: String?
    var tsaURL: URL?
    var place: String?
    /// `QLVB_SIGNING_AGENCY`: the agency whose key seals a `document.numbered` whose envelope names none with a key.
    var agency: String? = nil

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SigningSettings {
        var env = EnvironmentReader(environment)
        let name = { EnvironmentReader.name(service: "signing", $0) }
        let keyDir = env.absolutePath(name("KEY_DIR"), "directory of <signer>.p12 files")
        let imageDir = env.optional(name("IMAGE_DIR")).map { URL(fileURLWithPath: $0, isDirectory: true) } ?? keyDir
        var passwords: [String: String] = [:]
        if let file = env.readableFile(name("PASSWORD_FILE")) {
            if let text = try? String(contentsOf: file, encoding: .utf8) {
                passwords = parsePasswords(text)
            } else {
                env.report(name("PASSWORD_FILE"), "\(name("PASSWORD_FILE")) is not a UTF-8 text file of name=password lines")
            }
        }
        var tsa: URL?
        if let text = env.optional(name("TSA_URL")) {
            tsa = URL(string: text)
            if tsa?.scheme?.hasPrefix("http") != true { env.reportInvalid(name("TSA_URL"), value: text, expected: "an http(s) URL") }
        }
        let settings = SigningSettings(
            keyDirectory: keyDir, imageDirectory: imageDir, passwords: passwords,
            defaultPassword: environment[name("PASSWORD")], tsaURL: tsa, place: env.optional(name("PLACE")),
            agency: env.optional(name("AGENCY")))
        try env.finish()
        return settings
    }

    static func parsePasswords(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
            out[String(trimmed[..<eq]).trimmingCharacters(in: .whitespaces)] = String(trimmed[trimmed.index(after: eq)...])
        }
        return out
    }

    var description: String {
        "SigningSettings(keys: \(keyDirectory.path), images: \(imageDirectory.path), passwords: \(passwords.count) named"
            + "\(defaultPassword == nil ? "" : " + default"), tsa: \(tsaURL?.absoluteString ?? "none"), agency: \(agency ?? "none"))"
    }
}
