extension PacketMapping {
    static func traceHeaderList(_ node: ElementNode?) throws(EdXMLError) -> EdXMLTraceHeaderList {
        guard let node else { return EdXMLTraceHeaderList() }
        let traces = try node.all("TraceHeader").map { (trace) throws(EdXMLError) in
            guard let timestamp = try trace.timestamp("Timestamp", in: "TraceHeader") else { throw .missingField("TraceHeader/Timestamp") }
            return EdXMLTraceHeader(organId: try trace.requiredValue("OrganId", in: "TraceHeader"), timestamp: timestamp)
        }
        return EdXMLTraceHeaderList(traceHeaders: traces, business: try business(node.one("Bussiness", in: "TraceHeaderList")))
    }

    static func business(_ node: ElementNode?) throws(EdXMLError) -> EdXMLBusiness? {
        guard let node else { return nil }
        let path = "Bussiness"
        let rawType = try node.value("BussinessDocType", in: path) ?? "0"
        guard let number = Int(rawType), let type = EdXMLBusinessDocType(rawValue: number) else {
            throw .badValue(field: join(path, "BussinessDocType"), value: rawType)
        }
        return EdXMLBusiness(
            businessDocType: type, businessDocReason: try node.value("BussinessDocReason", in: path),
            documentId: try node.value("DocumentId", in: path), paper: try node.flag("Paper", in: path),
            staffInfo: try staffInfo(node.one("StaffInfo", in: path), path: join(path, "StaffInfo")),
            businessDocumentInfo: try businessDocumentInfo(node.one("BussinessDocumentInfo", in: path)),
            replacementInfoList: try replacements(node.one("ReplacementInfoList", in: path)))
    }

    static func businessDocumentInfo(_ node: ElementNode?) throws(EdXMLError) -> EdXMLBusinessDocumentInfo? {
        guard let node else { return nil }
        let path = "Bussiness/BussinessDocumentInfo"
        let receivers = try node.one("ReceiverList", in: path)?.all("Receiver").map { (receiver) throws(EdXMLError) in
            EdXMLReceiver(
                organId: try receiver.requiredValue("OrganId", in: join(path, "ReceiverList/Receiver")),
                receiverType: try receiver.integer("ReceiverType", in: join(path, "ReceiverList/Receiver")))
        }
        return EdXMLBusinessDocumentInfo(
            documentInfo: try node.flag("DocumentInfo", in: path), documentReceiver: try node.flag("DocumentReceiver", in: path),
            receiverList: receivers ?? [])
    }

    static func replacements(_ node: ElementNode?) throws(EdXMLError) -> [EdXMLReplacementInfo] {
        guard let node else { return [] }
        let path = "Bussiness/ReplacementInfoList/ReplacementInfo"
        return try node.all("ReplacementInfo").map { (info) throws(EdXMLError) in
            EdXMLReplacementInfo(
                documentId: try info.requiredValue("DocumentId", in: path),
                organIdList: try info.one("OrganIdList", in: path)?.values("OrganId") ?? [])
        }
    }

    /// Describes the `Signature` in `edXMLHeader`, in either namespace.
    static func signatureInfo(in header: ElementNode) throws(EdXMLError) -> EdXMLSignatureInfo? {
        guard let signature = header.children.first(where: { $0.name == "Signature" }) else { return nil }
        let signedInfo = signature.children.first { $0.name == "SignedInfo" }
        let reference = signedInfo?.children.first { $0.name == "Reference" }
        let x509 = signature.children.first { $0.name == "KeyInfo" }?.children.first { $0.name == "X509Data" }
        return EdXMLSignatureInfo(
            namespace: signature.namespace ?? "",
            canonicalizationMethod: signedInfo?.children.first { $0.name == "CanonicalizationMethod" }?.attributes["Algorithm"],
            signatureMethod: signedInfo?.children.first { $0.name == "SignatureMethod" }?.attributes["Algorithm"],
            digestMethod: reference?.children.first { $0.name == "DigestMethod" }?.attributes["Algorithm"],
            subjectName: x509?.nonEmptyText(of: "X509SubjectName"),
            hasCertificate: x509?.nonEmptyText(of: "X509Certificate") != nil)
    }
}
