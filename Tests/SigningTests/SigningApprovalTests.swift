import Auth
import Contracts
import Foundation
import Messaging
import Testing
import TestSupport

@testable import SigningService

/// Who may have a document signed: only a request routing's approval backs. Each case is an attack that went through
/// before signing checked the approval; each must now end refused — dead-lettered with its reason, never retried,
/// `signing.failed` (`request-refused`) for routing, nothing signed.
@Suite("Signing refuses what no approval backs", .serialized)
struct SigningApprovalTests {
    func plain(_ doc: BlobRef, signer: String = SigningPKI.leader) -> SigningRequested {
        SigningRequested(
            requestId: UUID(), documentId: UUID(), kind: .leader, signer: signer, document: doc, appendices: [], reason: "Phê duyệt")
    }

    @Test("forged, edited or unapproved requests are refused for good; the approved one is signed")
    func attacksRefused() async throws {
        let h = try await SigningHarness()
        let task = try await h.start()
        do {
            let approvedPDF = try await h.storePDF(), otherPDF = try await h.storePDF(SamplePDF.make(size: 12_000))
            let good = try SigningHarness.approved(plain(approvedPDF))
            // Published straight to the queue, no approval at all.
            let unapproved = plain(approvedPDF)
            // A specialist as signer: routing's key signed it, but the signer is no leader.
            let specialist = try SigningHarness.approved(plain(approvedPDF), roles: ["specialist"])
            // An approval made with another key than routing's.
            let forged = try SigningHarness.approved(plain(approvedPDF), key: AuthKeys.generate().privatePEM)
            // A dead letter edited after approval: another PDF put under the head's approval …
            var swapped = try SigningHarness.approved(plain(approvedPDF))
            swapped.document = otherPDF
            // … or another signer named (the approval still says the head).
            var resigned = try SigningHarness.approved(plain(approvedPDF))
            resigned.signer = "chuyenvien.ubnd"
            // Another agency's approval replayed in this agency's envelope.
            let otherAgency = try SigningHarness.approved(plain(approvedPDF), agency: "000.00.12.H52")

            let attacks = [unapproved, specialist, forged, swapped, resigned, otherAgency]
            let probe = try h.probe(SigningFailed.type)
            for r in attacks { try await h.publish(r) }
            try await h.publish(good)

            let ids = Set(attacks.map(\.requestId))
            let failed = try h.take(probe, count: attacks.count) { e in
                (try? e.decode(SigningFailed.self)).map { ids.contains($0.requestId) } ?? false
            }.map { try $0.decode(SigningFailed.self) }
            #expect(failed.allSatisfy { $0.code == "request-refused" }, "\(failed.map(\.code))")
            #expect(Set(failed.map(\.requestId)) == ids, "one signing.failed per refused request, for routing")
            let dead = try await h.deadLetters(count: attacks.count)
            #expect(dead.count == attacks.count, "every refused request is a dead letter")
            #expect(dead.allSatisfy { $0.error.contains("request-refused") }, "\(dead.map(\.error))")
            let reasons = dead.map(\.error).joined(separator: "\n")
            for expected in ["no approval", "not a leader", "not routing's", "not the approved PDF", "names signer", "agency 000.00.12.H52"] {
                #expect(reasons.contains(expected), "\(expected) in \(reasons)")
            }
            _ = try await h.waitFor(DocumentSigned.self, { $0.requestId == good.requestId })
            #expect(try await h.logRows(requests: ids) == 0, "nothing signed for a refused request")
            #expect(try await h.logRows(requests: [good.requestId]) == 1)
        } catch { Issue.record(error) }
        await h.cleanUp(task)
    }

    @Test("an approval's signature covers every field, survives the JSON trip, and is routing's alone")
    func approvalIsBoundToItsFields() throws {
        let keys = AuthKeys.generate()
        let signer = try ApprovalKey.Signer(privateKeyPEM: keys.privatePEM)
        let verifier = try ApprovalKey.Verifier(publicKeyPEM: keys.publicPEM)
        var approval = SigningApproval(
            requestId: UUID(), draftId: UUID(), version: 3, agency: SigningPKI.agency, kind: .leader, signer: SigningPKI.leader,
            signerRoles: ["head"], documentSha256: String(repeating: "a", count: 64), appendixSha256: [], reason: "Phê duyệt",
            approvedAt: Date())
        approval.signature = try signer.sign(approval.signedText)
        #expect(verifier.verify(approval.signedText, signature: approval.signature))
        // Through JSON and back, as it travels.
        let decoded = try ContractCoding.decoder().decode(SigningApproval.self, from: ContractCoding.encoder().encode(approval))
        #expect(verifier.verify(decoded.signedText, signature: decoded.signature))
        var edited = decoded
        edited.version = 2
        #expect(!verifier.verify(edited.signedText, signature: edited.signature))
        edited = decoded
        edited.signerRoles = ["head", "specialist"]
        #expect(!verifier.verify(edited.signedText, signature: edited.signature))
        // Signed by anyone but routing: refused.
        let other = try ApprovalKey.Signer(privateKeyPEM: AuthKeys.generate().privatePEM)
        #expect(!verifier.verify(approval.signedText, signature: try other.sign(approval.signedText)))
    }
}
