/// Field limits of §1.3 (Bkav checker and Decree 30 Phụ lục VI) and the organisation code format of §2.
enum EdXMLValidation {
    static func length(_ value: String?, _ field: String, max: Int) throws(EdXMLError) {
        if let value, value.count > max { throw .fieldTooLong(field: field, max: max) }
    }

    static func organization(_ organization: EdXMLOrganization, path: String) throws(EdXMLError) {
        try organizationCode(organization.organId)
        try length(organization.organizationInCharge, join(path, "OrganizationInCharge"), max: 200)
        try length(organization.organName, join(path, "OrganName"), max: 200)
        try length(organization.organAdd, join(path, "OrganAdd"), max: 250)
        try length(organization.email, join(path, "Email"), max: 100)
        try length(organization.telephone, join(path, "Telephone"), max: 20)
        try length(organization.fax, join(path, "Fax"), max: 20)
        try length(organization.website, join(path, "Website"), max: 200)
    }

    static func organizationCode(_ code: String) throws(EdXMLError) {
        guard EdXMLOrganization.isValidCode(code) else { throw .badOrganizationCode(code) }
    }

    static func staff(_ staff: EdXMLStaffInfo?, path: String) throws(EdXMLError) {
        guard let staff else { return }
        try length(staff.department, join(path, "Department"), max: 200)
        try length(staff.staff, join(path, "Staff"), max: 100)
        try length(staff.mobile, join(path, "Mobile"), max: 20)
        try length(staff.email, join(path, "Email"), max: 100)
    }

    /// Every attachment has a unique content id listed in the manifest.
    static func checkAttachments(_ attachments: [EdXMLAttachmentInfo], against references: [EdXMLReference]) throws(EdXMLError) {
        let listed = Set(references.map(\.contentId))
        var seen: Set<String> = []
        for attachment in attachments {
            guard seen.insert(attachment.contentId).inserted else { throw .duplicateContentId(attachment.contentId) }
            guard listed.contains(attachment.contentId) else { throw .attachmentWithoutManifest(attachment.contentId) }
            guard !attachment.attachmentName.isEmpty else { throw .missingField("AttachmentEncoded/Attachment/AttachmentName") }
            try length(attachment.attachmentName, "AttachmentEncoded/Attachment/AttachmentName", max: 200)
        }
    }
}

extension EdXMLPacket {
    /// Checks required fields, lengths, codes and attachments; parsing and building both call it.
    public func validate() throws(EdXMLError) {
        let h = header
        try EdXMLValidation.organization(h.from, path: "From")
        guard !h.to.isEmpty else { throw .missingField("To") }
        var recipients: Set<String> = []
        for organization in h.to {
            try EdXMLValidation.organization(organization, path: "To")
            guard recipients.insert(organization.organId).inserted else { throw .duplicateRecipient(organization.organId) }
        }
        guard !h.code.codeNumber.isEmpty else { throw .missingField("Code/CodeNumber") }
        guard !h.code.codeNotation.isEmpty else { throw .missingField("Code/CodeNotation") }
        try EdXMLValidation.length(h.code.codeNumber, "Code/CodeNumber", max: 11)
        try EdXMLValidation.length(h.code.codeNotation, "Code/CodeNotation", max: 30)
        try EdXMLValidation.length(h.promulgationInfo.place, "PromulgationInfo/Place", max: 50)
        try EdXMLValidation.length(h.documentType?.typeName, "DocumentType/TypeName", max: 100)
        guard !h.subject.isEmpty else { throw .missingField("Subject") }
        try EdXMLValidation.length(h.subject, "Subject", max: 500)
        try EdXMLValidation.length(h.content, "Content", max: 500)
        try EdXMLValidation.length(h.signerInfo?.competence, "SignerInfo/Competence", max: 100)
        try EdXMLValidation.length(h.signerInfo?.position, "SignerInfo/Position", max: 100)
        try EdXMLValidation.length(h.signerInfo?.fullName, "SignerInfo/FullName", max: 50)
        if let other = h.otherInfo {
            if let priority = other.priority, !(0...4).contains(priority) {
                throw .badValue(field: "OtherInfo/Priority", value: String(priority))
            }
            try EdXMLValidation.length(other.sphereOfPromulgation, "OtherInfo/SphereOfPromulgation", max: 100)
            try EdXMLValidation.length(other.typerNotation, "OtherInfo/TyperNotation", max: 10)
            for appendix in other.appendixes { try EdXMLValidation.length(appendix, "OtherInfo/Appendixes/Appendix", max: 250) }
        }
        for response in h.responseFor { try EdXMLValidation.organizationCode(response.organId) }
        for trace in traceHeaderList.traceHeaders { try EdXMLValidation.organizationCode(trace.organId) }
        if let business = traceHeaderList.business {
            try EdXMLValidation.staff(business.staffInfo, path: "Bussiness/StaffInfo")
            for receiver in business.businessDocumentInfo?.receiverList ?? [] { try EdXMLValidation.organizationCode(receiver.organId) }
            for replacement in business.replacementInfoList {
                for organId in replacement.organIdList { try EdXMLValidation.organizationCode(organId) }
            }
        }
        var manifest: Set<String> = []
        for reference in references {
            guard !reference.contentId.isEmpty else { throw .missingField("edXMLManifest/Reference/ContentId") }
            guard manifest.insert(reference.contentId).inserted else { throw .duplicateContentId(reference.contentId) }
            try EdXMLValidation.length(reference.attachmentName, "edXMLManifest/Reference/AttachmentName", max: 200)
        }
        try EdXMLValidation.checkAttachments(attachments.map(\.info), against: references)
    }
}

extension EdXMLStatusPacket {
    /// Checks organisation codes and lengths; parsing and building both call it.
    public func validate() throws(EdXMLError) {
        try EdXMLValidation.organization(from, path: "From")
        try EdXMLValidation.organizationCode(responseFor.organId)
        try EdXMLValidation.staff(staffInfo, path: "StaffInfo")
        try EdXMLValidation.length(description, "Description", max: 2000)
    }
}
