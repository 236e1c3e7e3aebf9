import Contracts
import EdXML
import Foundation

/// SplitMix64: a tiny seeded generator, so a failing iteration can be replayed from its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random but valid packets: Vietnamese text with diacritics and đ, XML special characters, random optional fields.
struct PacketGenerator {
    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    static func packet(seed: UInt64) -> EdXMLPacket {
        var generator = PacketGenerator(seed: seed)
        return generator.packet()
    }

    private static let words = [
        "Ủy", "ban", "nhân", "dân", "tỉnh", "Sơn", "La", "đề", "nghị", "báo", "cáo", "Đảng", "ủy", "quản", "lý", "văn", "bản",
        "<b>", "&amp;", "R&D", "\"trích\"", "'dẫn'", "a<b>c", "x>y", "ĐĂNG", "Hỏa", "tốc", "Mộc", "Châu", "Thuận", "Châu", "ngày",
        "30/4", "№1", "😀", "—", "tab\there",
    ]

    mutating func text(maxCharacters: Int) -> String {
        var result = ""
        for _ in 0..<Int.random(in: 1...12, using: &random) {
            let word = Self.words.randomElement(using: &random)!
            let candidate = result.isEmpty ? word : result + " " + word
            if candidate.count > maxCharacters { break }
            result = candidate
        }
        return result.isEmpty ? "Đ" : result
    }

    mutating func maybe<T>(_ make: (inout PacketGenerator) -> T) -> T? {
        Bool.random(using: &random) ? make(&self) : nil
    }

    mutating func code() -> String {
        let groups = Int.random(in: 1...4, using: &random)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return (0..<groups).map { _ in String((0..<Int.random(in: 1...3, using: &random)).map { _ in alphabet.randomElement(using: &random)! }) }
            .joined(separator: ".")
    }

