import Contracts
import Foundation
import PDFSign
import Testing
import TestSupport

@testable import SigningService

/// `document.numbered` as numbering sends it once the clerk asked for the number: the number and date are filled in
/// as form filling after the leader's signature, the agency signs, each appendix file carries the main số/ký hiệu.
@Suite("Number and seal", .serialized)
struct NumberAndSealTests {
    func pdftotext(_ path: String) throws -> String? {
        guard let tool = Shell.which("pdftotext") else { return nil }
        return try Shell.run(tool, [path, "-"]).stdout
    }

    @Test("a công văn numbered 05/UBND-KT: leader intact with form filling only, agency valid, appendix stamped; renumbered after a withdrawal")
    func numberedCongVan() async throws {
        let h = try await SigningHarness()
        let task = try await h.start()
        do {
            let appendix = AttachmentRef(name: "phu_luc_1.pdf", blob: try await h.storePDF(SamplePDF.make(size: 6_000)))
            let req = SigningRequested(
                requestId: UUID(), documentId: UUID(), kind: .leader, signer: SigningPKI.leader, document: try await h.storePDF(),
                appendices: [appendix], reason: "Về việc rà soát dự toán", documentType: "Công văn", recipients: ["000.00.01.H52"])
            try await h.publish(req)
            _ = try await h.waitFor(DocumentSigned.self, { $0.requestId == req.requestId })
            let issuedOn = ISO8601DateFormatter().date(from: "2026-01-05T02:00:00Z")!  // 5 January, 09:00 in Vietnam
            let numbered = DocumentNumbered(
                documentId: req.documentId, register: "VBDI-CV", year: 2026, number: 5, notation: "UBND-KT", issuedOn: issuedOn)
            try await h.publish(numbered)

            let sealed = try #require(try await h.waitFor(DocumentSealed.self, { $0.documentId == req.documentId }).first)
            #expect(sealed.number == 5 && sealed.notation == "UBND-KT" && sealed.issuedOn == issuedOn)
            let path = try h.path(sealed.sealed)
            let doc = try PDFDocument(path: path)
            #expect(try doc.field(named: "so_ky_hieu")?.dict["V"]?.textValue == "Số: 05/UBND-KT")
            #expect(try doc.field(named: "ngay")?.dict["V"]?.textValue?.hasSuffix("ngày 05 tháng 01 năm 2026") == true)
            let reports = try PDFVerifier.verifyFile(path, trustedRoots: h.pki.roots)
            #expect(reports.count == 2 && reports.allSatisfy(\.isValid), "\(reports)")
            #expect(reports.first { $0.fieldName == "LeaderSig" }?.modifications == .formFilling, "\(reports)")
            if let o = try Shell.pyhankoSummary(path, root: h.pki.rootPEM) {
                let lines = o.stdout.split(separator: "\n")
                let leader = lines.first { $0.hasPrefix("LeaderSig:") }.map(String.init) ?? ""
                let agency = lines.first { $0.hasPrefix("AgencySig:") }.map(String.init) ?? ""
                #expect(o.status == 0, "\(o.all)")
                #expect(leader.contains("INTACT:TRUSTED") && leader.contains("EXTENDED_WITH_FORM_FILLING"), "\(o.all)")
                #expect(agency.contains("INTACT:TRUSTED") && agency.contains("UNTOUCHED"), "\(o.all)")
            }
            if let qpdf = Shell.which("qpdf") {
                let check = try Shell.run(qpdf, ["--check", path])
                #expect(check.status == 0 && check.stdout.contains("No syntax or stream encoding errors found"), "\(check.all)")
            }
            if let n = try Shell.pdfsigValidCount(path) { #expect(n == 2) }

            // The appendix: the agency's signature alone, its appearance the main document's số/ký hiệu.
            let sealedAppendix = try #require(sealed.appendices.first)
            let appendixPath = try h.path(sealedAppendix.blob)
            let ar = try PDFVerifier.verifyFile(appendixPath, trustedRoots: h.pki.roots)
            #expect(ar.count == 1 && ar[0].isValid, "\(ar)")
            if let text = try pdftotext(appendixPath) { #expect(text.contains("05/UBND-KT"), "\(text)") }
            if let o = try Shell.pyhankoSummary(appendixPath, root: h.pki.rootPEM) { #expect(o.status == 0, "\(o.all)") }

            // Withdrawn before issue and numbered 06: sealed again from the leader's PDF; 05 again: the first seal.
            var renumbered = numbered
            renumbered.number = 6
            try await h.publish(renumbered)
            try await h.publish(numbered)
            let all = try await h.waitFor(DocumentSealed.self, count: 3, { $0.documentId == req.documentId })
            let six = try #require(all.first { $0.number == 6 })
            #expect(six.sealed != sealed.sealed)
            #expect(all.filter { $0.number == 5 }.map(\.sealed) == [sealed.sealed, sealed.sealed])
            #expect(try PDFDocument(path: try h.path(six.sealed)).field(named: "so_ky_hieu")?.dict["V"]?.textValue == "Số: 06/UBND-KT")
            #expect(try PDFVerifier.verifyFile(try h.path(six.sealed), trustedRoots: h.pki.roots).allSatisfy(\.isValid))
        } catch { Issue.record(error) }
        await h.cleanUp(task)
    }
}
