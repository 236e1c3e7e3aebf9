import EdXML
import Foundation
import TestSupport

/// The bad-packet corpus: each case, the packet and the specific reason code intake must give.
enum BadPacket: String, CaseIterable, Sendable, CustomStringConvertible {
    case truncated, wrongNamespace, notEdXML, garbage, empty
    case missingCode, missingFrom, missingTo, missingSubject, subjectTooLong, duplicateRecipient
    case badDate, badOrganizationCode, badBase64, duplicateAttachmentIds, attachmentNotInManifest
    case billionLaughs, xxe, deepNesting
    case alteredAfterSigning
    case nameOf51Characters, nameWithDiacritics, nameWithSpace, nameWithTwoDots, extensionNotAllowed
    case exeRenamedPDF, exeRenamedPDFZipped, declaredTypeMismatch, textWithBinary, emptyAttachment, attachmentOf60MB
    case secretSubject, topSecretSphere, absolutelySecretSubject
    case notAddressedHere, statusNotAddressedHere, unknownStatusCode
    case promulgatedNextWeek, promulgatedBefore1945, answersALaterDocument, traceWrittenTomorrowWeek, statusFromTheFuture
    case negativePageAmount, tooManyCopies, steeringTypeOutOfRange

    var description: String { rawValue }

    var expectedCode: String {
        switch self {
        case .truncated, .garbage: "malformed"
        case .wrongNamespace: "wrong_namespace"
        case .notEdXML: "not_edxml"
        case .empty: "empty"
        case .missingCode, .missingFrom, .missingTo, .missingSubject: "missing_field"
        case .subjectTooLong: "field_too_long"
        case .duplicateRecipient: "duplicate_recipient"
        case .badDate: "bad_date"
        case .badOrganizationCode: "bad_organization_code"
        case .badBase64: "bad_base64"
        case .duplicateAttachmentIds: "duplicate_content_id"
        case .attachmentNotInManifest: "attachment_without_manifest"
        case .billionLaughs, .xxe: "doctype_forbidden"
        case .deepNesting: "too_deep"
        case .alteredAfterSigning: "signature_invalid"
        case .nameOf51Characters: "attachment_name_too_long"
        case .nameWithDiacritics, .nameWithSpace, .nameWithTwoDots: "attachment_name_invalid"
        case .extensionNotAllowed: "attachment_type_not_allowed"
        case .exeRenamedPDF, .exeRenamedPDFZipped, .declaredTypeMismatch, .textWithBinary: "attachment_type_mismatch"
        case .emptyAttachment: "attachment_empty"
        case .attachmentOf60MB: "attachment_too_large"
        case .secretSubject, .topSecretSphere, .absolutelySecretSubject: "secret_document"
        case .notAddressedHere, .statusNotAddressedHere: "not_addressed_here"
        case .unknownStatusCode: "unknown_status_code"
        case .promulgatedNextWeek, .traceWrittenTomorrowWeek, .statusFromTheFuture: "date_in_future"
        case .promulgatedBefore1945: "date_implausible"
        case .answersALaterDocument: "response_for_after_document"
        case .negativePageAmount, .tooManyCopies, .steeringTypeOutOfRange: "count_out_of_range"
        }
    }

    static let exe = Data([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]) + Data(repeating: 0x41, count: 200)

