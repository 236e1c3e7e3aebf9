import Contracts
import EdXML
import Foundation
import TestSupport

/// Good packets built with EdXMLWriter, and the mutations that make them bad.
enum Packets {
    static let pdf = Data("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    static func header(to: [String] = ["000.00.00.H52", "000.00.00.G09"], number: String = "1234") -> EdXMLMessageHeader {
        EdXMLMessageHeader(
            from: EdXMLOrganization(organId: "000.00.00.G22", organizationInCharge: "Văn phòng Chính phủ", organName: "Văn phòng Chính phủ"),
            to: to.map { EdXMLOrganization(organId: $0, organName: $0 == "000.00.00.H52" ? "UBND tỉnh Sơn La" : "Bộ Nội vụ") },
            code: EdXMLCode(codeNumber: number, codeNotation: "VPCP-KSTT"),
            promulgationInfo: EdXMLPromulgationInfo(place: "Hà Nội", promulgationDate: EdXMLDate(year: 2026, month: 3, day: 16)!),
            documentType: EdXMLDocumentType(type: 1, typeName: "Công văn"),
            subject: "V/v báo cáo tình hình kết nối hệ thống quản lý văn bản năm 2026",
            signerInfo: EdXMLSignerInfo(competence: "KT. BỘ TRƯỞNG", position: "THỨ TRƯỞNG", fullName: "Nguyễn Văn A"),
            otherInfo: EdXMLOtherInfo(priority: 1, sphereOfPromulgation: "Liên thông văn bản quốc gia"),
            documentId: "000.00.00.G22,2026/03/16,\(number)/VPCP-KSTT")
    }

    struct File {
        var id = "1"
        var name = "1234_VPCP-KSTT.pdf"
        var type: String? = "application/pdf"
        var content = Packets.pdf
        var zipped = false
    }

    static func packet(
        header: EdXMLMessageHeader = header(), files: [File] = [File()], business: EdXMLBusiness? = nil
    ) -> EdXMLPacket {
        EdXMLPacket(
            header: header,
            traceHeaderList: EdXMLTraceHeaderList(
                traceHeaders: [EdXMLTraceHeader(organId: "000.00.00.G22", timestamp: EdXMLTimestamp(Date()))],
                business: business ?? EdXMLBusiness(businessDocType: .new, businessDocReason: "Văn bản điện tử mới")),
            references: files.map { EdXMLReference(contentId: $0.id, contentType: $0.type, attachmentName: $0.name) },
            attachments: files.map {
                EdXMLAttachment(info: EdXMLAttachmentInfo(contentId: $0.id, attachmentName: $0.name, contentType: $0.type, zipped: $0.zipped), content: $0.content)
            })
    }

    static func data(_ packet: EdXMLPacket) throws -> Data { try EdXMLWriter().data(for: packet) }

    static func good(number: String = "1234") throws -> Data { try data(packet(header: header(number: number))) }

    static func with(header change: (inout EdXMLMessageHeader) -> Void) throws -> Data {
        var h = header()
        change(&h)
        return try data(packet(header: h))
    }

    static func with(file change: (inout File) -> Void) throws -> Data {
        var file = File()
        change(&file)
        return try data(packet(files: [file]))
    }

    /// Text surgery on a good packet, for what EdXMLWriter refuses to build.
    static func replacing(_ target: String, with replacement: String, in data: Data? = nil) throws -> Data {
        let text = String(decoding: try data ?? good(), as: UTF8.self)
        guard let range = text.range(of: target) else { throw TestFailure("\(target) not in the packet") }
        return Data(text.replacingCharacters(in: range, with: replacement).utf8)
    }

    static func removing(element name: String, in data: Data? = nil) throws -> Data {
        let text = String(decoding: try data ?? good(), as: UTF8.self)
        guard let start = text.range(of: "<edXML:\(name)>"), let end = text.range(of: "</edXML:\(name)>", range: start.upperBound..<text.endIndex)
        else { throw TestFailure("\(name) not in the packet") }
        return Data(text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "").utf8)
    }

    /// A throwaway RSA key and certificate made with openssl.
    static func testKey() async throws -> (key: String, certificate: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("intake-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyPath = dir.appendingPathComponent("key.pem").path, certPath = dir.appendingPathComponent("cert.pem").path
        let status = try await runScript("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/C=VN/O=Van phong Chinh phu/CN=Van thu", "-days", "2",
            "-keyout", keyPath, "-out", certPath,
        ])
        guard status == 0 else { throw TestFailure("openssl exited \(status)") }
        return (try String(contentsOfFile: keyPath, encoding: .utf8), try String(contentsOfFile: certPath, encoding: .utf8))
    }
}

extension Packets {
    /// A 01 (đã đến) status packet from `from` about a document of `to`.
    static func status(from: String, to: String, number: String = "77") throws -> Data {
        try EdXMLWriter().data(for: EdXMLStatusPacket(
            from: EdXMLOrganization(organId: from, organizationInCharge: "Văn phòng Chính phủ", organName: "Văn phòng Chính phủ"),
            responseFor: EdXMLResponseFor(
                organId: to, code: "\(number)/STC-NS", promulgationDate: EdXMLDate(year: 2026, month: 3, day: 16)!,
                documentId: "\(to),2026/03/16,\(number)/STC-NS"),
            staffInfo: EdXMLStaffInfo(department: "Văn thư", staff: "Nguyễn Văn B"), statusCode: .arrived, description: "Đã đến",
            timestamp: EdXMLTimestamp(Date())))
    }
}
