import Contracts
import Foundation
import PDFSign
import Testing
import TestSupport

@testable import SigningService

/// The handlers end to end on the real broker and PostgreSQL (scripts/dev-up).
@Suite("Signing service", .serialized)
struct SigningServiceTests {
    func request(_ doc: BlobRef, kind: SignatureKind = .leader, signer: String = SigningPKI.leader, appendices: [AttachmentRef] = [],
                 requestId: UUID = UUID(), documentId: UUID = UUID()) -> SigningRequested {
        // As routing sends it: with its signed approval.
        try! SigningHarness.approved(SigningRequested(
            requestId: requestId, documentId: documentId, kind: kind, signer: signer, document: doc, appendices: appendices,
            reason: "Phê duyệt"))
    }

    @Test("signing.requested (leader) → document.signed whose PDF we, pdfsig and pyHanko find valid")
    func leaderSigns() async throws {
        let h = try await SigningHarness()
        let task = try await h.start()
        do {
            let input = try await h.storePDF()
            let req = request(input)
            try await h.publish(req)
            let signed = try #require(try await h.waitFor(DocumentSigned.self, { $0.requestId == req.requestId }).first)
            #expect(signed.requestId == req.requestId && signed.documentId == req.documentId && signed.signer == SigningPKI.leader)
            let path = try h.path(signed.signed)
            let reports = try PDFVerifier.verifyFile(path, trustedRoots: h.pki.roots)
            #expect(reports.count == 1 && reports[0].isValid && reports[0].fieldName == "LeaderSig", "\(reports)")
            // Prepared: the number/date fields and the agency's empty field are there.
            let names = Set(try PDFDocument(path: path).fields().map(\.name))
            #expect(names.isSuperset(of: ["so_ky_hieu", "ngay", "LeaderSig", "AgencySig"]), "\(names)")
            if let n = try Shell.pdfsigValidCount(path) { #expect(n == 1) }
            if let o = try Shell.pyhankoSummary(path, root: h.pki.rootPEM) {
                #expect(o.status == 0 && o.stdout.contains("LeaderSig:") && o.stdout.contains("INTACT:TRUSTED"), "\(o.all)")
            }
            #expect(try await h.logRows(document: req.documentId) == 1)
        } catch { Issue.record(error) }
        await h.cleanUp(task)
    }

    @Test("a redelivered request (same requestId) gives the same result and no second signature")
    func redeliveryIsIdempotent() async throws {
        let h = try await SigningHarness()
        let task = try await h.start()
        do {
            let req = request(try await h.storePDF())
            try await h.publish(req)
            let first = try await h.waitFor(DocumentSigned.self, { $0.requestId == req.requestId })
            try await h.publish(req)  // a new message, same request
            let both = try await h.waitFor(DocumentSigned.self, count: 2, { $0.requestId == req.requestId })
            #expect(both.map(\.signed) == [first[0].signed, first[0].signed])
            #expect(both.map(\.signedAt) == [first[0].signedAt, first[0].signedAt])
            #expect(try await h.logRows(document: req.documentId) == 1)
            #expect(try PDFVerifier.verifyFile(try h.path(both[1].signed), trustedRoots: h.pki.roots).count == 1)
        } catch { Issue.record(error) }
        await h.cleanUp(task)
    }

    @Test("bad inputs → signing.failed with a code and a reason, nothing signed")
    func failures() async throws {
        let h = try await SigningHarness()
        let task = try await h.start()
        do {
            let broken = try await h.storePDF(Array("%PDF-1.7\n1 0 obj\n<< /Type /Catalog".utf8))
            var encrypted = SamplePDF.make(size: 0)  // ASCII apart from the header comment
            encrypted = Array(String(decoding: encrypted, as: UTF8.self).replacingOccurrences(of: "/Root 1 0 R", with: "/Root 1 0 R /Encrypt << /Filter /Standard >>").utf8)
            let good = try await h.storePDF()
            let cases: [(SigningRequested, String)] = [
                (request(broken), "damaged-pdf"),
                (request(try await h.storePDF(encrypted)), "encrypted-pdf"),
                (request(good, signer: "no.such.person"), "key-not-found"),
                (request(good, signer: "wrong.pw"), "wrong-password"),
            ]
            for (req, _) in cases { try await h.publish(req) }
            let ids = Set(cases.map(\.0.requestId))
            let failed = try await h.waitFor(SigningFailed.self, count: cases.count, { ids.contains($0.requestId) })
            for (req, code) in cases {
                let f = failed.first { $0.requestId == req.requestId }
                #expect(f?.code == code, "\(code): \(String(describing: f))")
                #expect(f.map { !$0.reason.isEmpty } == true)
            }
            #expect(try await h.logRows(requests: ids) == 0)
        } catch { Issue.record(error) }
        await h.cleanUp(task)
    }

    @Test("document.numbered → number filled, sealed: document.sealed with the leader's signature still valid")
    func numberedThenSealed() async throws {
        let h = try await SigningHarness()
        let task = try await h.start()
        do {
            let appendix = AttachmentRef(name: "phu_luc_1.pdf", blob: try await h.storePDF(SamplePDF.make(size: 8_000)))
            let req = request(try await h.storePDF(), appendices: [appendix])
            try await h.publish(req)
            _ = try await h.waitFor(DocumentSigned.self, { $0.requestId == req.requestId })
            let numbered = DocumentNumbered(
                documentId: req.documentId, register: "QĐ", year: 2026, number: 125, notation: "QĐ-UBND",
                issuedOn: Date(timeIntervalSince1970: 1_773_600_000))
            try await h.publish(numbered)
            try await h.publish(numbered)  // again: still one seal
            let sealed = try await h.waitFor(DocumentSealed.self, count: 2, { $0.documentId == req.documentId })
            #expect(sealed[0].sealed == sealed[1].sealed && sealed[0].documentId == req.documentId)
            let path = try h.path(sealed[0].sealed)
            let reports = try PDFVerifier.verifyFile(path, trustedRoots: h.pki.roots)
            #expect(reports.count == 2 && reports.allSatisfy(\.isValid), "\(reports)")
            #expect(reports.first { $0.fieldName == "LeaderSig" }?.modifications == .formFilling, "\(reports)")
            let number = try PDFDocument(path: path).field(named: "so_ky_hieu")?.dict["V"]?.textValue
            #expect(number == "Số: 125/QĐ-UBND")
            if let n = try Shell.pdfsigValidCount(path) { #expect(n == 2) }
            if let o = try Shell.pyhankoSummary(path, root: h.pki.rootPEM) {
                #expect(o.status == 0 && o.stdout.contains("EXTENDED_WITH_FORM_FILLING"), "\(o.all)")
            }
            let sealedAppendix = try #require(sealed[0].appendices.first)
            #expect(sealedAppendix.name == "phu_luc_1.pdf" && sealedAppendix.blob != appendix.blob)
            let ar = try PDFVerifier.verifyFile(try h.path(sealedAppendix.blob), trustedRoots: h.pki.roots)
            #expect(ar.count == 1 && ar[0].isValid && ar[0].signer?.commonName == "UBND tỉnh Sơn La", "\(ar)")
            #expect(try await h.logRows(document: req.documentId) == 2)
        } catch { Issue.record(error) }
        await h.cleanUp(task)
    }

    @Test("two copies compete on the queue: every request signed exactly once")
    func twoCopies() async throws {
        let h = try await SigningHarness()
        let a = try await h.start(), b = try await h.start()  // same queues: two consumers
        do {
            let doc = try await h.storePDF()
            let requests = (0..<12).map { _ in request(doc) }
            for r in requests { try await h.publish(r) }
            let ids = Set(requests.map(\.requestId))
            let signed = try await h.waitFor(DocumentSigned.self, count: requests.count) { ids.contains($0.requestId) }
            #expect(Set(signed.map(\.requestId)) == ids && signed.count == requests.count)
            #expect(try await h.logRows(requests: ids) == requests.count)
        } catch { Issue.record(error) }
        b.cancel()
        _ = try? await b.value
        await h.cleanUp(a)
    }
}
