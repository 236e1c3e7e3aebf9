import CCairo
import Foundation
import PDFSign
import TestSupport

/// A throwaway PKI made with the openssl CLI (root → leader `vietnd.ubnd`, agency `000.00.00.H52`),
/// laid out as the service expects: `<name>.p12` and `<name>.png` in a key directory, a password file.
final class SigningPKI: Sendable {
    static let leader = "vietnd.ubnd"
    static let agency = "000.00.00.H52"
    static let password = ProcessEnvironment.signingPassword
    let dir: String
    var keyDir: String { dir + "/keys" }
    var rootPEM: String { dir + "/root.pem" }

    static let shared: SigningPKI = {
        do { return try SigningPKI() } catch { fatalError("test PKI: \(error)") }
    }()

    private init() throws {
        dir = Shell.tempDir("signing-pki")
        try FileManager.default.createDirectory(atPath: dir + "/keys", withIntermediateDirectories: true)
        let ee = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\n"
        try ee.write(toFile: dir + "/ee.ext", atomically: true, encoding: .utf8)
        try Shell.openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem", "-days", "3650", "-utf8",
            "-subj", "/C=VN/O=QLVB Test/CN=QLVB Signing Test Root", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ], in: dir)
        for (name, subject) in [
            (Self.leader, "/C=VN/O=UBND tỉnh Sơn La/CN=Nguyễn Văn Ánh"), (Self.agency, "/C=VN/O=UBND tỉnh Sơn La/CN=UBND tỉnh Sơn La"),
        ] {
            try Shell.openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-utf8", "-subj", subject], in: dir)
            try Shell.openssl([
                "x509", "-req", "-in", "\(name).csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-days", "300",
                "-extfile", "ee.ext", "-out", "\(name).pem",
            ], in: dir)
            try Shell.openssl([
                "pkcs12", "-export", "-inkey", "\(name).key", "-in", "\(name).pem", "-out", "keys/\(name).p12", "-passout", "pass:\(Self.password)",
            ], in: dir)
        }
        // A key whose configured password is wrong.
        try FileManager.default.copyItem(atPath: "\(keyDir)/\(Self.leader).p12", toPath: "\(keyDir)/wrong.pw.p12")
        try "# name=password\n\(Self.leader)=\(Self.password)\nwrong.pw=not-the-password\n"
            .write(toFile: dir + "/passwords", atomically: true, encoding: .utf8)
        Self.png(at: "\(keyDir)/\(Self.leader).png", width: 300, height: 120, red: false)
        Self.png(at: "\(keyDir)/\(Self.agency).png", width: 240, height: 240, red: true)
    }

    var roots: [Certificate] { (try? Certificate.fromPEM(String(contentsOfFile: rootPEM, encoding: .utf8))) ?? [] }

    /// The settings the service would read from its environment.
    var environment: [String: String] {
        ["QLVB_SIGNING_KEY_DIR": keyDir, "QLVB_SIGNING_PASSWORD_FILE": dir + "/passwords", "QLVB_SIGNING_PASSWORD": Self.password,
         "QLVB_SIGNING_PLACE": "Sơn La"]
    }

    /// A transparent PNG: a blue scribble or a red ring.
    static func png(at path: String, width: Int32, height: Int32, red: Bool) {
        let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height)
        let cr = cairo_create(s)
        if red { cairo_set_source_rgba(cr, 0.85, 0.05, 0.05, 0.9) } else { cairo_set_source_rgba(cr, 0.05, 0.15, 0.8, 1) }
        cairo_set_line_width(cr, 4)
        if red {
            cairo_arc(cr, Double(width) / 2, Double(height) / 2, Double(min(width, height)) / 2 - 4, 0, 2 * .pi)
        } else {
            cairo_move_to(cr, 10, Double(height) * 0.7)
            cairo_curve_to(cr, Double(width) * 0.3, 0, Double(width) * 0.5, Double(height), Double(width) - 10, Double(height) * 0.3)
        }
        cairo_stroke(cr)
        cairo_destroy(cr)
        cairo_surface_write_to_png(s, path)
        cairo_surface_destroy(s)
    }
}

/// External programs for the tests (openssl, qpdf, pdfsig, pyHanko).
enum Shell {
    typealias Output = ToolOutput

    @discardableResult
    static func run(_ exe: String, _ args: [String], cwd: String? = nil) throws -> Output {
        try runTool(exe, args, cwd: cwd)
    }

    static func openssl(_ args: [String], in dir: String) throws {
        let o = try run("openssl", args, cwd: dir)
        guard o.status == 0 else { throw TestFailure("openssl \(args.joined(separator: " ")): \(o.all)") }
    }

    static func which(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func tempDir(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// pyHanko: `$QLVB_PYHANKO`, else the venv scripts/test makes; nil (test prints SKIP) when neither exists.
    static let pyhanko: String? = {
        if let p = ProcessInfo.processInfo.environment["QLVB_PYHANKO"], FileManager.default.isExecutableFile(atPath: p) { return p }
        let p = TestEnv.repoRoot.path + "/.run/venv/bin/pyhanko"
        return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }()

    /// pyHanko's one-line summaries (`Field:hash:INTACT:TRUSTED,…`), or nil when pyHanko is not available.
    static func pyhankoSummary(_ path: String, root: String) throws -> Output? {
        guard let py = pyhanko else {
            print("SKIP pyHanko: set QLVB_PYHANKO to the pyhanko CLI (pip install pyhanko pyhanko-cli)")
            return nil
        }
        return try run(py, ["sign", "validate", "--trust", root, "--trust-replace", path])
    }

    /// Number of "Signature is Valid." lines from pdfsig (which always exits 0), or nil when missing.
    static func pdfsigValidCount(_ path: String) throws -> Int? {
        guard let pdfsig = which("pdfsig") else {
            print("SKIP pdfsig: poppler-utils not installed")
            return nil
        }
        return try run(pdfsig, ["-nocert", path]).stdout.components(separatedBy: "Signature is Valid.").count - 1
    }
}
