import Contracts
import Foundation
import Messaging

/// Enters a received document in its agency's incoming register with the next số đến (Decree 30/2020 art. 22).
///
/// The agency is the envelope's: intake publishes `document.received` for the hosted agency the packet was
/// addressed to. The register year is the Vietnam year of the arrival time. The number is taken in the
/// transaction the inbox/outbox middleware opened (shared with the rest of a batch), so it commits with the
/// inbox record and the `document.registered` event, or not at all.
///
/// A document registered now also goes back to its sender as status 03 (đã tiếp nhận, vào sổ văn bản đến) through
/// `status.outbound`, as intake's 01 does; a repeated registration sends nothing more.
struct RegisterIncoming: EventHandler {
    let store: IncomingRegisterStore
    /// The agencies' names, for the 03's From.
    var agencies = AgencyDirectory()
    var now: @Sendable () -> Date = { Date() }

    func handle(_ event: DocumentReceived, context: MessageContext) async throws -> [any Event] {
        let tx = try context.requireTransaction()
        var entry = IncomingEntry(received: event, agency: context.envelope.agency, registeredAt: now())
        // The same sender, số ký hiệu and date already registered (sent twice, or also brought on paper): the line is
        // still entered (the axis delivered it), and its Ghi chú warns the clerk (Phụ lục VI III.1.h).
        entry.duplicateOf = try await store.duplicate(of: entry, executor: tx)
        let (registered, isNew) = try await store.register(entry, in: tx)
        if !isNew {
            context.logger.info(
                "document already registered", metadata: ["document_id": "\(event.documentId)", "number": "\(registered.number)"])
        }
        let event = DocumentRegistered(
            documentId: registered.documentId, register: registered.register, year: registered.year,
            number: registered.number, registeredAt: registered.registeredAt)
        guard isNew else { return [event] }
        return [event, accepted(registered)]
    }

    /// The 03 for the sender of `entry`.
    func accepted(_ entry: IncomingEntry) -> StatusOutbound {
        StatusOutbound(
            edxmlDocumentId: entry.edxmlDocumentId, documentCode: entry.codeText, promulgationDate: entry.promulgationDate,
            to: entry.sender, from: Organization(code: entry.agency, name: agencies.name(of: entry.agency)), status: .accepted,
            description: "Tiếp nhận văn bản điện tử, vào sổ văn bản đến số \(entry.number)", staff: "Văn thư",
            at: entry.registeredAt)
    }
}

extension IncomingEntry {
    /// The register line for a received document, not numbered yet.
    init(received e: DocumentReceived, agency: String, registeredAt: Date) {
        self.init(
            documentId: e.documentId, agency: agency, register: IncomingRegister.code, year: VietnamTime.year(of: e.receivedAt),
            number: 0, arrivedAt: e.receivedAt, sender: e.sender, codeNumber: e.codeNumber, codeNotation: e.codeNotation,
            promulgationDate: e.promulgationDate, documentType: e.documentType, subject: e.subject, recipient: nil,
            handedOverAt: nil, receiptSignature: nil, note: nil, priority: e.priority, dueDate: e.dueDate,
            signerName: e.signerName, edxmlDocumentId: e.edxmlDocumentId, packet: e.packet, attachments: e.attachments,
            registeredAt: registeredAt)
        signatureVerdict = Self.signatureVerdict(signer: e.signer, warnings: e.signatureWarnings ?? [])
    }

    /// Ghi chú's verdict on the sender's digital signature, from what intake found: a verified signature names its
    /// signer; the government SDK's own signature style (no XML-DSig namespace) cannot be verified and says so; a
    /// packet without one (accepted when signatures are optional) says that.
    static func signatureVerdict(signer: String?, warnings: [String]) -> String {
        if let signer, !signer.isEmpty { return "Chữ ký số hợp lệ: \(signer)" }
        if !warnings.isEmpty { return "Chữ ký số chưa xác minh được (kiểu chữ ký của bộ công cụ trục)" }
        return "Không có chữ ký số"
    }
}