    func packet() async throws -> Data {
        let good = try Packets.good()
        let text = String(decoding: good, as: UTF8.self)
        switch self {
        case .truncated: return good.prefix(good.count / 2)
        case .wrongNamespace: return Data(text.replacingOccurrences(of: "http://www.mic.gov.vn/TBT/QCVN_102_2016", with: "http://example.org/edxml").utf8)
        case .notEdXML: return Data("<?xml version=\"1.0\"?><html><body>Xin chào</body></html>".utf8)
        case .garbage: return Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        case .empty: return Data()
        case .missingCode: return try Packets.removing(element: "Code")
        case .missingFrom: return try Packets.removing(element: "From")
        case .missingTo:
            return try Packets.removing(element: "To", in: try Packets.removing(element: "To"))
        case .missingSubject: return try Packets.removing(element: "Subject")
        case .subjectTooLong:
            return try Packets.replacing("V/v báo cáo", with: "V/v " + String(repeating: "dài ", count: 130))
        case .duplicateRecipient:
            return try Packets.replacing("<edXML:OrganId>000.00.00.G09</edXML:OrganId>", with: "<edXML:OrganId>000.00.00.H52</edXML:OrganId>")
        case .badDate: return try Packets.replacing("<edXML:PromulgationDate>2026/03/16", with: "<edXML:PromulgationDate>2026/13/45")
        case .badOrganizationCode:
            return try Packets.replacing("<edXML:OrganId>000.00.00.G22</edXML:OrganId>", with: "<edXML:OrganId>vpcp-hn</edXML:OrganId>")
        case .badBase64: return try Packets.replacing("JVBERi0x", with: "JV*ER!0x")
        case .duplicateAttachmentIds:
            let start = text.range(of: "<Attachment>")!, end = text.range(of: "</Attachment>")!
            let block = String(text[start.lowerBound..<end.upperBound])
            return Data(text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: block + block).utf8)
        case .attachmentNotInManifest: return try Packets.replacing("<ContentId>cid:1</ContentId>", with: "<ContentId>cid:7</ContentId>")
        case .billionLaughs:
            let entities = (1...9).map { "<!ENTITY lol\($0) \"" + String(repeating: "&lol\($0 - 1);", count: 10) + "\">" }.joined()
            return Data(text.replacingOccurrences(
                of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                with: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE edXML [<!ENTITY lol0 \"lol\">\(entities)]>")
                .replacingOccurrences(of: "V/v báo cáo", with: "&lol9;").utf8)
        case .xxe:
            return Data(text.replacingOccurrences(
                of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                with: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE edXML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")
                .replacingOccurrences(of: "V/v báo cáo", with: "&xxe;").utf8)
        case .deepNesting:
            return try Packets.replacing("<edXML:Content", with: String(repeating: "<a>", count: 5000) + String(repeating: "</a>", count: 5000) + "<edXML:Content",
                in: try Packets.with(header: { $0.content = "Nội dung" }))
        case .alteredAfterSigning:
            let key = try await Packets.testKey()
            let signed = try EdXMLSignature.sign(good, key: key.key, certificate: key.certificate)
            return try Packets.replacing("V/v báo cáo", with: "V/v KHÔNG báo cáo", in: signed)
        case .nameOf51Characters: return try Packets.with(file: { $0.name = String(repeating: "a", count: 47) + ".pdf" })
        case .nameWithDiacritics: return try Packets.with(file: { $0.name = "Công_văn_số_1234.pdf" })
        case .nameWithSpace: return try Packets.with(file: { $0.name = "cong van 1234.pdf" })
        case .nameWithTwoDots: return try Packets.with(file: { $0.name = "cong_van.final.pdf" })
        case .extensionNotAllowed: return try Packets.with(file: { $0.name = "setup.exe"; $0.type = "application/octet-stream"; $0.content = Self.exe })
        case .exeRenamedPDF: return try Packets.with(file: { $0.content = Self.exe })
        case .exeRenamedPDFZipped: return try Packets.with(file: { $0.content = Self.exe; $0.zipped = true; $0.type = "application/zip" })
        case .declaredTypeMismatch: return try Packets.with(file: { $0.type = "image/png" })
        case .textWithBinary: return try Packets.with(file: { $0.name = "bao_cao.txt"; $0.type = "text/plain"; $0.content = Data([0x41, 0, 0x42, 0]) })
        case .emptyAttachment: return try Packets.with(file: { $0.content = Data() })
        case .attachmentOf60MB:
            var content = Packets.pdf
            content.append(Data(repeating: 0x20, count: 60 * 1024 * 1024))
            return try Packets.with(file: { $0.content = content })
        case .secretSubject: return try Packets.with(header: { $0.subject = "MẬT - V/v phương án bảo vệ mục tiêu" })
        case .topSecretSphere: return try Packets.with(header: { $0.otherInfo?.sphereOfPromulgation = "Tối mật" })
        case .absolutelySecretSubject: return try Packets.with(header: { $0.subject = "(Tuyệt mật) Kế hoạch tác chiến" })
        case .notAddressedHere: return try Packets.with(header: { $0.to = [EdXMLOrganization(organId: "000.00.00.H41", organName: "UBND tỉnh Nghệ An")] })
        case .statusNotAddressedHere: return try Data(contentsOf: TestEnv.shared.appendingPathComponent("edxml-samples/status_inbox_01.edxml"))
        case .unknownStatusCode:
            let sample = try Data(contentsOf: TestEnv.shared.appendingPathComponent("edxml-samples/status_inbox_01.edxml"))
            let status = String(decoding: sample, as: UTF8.self)
            guard let range = status.range(of: #"StatusCode>\s*01\s*<"#, options: .regularExpression) else { throw TestFailure("no StatusCode") }
            return Data(status.replacingCharacters(in: range, with: "StatusCode>99<").replacingOccurrences(of: "000.00.00.G22", with: "000.00.00.H52").utf8)
        case .promulgatedNextWeek:
            let next = EdXMLTimestamp(Date().addingTimeInterval(7 * 86_400)).day
            return try Packets.with(header: { $0.promulgationInfo.promulgationDate = next })
        case .promulgatedBefore1945:
            return try Packets.with(header: { $0.promulgationInfo.promulgationDate = EdXMLDate(year: 1926, month: 3, day: 16)! })
        case .answersALaterDocument:
            return try Packets.with(header: {
                $0.responseFor = [EdXMLResponseFor(organId: "000.00.00.H52", code: "15/UBND-KT", promulgationDate: EdXMLDate(year: 2026, month: 4, day: 2)!)]
            })
        case .traceWrittenTomorrowWeek:
            var packet = Packets.packet()
            packet.traceHeaderList.traceHeaders = [
                EdXMLTraceHeader(organId: "000.00.00.G22", timestamp: EdXMLTimestamp(Date().addingTimeInterval(8 * 86_400)))
            ]
            return try Packets.data(packet)
        case .statusFromTheFuture:
            let sample = try Data(contentsOf: TestEnv.shared.appendingPathComponent("edxml-samples/status_inbox_01.edxml"))
            let status = String(decoding: sample, as: UTF8.self).replacingOccurrences(of: "000.00.00.G22", with: "000.00.00.H52")
            guard let range = status.range(of: #"Timestamp>[^<]+<"#, options: .regularExpression) else { throw TestFailure("no Timestamp") }
            let later = EdXMLTimestamp(Date().addingTimeInterval(30 * 86_400))
            return Data(status.replacingCharacters(in: range, with: "Timestamp>\(later)<").utf8)
        case .negativePageAmount: return try Packets.with(header: { $0.otherInfo?.pageAmount = -3 })
        case .tooManyCopies: return try Packets.with(header: { $0.otherInfo?.promulgationAmount = 250_000 })
        case .steeringTypeOutOfRange: return try Packets.with(header: { $0.steeringType = 7 })
        }
    }
}
