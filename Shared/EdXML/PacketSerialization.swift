/// The XML of a packet's envelope, written field by field in the order of the spec's example (§1.7).
enum PacketSerialization {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    static let rootOpen = "<edXML xmlns=\"\(EdXMLNamespace.edXML)\">\n"
    static let envelopeOpen = "<edXML:edXMLEnvelope xmlns:edXML=\"\(EdXMLNamespace.edXML)\">"

    /// Everything up to the attachments: declaration, root and envelope of a document packet.
    static func documentHead(_ packet: EdXMLPacket) -> String {
        var xml = XMLText(level: 1)
        xml.openRaw(envelopeOpen)
        xml.element("edXMLHeader") { xml in
            xml.element("MessageHeader") { messageHeader(packet.header, into: &$0) }
            traceHeaderList(packet.traceHeaderList, into: &xml)
        }
        xml.element("edXMLBody") { xml in
            xml.open("edXMLManifest", attributes: " version=\"1.0\"")
            for reference in packet.references {
                xml.element("Reference") { xml in
                    xml.leaf("ContentId", "cid:" + reference.contentId)
                    xml.leaf("ContentType", reference.contentType)
                    xml.leaf("Description", reference.description)
                    xml.leaf("AttachmentName", reference.attachmentName)
                }
            }
            xml.close("edXMLManifest")
        }
        xml.close("edXMLEnvelope")
        return declaration + rootOpen + xml.text
    }

    static func status(_ status: EdXMLStatusPacket) -> String {
        var xml = XMLText(level: 1)
        xml.openRaw(envelopeOpen)
        xml.element("edXMLHeader") { xml in
            xml.element("MessageHeader") { xml in
                organization("From", status.from, into: &xml)
                responseFor(status.responseFor, into: &xml)
                staffInfo(status.staffInfo, into: &xml)
                xml.leaf("StatusCode", status.statusCode.rawValue)
                xml.leaf("Description", status.description)
                xml.leaf("Timestamp", status.timestamp.description)
            }
        }
        xml.close("edXMLEnvelope")
        return declaration + rootOpen + xml.text + "</edXML>\n"
    }

    /// The start of one `Attachment`, up to the opening tag of its base64 content.
    static func attachmentHead(_ info: EdXMLAttachmentInfo, first: Bool) -> String {
        var xml = XMLText(level: first ? 1 : 2)
        xml.prefix = ""
        if first { xml.open("AttachmentEncoded") }
        xml.open("Attachment")
        xml.leaf("ContentId", "cid:" + info.contentId)
        xml.leaf("AttachmentName", info.attachmentName)
        xml.leaf("Description", info.description)
        xml.leaf("ContentType", info.contentType)
        return xml.text + "      <edXML:ContentTransferEncoded xmlns:edXML=\"\(EdXMLNamespace.edXML)\">"
    }

    static let attachmentTail = "</edXML:ContentTransferEncoded>\n    </Attachment>\n"

    static func end(hasAttachments: Bool) -> String {
        (hasAttachments ? "  </AttachmentEncoded>\n" : "") + "</edXML>\n"
    }

    static func messageHeader(_ h: EdXMLMessageHeader, into xml: inout XMLText) {
        organization("From", h.from, into: &xml)
        for to in h.to { organization("To", to, into: &xml) }
        xml.element("Code") { xml in
            xml.leaf("CodeNumber", h.code.codeNumber)
            xml.leaf("CodeNotation", h.code.codeNotation)
        }
        xml.element("PromulgationInfo") { xml in
            xml.leaf("Place", h.promulgationInfo.place)
            xml.leaf("PromulgationDate", h.promulgationInfo.promulgationDate)
        }
        if let type = h.documentType {
            xml.element("DocumentType") { xml in
                xml.leaf("Type", type.type)
                xml.leaf("TypeDetail", type.typeDetail)
                xml.leaf("TypeName", type.typeName)
            }
        }
        xml.leaf("Subject", h.subject)
        xml.leaf("Content", h.content)
        if let signer = h.signerInfo {
            xml.element("SignerInfo") { xml in
                xml.leaf("Competence", signer.competence)
                xml.leaf("Position", signer.position)
                xml.leaf("FullName", signer.fullName)
            }
        }
        xml.leaf("DueDate", h.dueDate)
        if !h.toPlaces.isEmpty {
            xml.element("ToPlaces") { xml in for place in h.toPlaces { xml.leaf("Place", place) } }
        }
        if let other = h.otherInfo {
            xml.element("OtherInfo") { xml in
                xml.leaf("Priority", other.priority)
                xml.leaf("SphereOfPromulgation", other.sphereOfPromulgation)
                xml.leaf("TyperNotation", other.typerNotation)
                xml.leaf("PromulgationAmount", other.promulgationAmount)
                xml.leaf("PageAmount", other.pageAmount)
                if !other.appendixes.isEmpty {
                    xml.element("Appendixes") { xml in for appendix in other.appendixes { xml.leaf("Appendix", appendix) } }
                }
                xml.leaf("Direction", other.direction.map { $0 ? "true" : "false" })
            }
        }
        for response in h.responseFor { responseFor(response, into: &xml) }
        xml.leaf("SteeringType", h.steeringType)
        xml.leaf("DocumentId", h.documentId)
    }

