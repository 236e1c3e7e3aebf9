import Foundation
import PDFSign
import Testing
import TestSupport

@testable import SigningService

/// `signing prepare → sign → fill → sign → verify` with the built executable (`.build/debug/signing`).
@Suite("Signing command line")
struct SigningCLITests {
    static let exe = TestEnv.repoRoot.path + "/.build/debug/signing"

    func run(_ args: [String]) async throws -> (code: Int32?, output: String) {
        let p = try ChildProcess(Self.exe, args)
        let code = try await p.waitForExit(timeout: .seconds(60))
        return (code, p.output)
    }

    @Test("round trip: both signatures valid, then a flipped byte makes verify exit 1")
    func roundTrip() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.exe) else {
            Issue.record("\(Self.exe) is missing: run swift build --build-tests first")
            return
        }
        let pki = SigningPKI.shared
        let dir = Shell.tempDir("signing-cli")
        ProcessEnvironment.set("QLVB_TEST_SIGNING_PW", SigningPKI.password)
        try Data(SamplePDF.make(size: 50_000, pages: 2)).write(to: URL(fileURLWithPath: dir + "/in.pdf"))
        let leader = "\(pki.keyDir)/\(SigningPKI.leader).p12", agency = "\(pki.keyDir)/\(SigningPKI.agency).p12"
        let steps: [[String]] = [
            ["prepare", "--in", dir + "/in.pdf", "--out", dir + "/prepared.pdf"],
            ["sign", "--pkcs12", leader, "--password-env", "QLVB_TEST_SIGNING_PW", "--in", dir + "/prepared.pdf", "--out", dir + "/leader.pdf",
             "--field", "LeaderSig", "--reason", "Phê duyệt", "--image", "\(pki.keyDir)/\(SigningPKI.leader).png"],
            ["fill", "--in", dir + "/leader.pdf", "--out", dir + "/filled.pdf", "--set", "so_ky_hieu=Số: 7/QĐ-UBND",
             "ngay=Sơn La, ngày 16 tháng 3 năm 2026"],
            ["sign", "--pkcs12", agency, "--password-env", "QLVB_TEST_SIGNING_PW", "--in", dir + "/filled.pdf", "--out", dir + "/final.pdf",
             "--field", "AgencySig", "--seal", "--image", "\(pki.keyDir)/\(SigningPKI.agency).png"],
        ]
        for step in steps {
            let r = try await run(step)
            #expect(r.code == 0, "signing \(step.joined(separator: " ")): \(r.output)")
            guard r.code == 0 else { return }
        }
        let ok = try await run(["verify", "--trust", pki.rootPEM, dir + "/final.pdf"])
        #expect(ok.code == 0, "\(ok.output)")
        #expect(ok.output.contains("LeaderSig: VALID") && ok.output.contains("AgencySig: VALID"), "\(ok.output)")
        if let n = try Shell.pdfsigValidCount(dir + "/final.pdf") { #expect(n == 2) }
        if let o = try Shell.pyhankoSummary(dir + "/final.pdf", root: pki.rootPEM) { #expect(o.status == 0, "\(o.all)") }

        // Flip one byte inside the signed range (in the original page content).
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/final.pdf")))
        let marker = Array("QUYET DINH".utf8)
        let offset = try #require((0..<(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker })
        bytes[offset] = UInt8(ascii: "X")
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/tampered.pdf"))
        let bad = try await run(["verify", "--trust", pki.rootPEM, dir + "/tampered.pdf"])
        #expect(bad.code == 1, "\(bad.output)")
        #expect(bad.output.contains("INVALID"), "\(bad.output)")

        // Without a trusted root nothing can be valid.
        #expect(try await run(["verify", dir + "/final.pdf"]).code == 1)
    }
}
