import Contracts
import EdXML
import Foundation

/// Turns an issued document (`document.issued`) into the edXML packet (gói tin văn bản, QCVN 102) for one recipient:
/// every MessageHeader field, the TraceHeaderList of the sender with a new-document Bussiness block, and the manifest of
/// the sealed main PDF and its appendices. The attachments' bytes are added by the caller (they live in the blob store).
enum OutgoingPacketBuilder {
    /// The main PDF's content id; appendices follow as 2, 3…
    static let mainContentId = "1"

    /// `<sender OrganId>,<yyyy/MM/dd>,<CodeNumber>/<CodeNotation>` (§1.3, item 1.14): the same for every recipient,
    /// the key each receiver deduplicates on and quotes in its status packets.
    static func edxmlDocumentId(_ d: DocumentIssued) -> String {
        "\(d.agency.code),\(EdXMLTimestamp(d.issuedOn).day),\(d.codeText)"
    }

    /// The edXML DocumentType: công văn is type 1, a document with a type name (quyết định, tờ trình…) type 2.
    static func documentType(_ name: String) -> EdXMLDocumentType {
        let isLetter = name.lowercased().hasPrefix("công văn")
        return EdXMLDocumentType(type: isLetter ? 1 : 2, typeDetail: 0, typeName: name)
    }

    /// File names of the attachments as the manifest and AttachmentEncoded carry them.
    static func attachments(_ d: DocumentIssued, zipped: Bool) -> [EdXMLAttachmentInfo] {
        let main = d.codeText.replacingOccurrences(of: "/", with: "_")
        var out = [EdXMLAttachmentInfo(
            contentId: mainContentId, attachmentName: AttachmentName.ascii("\(main).pdf"), description: "Văn bản chính",
            contentType: zipped ? "application/zip" : "application/pdf", zipped: zipped)]
        for (index, appendix) in d.appendices.enumerated() {
            out.append(EdXMLAttachmentInfo(
                contentId: "\(index + 2)", attachmentName: AttachmentName.ascii(appendix.name),
                description: appendix.description ?? "Phụ lục \(index + 1)",
                contentType: zipped ? "application/zip" : AttachmentName.mediaType(appendix.name), zipped: zipped))
        }
        return out
    }

    /// The earlier document an update (cập nhật) or replacement (thay thế) names: its edXML DocumentId as it was sent
    /// and the organisations it was sent to.
    struct Original: Sendable, Equatable {
        var kind: DocumentUpdated.Change
        var edxmlDocumentId: String
        var recipients: [String]
        var reason: String?
    }

    /// The original named by `d.changes`: as dispatch sent it when it has the record (`sent`), otherwise built from
    /// its số/ký hiệu and date the same way ``edxmlDocumentId(_:)`` builds it, with the new document's recipients.
    static func original(_ d: DocumentIssued, sent: (edxmlDocumentId: String, recipients: [String])?) -> Original? {
        guard let change = d.changes else { return nil }
        let id = sent?.edxmlDocumentId ?? "\(d.agency.code),\(EdXMLTimestamp(change.originalIssuedOn).day),\(change.originalCode)"
        return Original(kind: change.kind, edxmlDocumentId: id, recipients: sent?.recipients ?? d.recipients.map(\.code), reason: change.reason)
    }

    /// The Bussiness block (§1.4): 0 a new document; 2 an update naming the document updated (Bussiness/DocumentId),
    /// with its metadata marked changed and the receivers marked changed when they differ from the original's;
    /// 3 a replacement naming the document replaced and for whom (ReplacementInfoList).
    static func business(_ d: DocumentIssued, original: Original?, staff: String?) -> EdXMLBusiness {
        let staffInfo = EdXMLStaffInfo(department: "Văn thư", staff: staff)
        guard let original else {
            return EdXMLBusiness(businessDocType: .new, businessDocReason: "Văn bản điện tử mới", paper: false, staffInfo: staffInfo)
        }
        switch original.kind {
        case .update:
            let receivers = d.recipients.map(\.code)
            return EdXMLBusiness(
                businessDocType: .update, businessDocReason: original.reason ?? "Cập nhật văn bản điện tử", documentId: original.edxmlDocumentId,
                paper: false, staffInfo: staffInfo,
                businessDocumentInfo: EdXMLBusinessDocumentInfo(
                    documentInfo: true, documentReceiver: Set(receivers) != Set(original.recipients),
                    receiverList: receivers.map { EdXMLReceiver(organId: $0, receiverType: 0) }))
        case .replacement:
            return EdXMLBusiness(
                businessDocType: .replace, businessDocReason: original.reason ?? "Văn bản thay thế", paper: false, staffInfo: staffInfo,
                replacementInfoList: [EdXMLReplacementInfo(documentId: original.edxmlDocumentId, organIdList: original.recipients)])
        }
    }