    static func organization(_ name: String, _ o: EdXMLOrganization, into xml: inout XMLText) {
        xml.element(name) { xml in
            xml.leaf("OrganId", o.organId)
            xml.leaf("OrganizationInCharge", o.organizationInCharge)
            xml.leaf("OrganName", o.organName)
            xml.leaf("OrganAdd", o.organAdd)
            xml.leaf("Email", o.email)
            xml.leaf("Telephone", o.telephone)
            xml.leaf("Fax", o.fax)
            xml.leaf("Website", o.website)
        }
    }

    static func responseFor(_ r: EdXMLResponseFor, into xml: inout XMLText) {
        xml.element("ResponseFor") { xml in
            xml.leaf("OrganId", r.organId)
            xml.leaf("Code", r.code)
            xml.leaf("PromulgationDate", r.promulgationDate)
            xml.leaf("DocumentId", r.documentId)
        }
    }

    static func staffInfo(_ s: EdXMLStaffInfo?, into xml: inout XMLText) {
        guard let s else { return }
        xml.element("StaffInfo") { xml in
            xml.leaf("Department", s.department)
            xml.leaf("Staff", s.staff)
            xml.leaf("Mobile", s.mobile)
            xml.leaf("Email", s.email)
        }
    }

    static func traceHeaderList(_ list: EdXMLTraceHeaderList, into xml: inout XMLText) {
        guard !list.traceHeaders.isEmpty || list.business != nil else { return }
        xml.element("TraceHeaderList") { xml in
            for trace in list.traceHeaders {
                xml.element("TraceHeader") { xml in
                    xml.leaf("OrganId", trace.organId)
                    xml.leaf("Timestamp", trace.timestamp.description)
                }
            }
            guard let b = list.business else { return }
            xml.element("Bussiness") { xml in
                xml.leaf("BussinessDocType", b.businessDocType.rawValue)
                xml.leaf("BussinessDocReason", b.businessDocReason)
                xml.leaf("DocumentId", b.documentId)
                xml.flag("Paper", b.paper)
                if let info = b.businessDocumentInfo {
                    xml.element("BussinessDocumentInfo") { xml in
                        xml.flag("DocumentInfo", info.documentInfo)
                        xml.flag("DocumentReceiver", info.documentReceiver)
                        if !info.receiverList.isEmpty {
                            xml.element("ReceiverList") { xml in
                                for receiver in info.receiverList {
                                    xml.element("Receiver") { xml in
                                        xml.leaf("OrganId", receiver.organId)
                                        xml.leaf("ReceiverType", receiver.receiverType)
                                    }
                                }
                            }
                        }
                    }
                }
                if !b.replacementInfoList.isEmpty {
                    xml.element("ReplacementInfoList") { xml in
                        for replacement in b.replacementInfoList {
                            xml.element("ReplacementInfo") { xml in
                                xml.leaf("DocumentId", replacement.documentId)
                                xml.element("OrganIdList") { xml in for id in replacement.organIdList { xml.leaf("OrganId", id) } }
                            }
                        }
                    }
                }
                staffInfo(b.staffInfo, into: &xml)
            }
        }
    }
}
