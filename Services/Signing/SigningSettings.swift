import Foundation
import PDFSign
import ServiceKit
import Synchronization

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

/// A business failure: becomes `signing.failed` with this code and reason.
struct SigningFailure: Error, CustomStringConvertible {
    var code: String
    var reason: String
    var description: String { "\(code): \(reason)" }

    /// Maps library errors to failure codes; nil for errors worth retrying (I/O, timestamp authority).
    static func from(_ error: any Error) -> SigningFailure? {
        if let f = error as? SigningFailure { return f }
        guard let e = error as? PDFSignError else { return nil }
        let code: String
        switch e.code {
        case .encrypted: code = "encrypted-pdf"
        case .truncated, .damaged, .hybridReference: code = "damaged-pdf"
        case .unsupported: code = "unsupported-pdf"
        case .fieldNotFound, .fieldAlreadySigned: code = "field-error"
        case .keyUnreadable: code = "wrong-password"
        case .io, .timestamp: return nil
        default: code = e.code.rawValue
        }
        return SigningFailure(code: code, reason: "\(e.message) — \(e.vietnameseMessage)")
    }
}

/// Loads `<name>.p12` from the key directory once and keeps it (the PKCS#12 KDF is slow).
final class KeyStore: Sendable {
    let settings: SigningSettings
    /// Each key with its certificate's common name (decoding a certificate costs ~0.1 ms with OpenSSL 3; done once).
    private let cache = Mutex<[String: (key: any SignatureKey, commonName: String)]>([:])

    init(settings: SigningSettings) { self.settings = settings }

    /// The signer's key: `<name>.p12`, or `<name>.pkcs11` for a key on a token (``TokenKeyFile``).
    func key(for name: String) throws -> (key: any SignatureKey, commonName: String) {
        if let loaded = cache.withLock({ $0[name] }) { return loaded }
        guard Self.isSafeName(name) else {
            throw SigningFailure(code: "key-not-found", reason: "'\(name)' is not a valid signer name — tên người ký không hợp lệ")
        }
        let file = settings.keyDirectory.appendingPathComponent(name + ".p12")
        let token = settings.keyDirectory.appendingPathComponent(name + ".pkcs11")
        let onFile = FileManager.default.isReadableFile(atPath: file.path)
        guard onFile || FileManager.default.isReadableFile(atPath: token.path) else {
            throw SigningFailure(
                code: "key-not-found", reason: "No key for '\(name)' (\(name).p12 or \(name).pkcs11) — không có khóa ký của '\(name)'")
        }
        guard let password = settings.passwords[name] ?? settings.defaultPassword else {
            throw SigningFailure(code: "password-missing", reason: "No password configured for '\(name)' — chưa cấu hình mật khẩu")
        }
        let key: any SignatureKey =
            onFile ? try PKCS12SignatureKey(path: file.path, password: password) : try TokenKeyFile.read(token).open(pin: password)
        let loaded = (key: key, commonName: key.certificate.commonName)
        cache.withLock { $0[name] = loaded }
        return loaded
    }

    /// `<name>.png` from the image directory, if there is one.
    func image(for name: String) -> [UInt8]? {
        guard Self.isSafeName(name) else { return nil }
        return FileManager.default.contents(atPath: settings.imageDirectory.appendingPathComponent(name + ".png").path).map { [UInt8]($0) }
    }

    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 128 && !name.hasPrefix(".")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-@".contains($0)) }
    }
}