    /// The packet for `recipient` (To holds that recipient only; ToPlaces lists every recipient, as printed under
    /// "Nơi nhận"), sent at `at` (TraceHeader); an update or replacement names `original`.
    static func packet(
        _ d: DocumentIssued, for recipient: Organization, at: Date, zipped: Bool, staff: String? = nil, original: Original? = nil
    ) -> EdXMLPacket {
        let issued = EdXMLTimestamp(d.issuedOn).day
        let signer = d.signer.fullName.isEmpty ? nil : EdXMLSignerInfo(
            competence: d.signer.competence.isEmpty ? nil : d.signer.competence, position: d.signer.position, fullName: d.signer.fullName)
        let responseFor = d.responseFor.map { r in
            EdXMLResponseFor(
                organId: r.sender.code, code: r.code, promulgationDate: r.promulgationDate.map { EdXMLTimestamp($0).day },
                documentId: r.edxmlDocumentId)
        }
        let appendixNames = d.appendices.enumerated().map { index, a in a.description ?? "Phụ lục \(index + 1): \(a.name)" }
        let header = EdXMLMessageHeader(
            from: EdXMLOrganization(organId: d.agency.code, organizationInCharge: d.agency.name, organName: d.agency.name),
            to: [EdXMLOrganization(organId: recipient.code, organName: recipient.name)],
            code: EdXMLCode(codeNumber: d.number < 10 ? "0\(d.number)" : "\(d.number)", codeNotation: d.notation),
            promulgationInfo: EdXMLPromulgationInfo(place: d.place, promulgationDate: issued),
            documentType: documentType(d.documentType),
            subject: String(d.subject.prefix(500)),
            content: String((d.content ?? d.subject).prefix(500)),
            signerInfo: signer,
            dueDate: d.dueDate.map { EdXMLTimestamp($0).day },
            toPlaces: d.recipients.map(\.name) + ["Lưu: VT"],
            otherInfo: EdXMLOtherInfo(
                priority: 0, sphereOfPromulgation: "Liên thông văn bản quốc gia", promulgationAmount: d.recipients.count,
                appendixes: appendixNames),
            responseFor: responseFor.map { [$0] } ?? [],
            steeringType: d.steeringType,
            documentId: edxmlDocumentId(d))
        let trace = EdXMLTraceHeaderList(
            traceHeaders: [EdXMLTraceHeader(organId: d.agency.code, timestamp: EdXMLTimestamp(at))],
            business: business(d, original: original, staff: staff))
        let infos = attachments(d, zipped: zipped)
        let references = infos.map {
            EdXMLReference(
                contentId: $0.contentId, contentType: $0.contentType, description: $0.description, attachmentName: $0.attachmentName)
        }
        return EdXMLPacket(header: header, traceHeaderList: trace, references: references)
    }
}

extension DocumentIssued {
    /// Địa danh of the PromulgationInfo: the province of this installation.
    var place: String { "Sơn La" }
}

/// Attachment names as the regulation allows them (ASCII letters, digits, `-`, `_`, one dot; ≤ 50 characters).
enum AttachmentName {
    static func ascii(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive], locale: nil).replacingOccurrences(of: "đ", with: "d")
            .replacingOccurrences(of: "Đ", with: "D")
        var base = folded
        var ext = ""
        if let dot = folded.lastIndex(of: ".") {
            base = String(folded[..<dot])
            ext = String(folded[dot...]).lowercased()
        }
        let cleaned = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        return String(cleaned.prefix(50 - ext.count)) + ext
    }

    static func mediaType(_ name: String) -> String {
        switch name.split(separator: ".").last?.lowercased() {
        case "pdf": "application/pdf"
        case "doc": "application/msword"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xls": "application/vnd.ms-excel"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        default: "application/octet-stream"
        }
    }
}
