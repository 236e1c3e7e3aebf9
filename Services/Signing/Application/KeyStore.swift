import Foundation
import PDFSign
import Synchronization

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
