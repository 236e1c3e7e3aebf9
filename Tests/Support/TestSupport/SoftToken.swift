import Foundation

/// A software PKCS#11 token (SoftHSM, Debian softhsm2) standing in for a signer's USB token. One per test process:
/// the PKCS#11 module reads its configuration once, when OpenSSL's engine first loads it, so every test that uses
/// a token imports its key into this one (under a label of its own).
public final class SoftToken: Sendable {
    public static let module = "/usr/lib/softhsm/libsofthsm2.so"
    public static let label = "qlvb-test"
    public static let pin = ProcessEnvironment.tokenPIN
    /// A second token that only the wrong-PIN test logs in to (PKCS#11 login lasts for the whole process, per token).
    public static let untouchedLabel = "qlvb-untouched"
    /// Its key's URI.
    public static let untouchedKey = "pkcs11:token=qlvb-untouched;object=spare;type=private"

    /// True when softhsm2 and OpenSSL's pkcs11 engine (libengine-pkcs11-openssl) are installed.
    public static let available = FileManager.default.fileExists(atPath: module)
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/softhsm2-util")
        && FileManager.default.fileExists(atPath: "/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so")

    public static let shared: SoftToken = {
        do { return try SoftToken() } catch { fatalError("SoftHSM token: \(error)") }
    }()

    public let dir: String

    private init() throws {
        ProcessEnvironment.prepare()
        dir = ProcessEnvironment.softHSMDirectory
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir + "/tokens", withIntermediateDirectories: true)
        try "directories.tokendir = \(dir)/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
            .write(toFile: dir + "/softhsm2.conf", atomically: true, encoding: .utf8)
        ProcessEnvironment.set("SOFTHSM2_CONF", dir + "/softhsm2.conf")
        try Self.run("softhsm2-util", ["--init-token", "--free", "--label", Self.label, "--pin", Self.pin, "--so-pin", "135790"])
        try Self.run("softhsm2-util", ["--init-token", "--free", "--label", Self.untouchedLabel, "--pin", Self.pin, "--so-pin", "135790"])
        try Self.run("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir + "/spare.pem"])
        try Self.run("openssl", ["pkcs8", "-topk8", "-nocrypt", "-in", dir + "/spare.pem", "-out", dir + "/spare.pk8"])
        try Self.run("softhsm2-util", [
            "--import", dir + "/spare.pk8", "--token", Self.untouchedLabel, "--label", "spare", "--id", "01", "--pin", Self.pin,
        ])
    }

    /// Puts the private key of `keyPEM` on the token as `label`; returns its `pkcs11:` URI.
    public func importKey(_ keyPEM: String, label: String) throws -> String {
        let pk8 = dir + "/\(label).pk8"
        try Self.run("openssl", ["pkcs8", "-topk8", "-nocrypt", "-in", keyPEM, "-out", pk8])
        let id = String(format: "%02x", abs(label.hashValue) % 250 + 1)
        try Self.run("softhsm2-util", ["--import", pk8, "--token", Self.label, "--label", label, "--id", id, "--pin", Self.pin])
        return "pkcs11:token=\(Self.label);object=\(label);type=private"
    }

    private static func run(_ exe: String, _ args: [String]) throws {
        let o = try runTool(exe, args)
        guard o.status == 0 else { throw SoftTokenError(message: "\(exe) \(args.joined(separator: " ")): \(o.all)") }
    }
}

public struct SoftTokenError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