    mutating func date() -> EdXMLDate {
        EdXMLDate(year: Int.random(in: 2000...2030, using: &random), month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))!
    }

    mutating func timestamp() -> EdXMLTimestamp {
        EdXMLTimestamp(day: date(), hour: Int.random(in: 0...23, using: &random), minute: Int.random(in: 0...59, using: &random), second: Int.random(in: 0...59, using: &random))!
    }

    mutating func organization(id: String) -> EdXMLOrganization {
        EdXMLOrganization(
            organId: id, organizationInCharge: maybe { $0.text(maxCharacters: 200) }, organName: maybe { $0.text(maxCharacters: 200) },
            organAdd: maybe { $0.text(maxCharacters: 250) }, email: maybe { _ in "vanthu@sonla.gov.vn" },
            telephone: maybe { _ in "0212 3852 000" }, fax: maybe { _ in "(0212)3852001" }, website: maybe { _ in "https://sonla.gov.vn/?a=1&b=2" })
    }

    mutating func staff() -> EdXMLStaffInfo {
        EdXMLStaffInfo(
            department: maybe { $0.text(maxCharacters: 100) }, staff: maybe { $0.text(maxCharacters: 50) },
            mobile: maybe { _ in "0912000001" }, email: maybe { _ in "a&b@sonla.gov.vn" })
    }

    mutating func packet() -> EdXMLPacket {
        let recipients = Set((0..<Int.random(in: 1...4, using: &random)).map { _ in code() }).sorted()
        let header = EdXMLMessageHeader(
            from: organization(id: "000.00.00.H52"),
            to: recipients.map { organization(id: $0) },
            code: EdXMLCode(codeNumber: String(Int.random(in: 1...99_999, using: &random)), codeNotation: maybe { _ in "UBND-KT" } ?? "QĐ-UBND"),
            promulgationInfo: EdXMLPromulgationInfo(place: maybe { $0.text(maxCharacters: 50) }, promulgationDate: date()),
            documentType: maybe { g in EdXMLDocumentType(type: Int.random(in: 1...30, using: &g.random), typeDetail: g.maybe { _ in 0 }, typeName: g.maybe { $0.text(maxCharacters: 100) }) },
            subject: text(maxCharacters: 500), content: maybe { $0.text(maxCharacters: 500) },
            signerInfo: maybe { g in EdXMLSignerInfo(competence: g.maybe { _ in "KT. CHỦ TỊCH" }, position: g.maybe { _ in "PHÓ CHỦ TỊCH" }, fullName: g.maybe { $0.text(maxCharacters: 50) }) },
            dueDate: maybe { $0.date() },
            toPlaces: (0..<Int.random(in: 0...3, using: &random)).map { _ in text(maxCharacters: 80) },
            otherInfo: maybe { g in
                EdXMLOtherInfo(
                    priority: g.maybe { Int.random(in: 0...4, using: &$0.random) }, sphereOfPromulgation: g.maybe { $0.text(maxCharacters: 100) },
                    typerNotation: g.maybe { _ in "TVA" }, promulgationAmount: g.maybe { Int.random(in: 1...9, using: &$0.random) },
                    pageAmount: g.maybe { Int.random(in: 1...99, using: &$0.random) },
                    appendixes: (0..<Int.random(in: 0...2, using: &g.random)).map { _ in g.text(maxCharacters: 250) }, direction: g.maybe { Bool.random(using: &$0.random) })
            },
            responseFor: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                EdXMLResponseFor(organId: code(), code: maybe { _ in "267/VPCP-TTĐT" }, promulgationDate: maybe { $0.date() }, documentId: maybe { _ in "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT" })
            },
            steeringType: maybe { Int.random(in: 0...2, using: &$0.random) },
            documentId: maybe { _ in "000.00.00.H52,2026/03/16,1234/UBND-KT" })
        let business = maybe { g in
            EdXMLBusiness(
                businessDocType: EdXMLBusinessDocType.allCases.randomElement(using: &g.random)!, businessDocReason: g.maybe { $0.text(maxCharacters: 200) },
                documentId: g.maybe { _ in "000.00.00.H52,2026/01/02,12/UBND-VP" }, paper: g.maybe { Bool.random(using: &$0.random) },
                staffInfo: g.maybe { $0.staff() },
                businessDocumentInfo: g.maybe { g in
                    EdXMLBusinessDocumentInfo(
                        documentInfo: g.maybe { Bool.random(using: &$0.random) }, documentReceiver: g.maybe { Bool.random(using: &$0.random) },
                        receiverList: (0..<Int.random(in: 0...2, using: &g.random)).map { _ in EdXMLReceiver(organId: g.code(), receiverType: g.maybe { _ in 1 }) })
                },
                replacementInfoList: (0..<Int.random(in: 0...2, using: &g.random)).map { _ in
                    EdXMLReplacementInfo(documentId: "000.00.00.H52,2025/12/01,9/UBND-KT", organIdList: (0..<Int.random(in: 0...2, using: &g.random)).map { _ in g.code() })
                })
        }
        let traces = (0..<Int.random(in: 0...2, using: &random)).map { _ in EdXMLTraceHeader(organId: code(), timestamp: timestamp()) }
        var attachments: [EdXMLAttachment] = []
        for index in 0..<Int.random(in: 0...3, using: &random) {
            let size = [0, 1, 2, 3, 57, 1000, 70_000].randomElement(using: &random)!
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
            let zipped = Bool.random(using: &random)
            attachments.append(
                EdXMLAttachment(
                    info: EdXMLAttachmentInfo(
                        contentId: maybe { _ in "cid-\(index)" } ?? String(index + 1), attachmentName: "\(index)_văn bản.\(["pdf", "docx", "doc"].randomElement(using: &random)!)",
                        description: maybe { $0.text(maxCharacters: 100) }, contentType: zipped ? "application/zip" : maybe { _ in "application/pdf" }, zipped: zipped),
                    content: Data(bytes)))
        }
        let references = attachments.map {
            EdXMLReference(contentId: $0.contentId, contentType: $0.info.contentType, description: $0.info.description, attachmentName: $0.attachmentName)
        }
        return EdXMLPacket(
            header: header, traceHeaderList: EdXMLTraceHeaderList(traceHeaders: traces, business: business), references: references,
            attachments: attachments)
    }

    mutating func status() -> EdXMLStatusPacket {
        EdXMLStatusPacket(
            from: organization(id: code()),
            responseFor: EdXMLResponseFor(organId: "000.00.00.H52", code: maybe { _ in "1234/UBND-KT" }, promulgationDate: maybe { $0.date() }, documentId: "000.00.00.H52,2026/03/16,1234/UBND-KT"),
            staffInfo: maybe { $0.staff() }, statusCode: StatusCode.allCases.randomElement(using: &random)!,
            description: maybe { $0.text(maxCharacters: 300) }, timestamp: timestamp())
    }
}
