import ArgumentParser
import EdXML
import Foundation

/// Writes a realistic document packet, as a sender's SDK would.
struct Sample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a sample edXML document packet.")

    @Option var from = "000.00.12.H52"
    @Option var to = "000.00.00.H52"
    @Option var number = "123"
    @Option(help: "Size of the PDF attachment in bytes.") var attachmentBytes = 1024
    @Option var out: String

    func run() async throws {
        try SamplePacket.make(from: from, to: to, number: number, attachmentBytes: attachmentBytes)
            .write(to: URL(fileURLWithPath: out))
    }
}

enum SamplePacket {
    static func make(from: String, to: String, number: String, attachmentBytes: Int) throws -> Data {
        let today = EdXMLTimestamp(Date()).day
        // The number makes every attachment's bytes (and blob) its own, as real documents are.
        var pdf = Data("%PDF-1.4\n% QLVB sample \(number)\n".utf8)
        pdf.append(Data(repeating: 0x20, count: max(0, attachmentBytes - pdf.count - 6)))
        pdf.append(Data("%%EOF\n".utf8))
        let name = "\(number)-STC-NS.pdf"
        let header = EdXMLMessageHeader(
            from: EdXMLOrganization(organId: from, organName: "Sở Tài chính tỉnh Sơn La"),
            to: [EdXMLOrganization(organId: to, organName: "UBND tỉnh Sơn La")],
            code: EdXMLCode(codeNumber: number, codeNotation: "STC-NS"),
            promulgationInfo: EdXMLPromulgationInfo(place: "Sơn La", promulgationDate: today),
            documentType: EdXMLDocumentType(type: 1, typeName: "Công văn"),
            subject: "Về việc lập dự toán ngân sách nhà nước năm 2027",
            signerInfo: EdXMLSignerInfo(competence: "KT. GIÁM ĐỐC", position: "Phó Giám đốc", fullName: "Nguyễn Đức Việt"),
            otherInfo: EdXMLOtherInfo(priority: 1),
            documentId: "\(from),\(today),\(number)/STC-NS")
        let packet = EdXMLPacket(
            header: header,
            references: [EdXMLReference(contentId: "1", contentType: "application/pdf", description: "Văn bản", attachmentName: name)],
            attachments: [EdXMLAttachment(
                info: EdXMLAttachmentInfo(contentId: "1", attachmentName: name, contentType: "application/pdf"), content: pdf)])
        return try EdXMLWriter().data(for: packet)
    }
}
