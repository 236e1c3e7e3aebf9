import Contracts

/// Reads the model from the element tree; presence and formats here, limits in `EdXMLValidation`.
enum PacketMapping {
    /// The message and the complete metadata of each attachment, in document order.
    static func message(from root: ElementNode) throws(EdXMLError) -> (EdXMLMessage, [EdXMLAttachmentInfo]) {
        let envelope = try root.required("edXMLEnvelope", in: "")
        let header = try envelope.required("edXMLHeader", in: "edXMLEnvelope")
        let message = try header.required("MessageHeader", in: "")
        let signature = try signatureInfo(in: header)
        if try message.one("StatusCode", in: "") != nil {
            var status = try statusPacket(message)
            status.signature = signature
            try status.validate()
            return (.status(status), [])
        }
        let attachments = try attachmentInfos(in: root)
        var packet = EdXMLPacket(
            header: try messageHeader(message),
            traceHeaderList: try traceHeaderList(header.one("TraceHeaderList", in: "")),
            references: try references(in: envelope),
            signature: signature)
        try packet.validate()
        try EdXMLValidation.checkAttachments(attachments, against: packet.references)
        packet.attachments = []
        return (.document(packet), attachments)
    }

    static func messageHeader(_ node: ElementNode) throws(EdXMLError) -> EdXMLMessageHeader {
        let to = try node.all("To").map { (element) throws(EdXMLError) in try organization(element, path: "To") }
        guard !to.isEmpty else { throw .missingField("To") }
        let code = try node.required("Code", in: "")
        let promulgation = try node.required("PromulgationInfo", in: "")
        guard let promulgationDate = try promulgation.date("PromulgationDate", in: "PromulgationInfo") else {
            throw .missingField("PromulgationInfo/PromulgationDate")
        }
        return EdXMLMessageHeader(
            from: try organization(node.required("From", in: ""), path: "From"),
            to: to,
            code: EdXMLCode(
                codeNumber: try code.requiredValue("CodeNumber", in: "Code"), codeNotation: try code.requiredValue("CodeNotation", in: "Code")),
            promulgationInfo: EdXMLPromulgationInfo(place: try promulgation.value("Place", in: "PromulgationInfo"), promulgationDate: promulgationDate),
            documentType: try documentType(node.one("DocumentType", in: "")),
            subject: try node.requiredValue("Subject", in: ""),
            content: try node.value("Content", in: ""),
            signerInfo: try node.one("SignerInfo", in: "").map { (signer) throws(EdXMLError) in
                EdXMLSignerInfo(
                    competence: try signer.value("Competence", in: "SignerInfo"), position: try signer.value("Position", in: "SignerInfo"),
                    fullName: try signer.value("FullName", in: "SignerInfo"))
            },
            dueDate: try node.date("DueDate", in: ""),
            toPlaces: try node.one("ToPlaces", in: "")?.values("Place") ?? [],
            otherInfo: try otherInfo(node.one("OtherInfo", in: "")),
            responseFor: try node.all("ResponseFor").filter { !$0.isBlank }.map { (element) throws(EdXMLError) in
                try responseFor(element)
            },
            steeringType: try node.integer("SteeringType", in: ""),
            documentId: try node.value("DocumentId", in: ""))
    }

    static func organization(_ node: ElementNode, path: String) throws(EdXMLError) -> EdXMLOrganization {
        EdXMLOrganization(
            organId: try node.requiredValue("OrganId", in: path),
            organizationInCharge: try node.value("OrganizationInCharge", in: path), organName: try node.value("OrganName", in: path),
            organAdd: try node.value("OrganAdd", in: path), email: try node.value("Email", in: path),
            telephone: try node.value("Telephone", in: path), fax: try node.value("Fax", in: path),
            website: try node.value("Website", in: path))
    }

    static func documentType(_ node: ElementNode?) throws(EdXMLError) -> EdXMLDocumentType? {
        guard let node else { return nil }
        guard let type = try node.integer("Type", in: "DocumentType") else { throw .missingField("DocumentType/Type") }
        return EdXMLDocumentType(
            type: type, typeDetail: try node.integer("TypeDetail", in: "DocumentType"), typeName: try node.value("TypeName", in: "DocumentType"))
    }

