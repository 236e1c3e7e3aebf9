import Auth
import Contracts
import Foundation
import Testing

@testable import RoutingService

/// The clerk's answer to a sender's revocation on in-memory ports: 15 keeps the document revoked, 16 needs a reason
/// and restores the state it was in; both tell the sender and numbering.
@Suite("Revocation answers")
struct RevocationCommandTests {
    let staff = InMemoryStaff(colleagues: [Fixture.colleague("thutruong", [.head]), Fixture.colleague("vanthu", [.clerk])])

    func context(_ acting: Acting) -> CommandContext { CommandContext(acting: acting, now: Fixture.now, source: nil) }

    func revoked(before: IncomingDocument.State = .assigned) -> IncomingDocument {
        var document = Fixture.document(.revoked)
        document.sender = Organization(code: "000.00.00.K01", name: "Sở Tài chính")
        document.edxmlDocumentId = "K01-1"
        document.codeNumber = "12"
        document.codeNotation = "STC-VP"
        document.revocation = Revocation(
            state: .requested, reason: "Gửi nhầm", staff: "Lò Thị Hoa", requestedAt: Fixture.now, receivedAt: Fixture.now,
            stateBefore: before)
        return document
    }

    @Test("15: the document stays revoked; the sender gets 15 and numbering the answer")
    func agreeing() async throws {
        let document = revoked()
        let documents = InMemoryIncoming([document])
        let outcome = try await AnswerRevocation(documentId: document.documentId, accept: true, note: nil)
            .run(context(Fixture.clerk), documents: documents, staff: staff)
        #expect(outcome.value.state == .revoked && outcome.value.revocation?.state == .accepted)
        #expect(outcome.value.revocation?.answeredBy == Fixture.clerk.principal)
        #expect(outcome.events.map(\.type) == [StatusOutbound.type, RevocationAnswered.type])
        let status = try outcome.events[0].decode(StatusOutbound.self)
        #expect(status.status == .changeAccepted && status.to.code == "000.00.00.K01" && status.documentCode == "12/STC-VP")
        #expect(outcome.audit.map(\.action) == ["incoming.revocation_accepted"])
        await #expect(throws: Refusal.self, "answered once") {
            _ = try await AnswerRevocation(documentId: document.documentId, accept: false, note: "x")
                .run(context(Fixture.clerk), documents: documents, staff: staff)
        }
    }

    @Test("16 needs a reason and puts the document back; only the clerk answers")
    func refusing() async throws {
        let document = revoked(before: .processing)
        let documents = InMemoryIncoming([document])
        for (acting, note) in [(Fixture.head, "Đã xử lý"), (Fixture.clerk, " ")] {
            await #expect(throws: Refusal.self) {
                _ = try await AnswerRevocation(documentId: document.documentId, accept: false, note: note)
                    .run(context(acting), documents: documents, staff: staff)
            }
        }
        let outcome = try await AnswerRevocation(documentId: document.documentId, accept: false, note: "Đã xử lý xong")
            .run(context(Fixture.clerk), documents: documents, staff: staff)
        #expect(outcome.value.state == .processing && outcome.value.revocation?.state == .refused)
        let status = try outcome.events[0].decode(StatusOutbound.self)
        #expect(status.status == .changeRejected && status.description == "Từ chối thu hồi văn bản điện tử: Đã xử lý xong")
        #expect(try outcome.events[1].decode(RevocationAnswered.self).accepted == false)
    }
}
