import Foundation
import Testing

@testable import PDFSign

/// The Decree 30 pipeline of pdf-notes §0, checked with pyHanko, pdfsig and qpdf.
struct WorkflowTests {
    let pki = TestPKI.shared
    static let leaderRect = PDFRect(x: 360, y: 560, width: 150, height: 80)

    func images(_ dir: String) throws -> (blue: [UInt8], red: [UInt8]) {
        SamplePDFs.png(at: dir + "/sig.png", width: 300, height: 120, red: false)
        SamplePDFs.png(at: dir + "/seal.png", width: 240, height: 240, red: true)
        return (try Tools.read(dir + "/sig.png"), try Tools.read(dir + "/seal.png"))
    }

    @Test("prepare → leader signs → number filled → agency signs: the leader sees only form filling", arguments: ["cairo", "qpdf-objstm"])
    func decree30Pipeline(_ producer: String) async throws {
        let dir = Tools.tempDir("flow")
        guard let input = try SamplePDFs.produce(producer, in: dir) else { return }
        let (blue, red) = try images(dir)
        let seal = SignatureLayout.agencySeal(overlapping: Self.leaderRect, sealSize: 85)
        let prepared = try #require(
            try FormPreparer.prepare(
                try PDFDocument(path: input),
                textFields: [
                    TextFieldSpec(name: "so_ky_hieu", placement: FieldPlacement(page: 0, rect: PDFRect(x: 80, y: 760, width: 150, height: 18))),
                    TextFieldSpec(name: "ngay", placement: FieldPlacement(page: 0, rect: PDFRect(x: 330, y: 760, width: 220, height: 18))),
                ],
                signatureFields: [
                    ("LeaderSig", FieldPlacement(page: 0, rect: Self.leaderRect)), ("AgencySig", FieldPlacement(page: 0, rect: seal)),
                ]))
        let prepDoc = try prepared.document()
        #expect(try FormPreparer.prepare(prepDoc, textFields: [], signatureFields: [("LeaderSig", .invisible)]) == nil)

        let leader = try await PDFSigner.sign(
            prepDoc, key: try pki.leaderKey(), options: SignatureOptions(fieldName: "LeaderSig", appearance: .leader(image: blue)))
        let filled = try FormPreparer.fill(
            try leader.document(), values: [("so_ky_hieu", "Số: 125/QĐ-UBND"), ("ngay", "Sơn La, ngày 16 tháng 3 năm 2026")])
        let filledDoc = try filled.document()
        let mid = try PDFVerifier.verify(filledDoc, trustedRoots: pki.roots)
        #expect(mid.count == 1 && mid[0].isValid && mid[0].modifications == .formFilling, "\(mid)")

        let agency = try await PDFSigner.sign(
            filledDoc, key: try pki.agencyKey(), options: SignatureOptions(fieldName: "AgencySig", appearance: .agencySeal(image: red)))
        let out = dir + "/final.pdf"
        try agency.write(to: out)

        let reports = try PDFVerifier.verifyFile(out, trustedRoots: pki.roots)
        #expect(reports.count == 2 && reports.allSatisfy { $0.isValid }, "\(reports)")
        #expect(reports.first { $0.fieldName == "LeaderSig" }?.modifications == .formFilling)
        #expect(reports.first { $0.fieldName == "AgencySig" }?.coversWholeFile == true)
        try Verifiers.qpdfCheck(out)
        try Verifiers.pdfsigAllValid(out, count: 2)
        let summary = try Verifiers.pyhankoValid(out, root: pki.rootPEM)
        if Tools.pyhanko != nil {
            let lines = summary.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("LeaderSig:") && $0.contains("EXTENDED_WITH_FORM_FILLING") }, "\(summary)")
            #expect(lines.contains { $0.hasPrefix("AgencySig:") && $0.contains("UNTOUCHED") }, "\(summary)")
        }
        if let pdftotext = Tools.which("pdftotext") {
            // The number appears through the field's appearance stream (fonts embedded with /ToUnicode).
            let o = try Tools.run(pdftotext, [out, "-"])
            print("pdftotext: \(o.stdout.contains("125/QĐ-UBND") ? "number found" : "number not in page text (annotation)")")
        }
    }

    @Test("Filling a field on a signed file without prepared fields fails clearly")
    func fillNeedsFields() async throws {
        let dir = Tools.tempDir("nofield")
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        #expect {
            _ = try FormPreparer.fill(try PDFDocument(path: input), values: [("so_ky_hieu", "1")])
        } throws: { ($0 as? PDFSignError)?.code == .fieldNotFound }
    }

    @Test("Appendix file: agency signature top right of page 1, text only, valid everywhere")
    func appendix() async throws {
        let dir = Tools.tempDir("appendix")
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        let doc = try PDFDocument(path: input)
        let placement = try SignatureLayout.appendixStamp(in: doc)
        #expect(placement.rect.maxX > 500 && placement.rect.maxY > 780)
        let out = dir + "/appendix.pdf"
        try await PDFSigner.sign(
            doc, key: try pki.agencyKey(),
            options: SignatureOptions(
                fieldName: "AgencySig", placement: placement, appearance: .appendix(documentNumber: "125/QĐ-UBND"),
                signingTime: Date(timeIntervalSince1970: 1_773_648_245))
        ).write(to: out)
        try Verifiers.allAccept(out, signatures: 1, pki: pki)
        #expect(PDFDate.iso8601(Date(timeIntervalSince1970: 1_773_648_245), offset: 7 * 3600) == "2026-03-16T15:04:05+07:00")
    }

    @Test("Certification (DocMDP P=2) then form filling and the agency signature stays valid")
    func certification() async throws {
        let dir = Tools.tempDir("certify")
        let input = try #require(try SamplePDFs.produce("cairo", in: dir))
        let prepared = try #require(
            try FormPreparer.prepare(
                try PDFDocument(path: input),
                textFields: [TextFieldSpec(name: "so_ky_hieu", placement: FieldPlacement(page: 0, rect: PDFRect(x: 80, y: 760, width: 150, height: 18)))],
                signatureFields: [("LeaderSig", .invisible), ("AgencySig", .invisible)]))
        let leader = try await PDFSigner.sign(
            try prepared.document(), key: try pki.leaderKey(), options: SignatureOptions(fieldName: "LeaderSig", certify: true))
        let filled = try FormPreparer.fill(try leader.document(), values: [("so_ky_hieu", "Số: 7/QĐ-UBND")])
        let out = dir + "/certified.pdf"
        try await PDFSigner.sign(try filled.document(), key: try pki.agencyKey(), options: SignatureOptions(fieldName: "AgencySig"))
            .write(to: out)
        let reports = try PDFVerifier.verifyFile(out, trustedRoots: pki.roots)
        #expect(reports.count == 2 && reports.allSatisfy { $0.isValid }, "\(reports)")
        #expect(reports.first { $0.fieldName == "LeaderSig" }?.docMDP == 2)
        try Verifiers.pdfsigAllValid(out, count: 2)
        _ = try Verifiers.pyhankoValid(out, root: pki.rootPEM)
    }
}
