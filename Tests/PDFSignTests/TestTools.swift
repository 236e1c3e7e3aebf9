import Foundation
import PDFSign
import TestSupport
import Testing

/// Runs external tools (openssl, qpdf, pdfsig, pyHanko, gs) for the tests.
enum Tools {
    typealias Output = ToolOutput

    @discardableResult
    static func run(_ exe: String, _ args: [String], cwd: String? = nil, stdin: Data? = nil) throws -> Output {
        try runTool(exe, args, cwd: cwd, stdin: stdin)
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// pyHanko CLI: $QLVB_PYHANKO, else the venv scripts/test creates.
    static let pyhanko: String? = {
        if let p = ProcessInfo.processInfo.environment["QLVB_PYHANKO"], FileManager.default.isExecutableFile(atPath: p) { return p }
        let p = repoRoot + "/.run/venv/bin/pyhanko"
        return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }()

    static let qpdf = which("qpdf")
    static let pdfsig = which("pdfsig")
    static let gs = which("gs")
    static let soffice = which("soffice") ?? which("libreoffice")

    static func tempDir(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "pdfsign-\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
}

/// External verifiers' verdicts.
enum Verifiers {
    /// Our verifier finds `count` signatures, all valid, and qpdf, pdfsig and pyHanko accept the file too.
    @discardableResult
    static func allAccept(_ path: String, signatures count: Int, pki: TestPKI) throws -> [SignatureReport] {
        let reports = try PDFVerifier.verifyFile(path, trustedRoots: pki.roots)
        #expect(reports.count == count && reports.allSatisfy(\.isValid), "\(reports)")
        try qpdfCheck(path)
        try pdfsigAllValid(path, count: count)
        _ = try pyhankoValid(path, root: pki.rootPEM)
        return reports
    }

    /// `qpdf --check` passes.
    static func qpdfCheck(_ path: String) throws {
        guard let qpdf = Tools.qpdf else { print("SKIP qpdf --check: qpdf not installed"); return }
        let o = try Tools.run(qpdf, ["--check", path])
        #expect(o.status == 0 || o.status == 3, "qpdf --check failed: \(o.all)")
        #expect(o.stdout.contains("No syntax or stream encoding errors found"), "qpdf --check: \(o.all)")
    }

    /// pdfsig reports `count` signatures, all valid (it exits 0 regardless, so its output is read).
    static func pdfsigAllValid(_ path: String, count: Int) throws {
        guard let pdfsig = Tools.pdfsig else { print("SKIP pdfsig: poppler-utils not installed"); return }
        let o = try Tools.run(pdfsig, ["-nocert", path])
        let valid = o.stdout.components(separatedBy: "Signature is Valid.").count - 1
        #expect(valid == count, "pdfsig: \(o.all)")
    }

    /// pdfsig says at least one signature is not valid.
    static func pdfsigSomeInvalid(_ path: String) throws {
        guard let pdfsig = Tools.pdfsig else { return }
        let o = try Tools.run(pdfsig, ["-nocert", path])
        #expect(o.stdout.contains("Digest Mismatch") || o.stdout.contains("Signature is Invalid"), "pdfsig: \(o.all)")
    }

    /// pyHanko's summary lines (`Field:sha:INTACT:TRUSTED,...`), exit status; nil when pyHanko is missing.
    static func pyhanko(_ path: String, root: String, strict: Bool = true) throws -> Tools.Output? {
        guard let py = Tools.pyhanko else {
            print("SKIP pyHanko: not installed (set QLVB_PYHANKO or run scripts/test)")
            return nil
        }
        var args = ["sign", "validate", "--trust", root, "--trust-replace"]
        if !strict { args.append("--no-strict-syntax") }
        return try Tools.run(py, args + [path])
    }

    /// pyHanko's pretty-printed report exits 0 and says the signatures are trusted.
    static func pyhankoValid(_ path: String, root: String) throws -> String {
        guard let py = Tools.pyhanko else {
            print("SKIP pyHanko: not installed (set QLVB_PYHANKO or run scripts/test)")
            return ""
        }
        let o = try Tools.run(py, ["sign", "validate", "--trust", root, "--trust-replace", "--pretty-print", path])
        #expect(o.status == 0, "pyHanko rejected \(path): \(o.all)")
        let s = try Tools.run(py, ["sign", "validate", "--trust", root, "--trust-replace", path])
        #expect(s.status == 0 && s.stdout.contains("INTACT:TRUSTED"), "pyHanko: \(s.all)")
        return s.stdout
    }
}
