import Foundation
import Testing

@testable import PDFSign

struct SignerTests {
    let pki = TestPKI.shared
    static let fixedTime = Date(timeIntervalSince1970: 1_773_648_245)  // 2026-03-16T15:04:05+07:00

    @Test("B-B signature on each producer's output passes our verifier, qpdf, pdfsig and pyHanko", arguments: ReaderTests.producers)
    func signsEveryProducer(_ producer: String) async throws {
        let dir = Tools.tempDir("sign-\(producer)")
        guard let input = try SamplePDFs.produce(producer, in: dir) else { return }
        let original = try Tools.read(input)
        let out = dir + "/signed.pdf"
        let key = try pki.leaderKey()
        try await PDFSigner.signFile(
            input: input, output: out, key: key,
            options: SignatureOptions(fieldName: "LeaderSig", signingTime: Self.fixedTime, reason: "Phê duyệt", location: "Sơn La"))
        let signed = try Tools.read(out)
        #expect(Array(signed[0..<original.count]) == original, "original bytes must be kept")
        let doc = try PDFDocument(bytes: signed)
        #expect(doc.newestIsStream == (try PDFDocument(bytes: original).newestIsStream), "same xref style as the newest section")
        let reports = try PDFVerifier.verify(doc, trustedRoots: pki.roots)
        #expect(reports.count == 1)
        #expect(reports.allSatisfy { $0.isValid }, "\(reports)")
        #expect(reports.first?.coversWholeFile == true)
        #expect(reports.first?.signer?.commonName == "Nguyễn Văn Ánh")
        try Verifiers.qpdfCheck(out)
        try Verifiers.pdfsigAllValid(out, count: 1)
        _ = try Verifiers.pyhankoValid(out, root: pki.rootPEM)
    }

    @Test("One flipped byte inside the signed range makes us and pyHanko report invalid")
    func detectsTampering() async throws {
        let dir = Tools.tempDir("tamper")
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        let signed = try await PDFSigner.sign(
            try PDFDocument(path: input), key: try pki.leaderKey(), options: SignatureOptions(fieldName: "Sig1", signingTime: Self.fixedTime))
        var bytes = signed.bytes
        let i = try #require(PDFBytes.firstIndex(of: Array("Nguy".utf8), in: bytes, lower: 0, upper: bytes.count) ?? Optional(200))
        bytes[i] ^= 0x01
        let path = dir + "/tampered.pdf"
        try Tools.write(bytes, to: path)
        let reports = try PDFVerifier.verifyFile(path, trustedRoots: pki.roots)
        #expect(reports.count == 1 && !reports[0].isValid && !reports[0].digestValid)
        if let o = try Verifiers.pyhanko(path, root: pki.rootPEM) {
            #expect(o.status != 0, "pyHanko accepted a tampered file: \(o.all)")
        }
        try Verifiers.pdfsigSomeInvalid(path)
    }