    static func otherInfo(_ node: ElementNode?) throws(EdXMLError) -> EdXMLOtherInfo? {
        guard let node else { return nil }
        let path = "OtherInfo"
        return EdXMLOtherInfo(
            priority: try node.integer("Priority", in: path), sphereOfPromulgation: try node.value("SphereOfPromulgation", in: path),
            typerNotation: try node.value("TyperNotation", in: path), promulgationAmount: try node.integer("PromulgationAmount", in: path),
            pageAmount: try node.integer("PageAmount", in: path), appendixes: try node.one("Appendixes", in: path)?.values("Appendix") ?? [],
            direction: try node.flag("Direction", in: path))
    }

    static func responseFor(_ node: ElementNode) throws(EdXMLError) -> EdXMLResponseFor {
        EdXMLResponseFor(
            organId: try node.requiredValue("OrganId", in: "ResponseFor"), code: try node.value("Code", in: "ResponseFor"),
            promulgationDate: try node.date("PromulgationDate", in: "ResponseFor"), documentId: try node.value("DocumentId", in: "ResponseFor"))
    }

    static func staffInfo(_ node: ElementNode?, path: String) throws(EdXMLError) -> EdXMLStaffInfo? {
        guard let node else { return nil }
        return EdXMLStaffInfo(
            department: try node.value("Department", in: path), staff: try node.value("Staff", in: path),
            mobile: try node.value("Mobile", in: path), email: try node.value("Email", in: path))
    }

    static func statusPacket(_ node: ElementNode) throws(EdXMLError) -> EdXMLStatusPacket {
        let rawCode = try node.requiredValue("StatusCode", in: "")
        let padded = rawCode.count == 1 ? "0" + rawCode : rawCode
        guard let statusCode = StatusCode(rawValue: padded) else { throw .unknownStatusCode(rawCode) }
        guard let timestamp = try node.timestamp("Timestamp", in: "") else { throw .missingField("Timestamp") }
        let responseFor = try responseFor(node.required("ResponseFor", in: ""))
        guard responseFor.documentId != nil else { throw .missingField("ResponseFor/DocumentId") }
        return EdXMLStatusPacket(
            from: try organization(node.required("From", in: ""), path: "From"), responseFor: responseFor,
            staffInfo: try staffInfo(node.one("StaffInfo", in: ""), path: "StaffInfo"), statusCode: statusCode,
            description: try node.value("Description", in: ""), timestamp: timestamp)
    }

    static func references(in envelope: ElementNode) throws(EdXMLError) -> [EdXMLReference] {
        guard let manifest = try envelope.one("edXMLBody", in: "edXMLEnvelope")?.one("edXMLManifest", in: "edXMLBody") else { return [] }
        let path = "edXMLManifest/Reference"
        return try manifest.all("Reference").map { (node) throws(EdXMLError) in
            let contentId = node.text(of: "ContentId").isEmpty ? node.attributes["href"] ?? "" : node.text(of: "ContentId")
            guard !contentId.isEmpty else { throw .missingField(join(path, "ContentId")) }
            return EdXMLReference(
                contentId: strippingCID(contentId), contentType: try node.value("ContentType", in: path),
                description: try node.value("Description", in: path), attachmentName: try node.value("AttachmentName", in: path))
        }
    }

    static func attachmentInfos(in root: ElementNode) throws(EdXMLError) -> [EdXMLAttachmentInfo] {
        guard let encoded = try root.one("AttachmentEncoded", in: "") else { return [] }
        let path = "AttachmentEncoded/Attachment"
        return try encoded.all("Attachment").map { (node) throws(EdXMLError) in
            guard node.children.contains(where: \.carriesAttachmentContent) else { throw .missingField(join(path, "ContentTransferEncoded")) }
            return EdXMLAttachmentInfo(
                contentId: strippingCID(try node.requiredValue("ContentId", in: path)),
                attachmentName: try node.requiredValue("AttachmentName", in: path), description: try node.value("Description", in: path),
                contentType: try node.value("ContentType", in: path))
        }
    }
}
