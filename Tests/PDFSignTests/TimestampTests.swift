import Foundation
import Testing

@testable import PDFSign

@Suite(.serialized)
struct TimestampTests {
    let pki = TestPKI.shared

    @Test("B-T carries an RFC 3161 token that we and pyHanko accept")
    func signsWithTimestamp() async throws {
        let dir = Tools.tempDir("bt")
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        let out = dir + "/bt.pdf"
        let options = SignatureOptions(fieldName: "LeaderSig", timestampAuthority: OpenSSLTimestampAuthority(pki: pki))
        try await PDFSigner.signFile(input: input, output: out, key: try pki.leaderKey(), options: options)
        let r = try #require(try PDFVerifier.verifyFile(out, trustedRoots: pki.roots).first)
        #expect(r.isValid, "\(r)")
        let ts = try #require(r.timestamp)
        #expect(ts.valid)
        #expect(abs(Double(ts.time) - Date().timeIntervalSince1970) < 300)
        let summary = try Verifiers.pyhankoValid(out, root: pki.rootPEM)
        #expect(summary.contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>") || Tools.pyhanko == nil, "\(summary)")
        try Verifiers.pdfsigAllValid(out, count: 1)
        try Verifiers.qpdfCheck(out)
    }

    @Test("A TSA reply for another request is refused")
    func refusesWrongImprint() async throws {
        struct Replay: TimestampAuthority {
            let inner: OpenSSLTimestampAuthority
            func respond(to request: [UInt8]) async throws -> [UInt8] {
                let (other, _) = try RFC3161.request(for: Array("something else".utf8))
                return try await inner.respond(to: other)
            }
        }
        let dir = Tools.tempDir("bt-bad")
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        await #expect {
            _ = try await PDFSigner.sign(
                try PDFDocument(path: input), key: try pki.leaderKey(),
                options: SignatureOptions(fieldName: "S", timestampAuthority: Replay(inner: OpenSSLTimestampAuthority(pki: pki))))
        } throws: { ($0 as? PDFSignError)?.code == .timestamp }
    }
}
