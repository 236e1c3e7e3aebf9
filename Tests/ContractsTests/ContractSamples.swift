import Contracts
import Foundation

/// One fixed sample of every event, so the golden files are byte-stable.
enum ContractSamples {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000.125)
    static let doc = UUID(uuidString: "0B7E6C1A-3D5F-4E0A-9C2B-7A1D2E3F4A5B")!
    static let task = UUID(uuidString: "5C9D2E4F-6A7B-4C8D-9E0F-1A2B3C4D5E6F")!
    static let request = UUID(uuidString: "9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D")!
    static let blob = BlobRef(sha256: String(repeating: "ab", count: 32), size: 1_234, mediaType: "application/pdf")
    static let packet = BlobRef(sha256: String(repeating: "cd", count: 32), size: 52_000, mediaType: "application/xml")
    static let ubnd = Organization(code: "000.00.00.H52", name: "UBND tỉnh Sơn La")
    static let stc = Organization(code: "000.00.12.H52", name: "Sở Tài chính tỉnh Sơn La")
    static let appendix = AttachmentRef(name: "Phu_luc_01.pdf", blob: blob, description: "Phụ lục kèm theo")

    static let all: [any Event] = [
        DocumentReceived(
            documentId: doc, edxmlDocumentId: "000.00.12.H52,2026/11/20,123/STC-NS", sender: stc, codeNumber: "123",
            codeNotation: "STC-NS", promulgationDate: t0, documentType: "Công văn",
            subject: "Về việc lập dự toán ngân sách năm 2027", priority: 1, signerName: "Nguyễn Đức Việt",
            dueDate: t0.addingTimeInterval(7 * 86_400), packet: packet,
            attachments: [AttachmentRef(name: "123-STC-NS.pdf", blob: blob)], receivedAt: t0),
        DocumentRegistered(documentId: doc, register: "VBDEN", year: 2026, number: 42, registeredAt: t0),
        DocumentNumbered(documentId: doc, register: "VBDI", year: 2026, number: 15, notation: "UBND-VP", issuedOn: t0),
        SigningRequested(
            requestId: request, documentId: doc, kind: .leader, signer: "vietnd.ubnd", document: blob,
            appendices: [appendix], reason: "Phê duyệt", documentType: "Công văn", recipients: ["000.00.01.H52"],
            signerName: "Nguyễn Đức Việt", answers: doc),
        DocumentSigned(requestId: request, documentId: doc, signer: "vietnd.ubnd", signed: blob, signedAt: t0),
        DocumentSealed(
            requestId: request, documentId: doc, sealed: blob, appendices: [appendix], sealedAt: t0, number: 5, notation: "UBND-KT",
            issuedOn: t0),
        SigningFailed(requestId: request, documentId: doc, code: "encrypted-pdf", reason: "Tệp PDF được mã hóa, không thể ký"),
        DocumentDispatched(
            documentId: doc, edxmlDocumentId: "000.00.00.H52,2026/11/20,15/UBND-VP", recipients: [stc], packet: packet,
            dispatchedAt: t0),
        DeliveryStatus(documentId: doc, recipient: stc, status: .accepted, description: "Đã tiếp nhận", at: t0),
        StatusOutbound(
            edxmlDocumentId: "000.00.12.H52,2026/11/20,123/STC-NS", documentCode: "123/STC-NS", promulgationDate: t0,
            to: stc, from: ubnd, status: .arrived, description: "Đã đến", staff: nil, at: t0),
        StatusReceived(
            edxmlDocumentId: "000.00.00.H52,2026/11/20,15/UBND-VP", from: stc, status: .finished,
            description: "Hoàn thành xử lý", at: t0, packet: packet),
        DocumentRevoked(
            edxmlDocumentId: "000.00.12.H52,2026/11/20,123/STC-NS", sender: stc, reason: "Thu hồi văn bản điện tử",
            staff: "Nguyễn Thị Ngọc Trâm", requestedAt: t0, packet: packet, receivedAt: t0),
        DocumentUpdated(
            change: .replacement, documentId: doc, edxmlDocumentId: "000.00.12.H52,2026/11/21,124/STC-NS",
            originals: ["000.00.12.H52,2026/11/20,123/STC-NS"], sender: stc, reason: "Thay thế do sai sót", staff: nil,
            packet: packet, receivedAt: t0),
        RevocationAnswered(
            documentId: doc, edxmlDocumentId: "000.00.12.H52,2026/11/20,123/STC-NS", accepted: true, answeredBy: "vanthu.ubnd",
            note: "Đồng ý thu hồi", at: t0),
        DocumentRecalled(
            documentId: doc, documentCode: "05/UBND-KT", reason: "Gửi nhầm nơi nhận", requestedBy: "vanthu.ubnd",
            staffName: "Lò Thị Hoa", requestedAt: t0),
        TaskAssigned(
            taskId: task, documentId: doc, assignee: "hoanglt.stc", role: .main, deadline: t0, assignedBy: "vietnd.ubnd",
            onBehalfOf: nil),
        TaskAccepted(taskId: task, documentId: doc, assignee: "hoanglt.stc", role: .main, acceptedAt: t0, onBehalfOf: nil),
        TaskCompleted(taskId: task, documentId: doc, completedBy: "hoanglt.stc", result: "Đã tham mưu", completedAt: t0),
        TaskOverdue(
            taskId: task, documentId: doc, assignee: "hoanglt.stc", threshold: .overdue, deadline: t0,
            escalateTo: ["vietnd.ubnd"]),
        DossierClosed(
            dossierId: doc, code: "01.NS", title: "Hồ sơ dự toán ngân sách 2027", documentCount: 12, retentionYears: 10,
            closedAt: t0),
        DossierTransferDue(
            dossierId: doc, code: "01.NS", title: "Hồ sơ dự toán ngân sách 2027", responsible: "hoanglt.stc", closedAt: t0,
            transferDue: t0.addingTimeInterval(365 * 86_400)),
        ArchiveAccepted(dossierId: doc, archiveReference: "LTCQ-2026-0001", package: packet, acceptedAt: t0),
        DocumentIssued(
            documentId: doc, agency: ubnd, recipients: [stc, Organization(code: "000.00.00.G22", name: "000.00.00.G22")], number: 1,
            notation: "UBND-VP", issuedOn: t0, documentType: "Công văn", subject: "V/v trả lời về dự toán ngân sách năm 2027",
            content: "Ý kiến của UBND tỉnh về dự toán", signer: .init(
                account: "vietnd.ubnd", fullName: "Nguyễn Đức Việt", position: "Chủ tịch", competence: "TM. ỦY BAN NHÂN DÂN"),
            steeringType: 0, dueDate: t0.addingTimeInterval(7 * 86_400),
            responseFor: .init(edxmlDocumentId: "000.00.12.H52,2026/11/20,123/STC-NS", code: "123/STC-NS", promulgationDate: t0, sender: stc),
            changes: .init(
                kind: .replacement, original: UUID(uuidString: "0F0F0F0F-1111-4222-8333-444444444444")!, originalCode: "05/UBND-VP",
                originalIssuedOn: t0.addingTimeInterval(-3 * 86_400), reason: "Thay thế do sai sót nội dung"),
            sealed: blob, appendices: [appendix], issuedAt: t0),
        PacketForwarded(packet: packet, kind: "edoc", from: "000.00.00.H52", to: "000.00.12.H52", sentAt: t0),
        AccessRevoked(account: "vietnd.ubnd", agency: "000.00.00.H52", notBefore: t0, reason: "left"),
    ]

    static func envelope(_ event: some Event) throws -> Envelope {
        try Envelope(
            event, id: UUID(uuidString: "11111111-2222-4333-8444-555555555555")!, occurredAt: t0,
            correlationId: UUID(uuidString: "66666666-7777-4888-9999-AAAAAAAAAAAA")!,
            causationId: UUID(uuidString: "BBBBBBBB-CCCC-4DDD-8EEE-FFFFFFFFFFFF")!, agency: "000.00.00.H52")
    }
}