    @Test("Two signatures in sequence are both valid (table and stream files)", arguments: ["cairo", "qpdf-objstm"])
    func twoSignatures(_ producer: String) async throws {
        let dir = Tools.tempDir("two")
        guard let input = try SamplePDFs.produce(producer, in: dir) else { return }
        let first = try await PDFSigner.sign(
            try PDFDocument(path: input), key: try pki.leaderKey(), options: SignatureOptions(fieldName: "LeaderSig", signingTime: Self.fixedTime))
        let second = try await PDFSigner.sign(
            try first.document(), key: try pki.agencyKey(), options: SignatureOptions(fieldName: "AgencySig", signingTime: Self.fixedTime))
        let out = dir + "/two.pdf"
        try second.write(to: out)
        let reports = try PDFVerifier.verifyFile(out, trustedRoots: pki.roots)
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { $0.isValid }, "\(reports)")
        #expect(reports.first { $0.fieldName == "LeaderSig" }?.modifications == .signing, "\(reports)")
        try Verifiers.qpdfCheck(out)
        try Verifiers.pdfsigAllValid(out, count: 2)
        let summary = try Verifiers.pyhankoValid(out, root: pki.rootPEM)
        #expect(summary.components(separatedBy: "INTACT:TRUSTED").count - 1 == 2 || Tools.pyhanko == nil, "\(summary)")
    }

    @Test("A file with several earlier incremental updates signs cleanly")
    func earlierUpdates() async throws {
        let dir = Tools.tempDir("updates")
        var doc = try PDFDocument(path: try #require(try SamplePDFs.produce("qpdf-linearized", in: dir)))
        for i in 0..<3 {
            var upd = IncrementalUpdate(base: doc)
            var info = PDFDict()
            info["Producer"] = .string(PDFText.encode("Cập nhật \(i)"))
            upd.set(upd.reserve(), .dict(info))
            let (tail, _) = upd.serialize()
            doc = try PDFDocument(bytes: Array(doc.bytes[0..<doc.end]) + tail)
        }
        #expect(doc.sections.count >= 5)
        let out = dir + "/signed.pdf"
        try await PDFSigner.sign(doc, key: try pki.leaderKey(), options: SignatureOptions(fieldName: "S", signingTime: Self.fixedTime))
            .write(to: out)
        #expect(try PDFVerifier.verifyFile(out, trustedRoots: pki.roots).allSatisfy { $0.isValid })
        try Verifiers.qpdfCheck(out)
        try Verifiers.pdfsigAllValid(out, count: 1)
        _ = try Verifiers.pyhankoValid(out, root: pki.rootPEM)
    }

    @Test("The CMS has signingCertificateV2 and no signingTime (openssl cms -cmsout -print)")
    func cmsAttributes() async throws {
        let dir = Tools.tempDir("cms")
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        let signed = try await PDFSigner.sign(
            try PDFDocument(path: input), key: try pki.leaderKey(), options: SignatureOptions(fieldName: "S", signingTime: Self.fixedTime))
        let doc = try signed.document()
        let field = try #require(try doc.field(named: "S"))
        let contents = try #require(try doc.resolve(field.dict["V"]).dictValue?["Contents"]?.stringBytes)
        let der = PDFVerifier.trimDER(contents)
        try Tools.write(der, to: dir + "/sig.der")
        let o = try Tools.run("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", dir + "/sig.der"])
        #expect(o.status == 0)
        #expect(!o.stdout.contains("signingTime"))
        #expect(o.stdout.contains("id-smime-aa-signingCertificateV2"))
        #expect(o.stdout.contains("messageDigest"))
        let r = try #require(try PDFVerifier.verify(doc, trustedRoots: pki.roots).first)
        #expect(!r.hasSigningTimeAttribute && r.hasSigningCertificateV2)
        #expect(r.claimedTime == "D:20260316150405+07'00'")
    }

    @Test("A wrong PKCS#12 password is refused without leaking it")
    func wrongPassword() throws {
        #expect {
            try PKCS12SignatureKey(path: pki.leaderP12, password: "Xk9-not-it")
        } throws: { e in
            let e = e as? PDFSignError
            return e?.code == .keyUnreadable && !(e?.message.contains("Xk9") ?? true)
        }
    }

    @Test("A legacy (RC2-40/3DES) PKCS#12 file loads and signs")
    func legacyPKCS12() async throws {
        let dir = Tools.tempDir("legacy")
        let p12 = dir + "/legacy.p12"
        let o = try Tools.run("openssl", [
            "pkcs12", "-export", "-legacy", "-inkey", pki.dir + "/leader.key", "-in", pki.dir + "/leader.pem",
            "-certfile", pki.dir + "/inter.pem", "-out", p12, "-passout", "pass:\(pki.password)",
        ])
        try #require(o.status == 0, "\(o.all)")
        let key = try PKCS12SignatureKey(path: p12, password: pki.password)
        #expect(key.certificate.commonName == "Nguyễn Văn Ánh")
        #expect(key.chain.count == 1)
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        let signed = try await PDFSigner.sign(try PDFDocument(path: input), key: key, options: SignatureOptions(fieldName: "S"))
        #expect(try PDFVerifier.verify(try signed.document(), trustedRoots: pki.roots).allSatisfy { $0.isValid })
    }

    @Test("Signing into an already signed field is refused")
    func alreadySigned() async throws {
        let dir = Tools.tempDir("resign")
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        let signed = try await PDFSigner.sign(
            try PDFDocument(path: input), key: try pki.leaderKey(), options: SignatureOptions(fieldName: "S", signingTime: Self.fixedTime))
        await #expect {
            _ = try await PDFSigner.sign(try signed.document(), key: try pki.leaderKey(), options: SignatureOptions(fieldName: "S"))
        } throws: { ($0 as? PDFSignError)?.code == .fieldAlreadySigned }
    }
}

struct LargeFileTests {
    @Test("A 50 MB file is signed by hashing its byte ranges in place, and verifies")
    func largeFile() async throws {
        let pki = TestPKI.shared
        let dir = Tools.tempDir("large")
        let base = try PDFDocument(path: try #require(try SamplePDFs.produce("cairo", in: dir)))
        var upd = IncrementalUpdate(base: base)
        var filler = [UInt8](repeating: 0x41, count: 50 * 1024 * 1024)
        for i in stride(from: 0, to: filler.count, by: 4099) { filler[i] = UInt8(truncatingIfNeeded: i) }
        upd.add(.stream(PDFStream(dict: PDFDict(), data: filler)))
        filler = []
        let big = dir + "/big.pdf"
        try Tools.write(Array(base.bytes) + upd.serialize().bytes, to: big)
        let out = dir + "/big-signed.pdf"
        let clock = ContinuousClock()
        let took = try await clock.measure {
            try await PDFSigner.signFile(input: big, output: out, key: try pki.leaderKey(), options: SignatureOptions(fieldName: "S"))
        }
        print("signing 50 MB took \(took)")
        let reports = try PDFVerifier.verifyFile(out, trustedRoots: pki.roots)
        #expect(reports.count == 1 && reports[0].isValid, "\(reports)")
        try Verifiers.pdfsigAllValid(out, count: 1)
    }
}
