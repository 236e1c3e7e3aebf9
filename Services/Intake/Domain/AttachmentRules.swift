import EdXML
import Foundation

/// The Sơn La attachment rules (regulation art. 7.4) and the check that a file's bytes are what its name says.
enum AttachmentRules {
    static let maxNameLength = 50
    /// Bytes kept from the start of each attachment to recognise its type.
    static let sniffLength = 512

    /// What a file extension promises about the bytes.
    enum Kind: String, Sendable {
        case pdf, ooxmlOrOdf, ole, png, jpeg, gif, tiff, bmp, rtf, text
    }

    static let kinds: [String: Kind] = [
        "pdf": .pdf, "docx": .ooxmlOrOdf, "xlsx": .ooxmlOrOdf, "odt": .ooxmlOrOdf, "ods": .ooxmlOrOdf,
        "doc": .ole, "xls": .ole, "png": .png, "jpg": .jpeg, "jpeg": .jpeg, "gif": .gif, "tif": .tiff, "tiff": .tiff,
        "bmp": .bmp, "rtf": .rtf, "txt": .text, "csv": .text,
    ]

    /// Media types a sender may declare for each kind; `application/zip` and `application/octet-stream` say nothing.
    static let declared: [String: Kind] = [
        "application/pdf": .pdf, "application/msword": .ole, "application/vnd.ms-excel": .ole,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": .ooxmlOrOdf,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": .ooxmlOrOdf,
        "application/vnd.oasis.opendocument.text": .ooxmlOrOdf, "application/vnd.oasis.opendocument.spreadsheet": .ooxmlOrOdf,
        "image/png": .png, "image/jpeg": .jpeg, "image/jpg": .jpeg, "image/gif": .gif, "image/tiff": .tiff, "image/bmp": .bmp,
        "application/rtf": .rtf, "text/rtf": .rtf, "text/plain": .text, "text/csv": .text,
    ]

    static let mediaTypes: [Kind: String] = [
        .pdf: "application/pdf", .ole: "application/msword", .png: "image/png", .jpeg: "image/jpeg", .gif: "image/gif",
        .tiff: "image/tiff", .bmp: "image/bmp", .rtf: "application/rtf", .text: "text/plain", .ooxmlOrOdf: "application/zip",
    ]

    /// The media type to store a file under, from its extension.
    static func mediaType(forName name: String) -> String {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let specific: [String: String] = [
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
            "xls": "application/vnd.ms-excel", "csv": "text/csv",
        ]
        return specific[ext] ?? kinds[ext].flatMap { mediaTypes[$0] } ?? "application/octet-stream"
    }

    /// Checks the name: ASCII letters, digits, `-`, `_`, one dot before an allowed extension, at most 50 characters.
    static func checkName(_ name: String, contentId: String) throws(IntakeRefusal) {
        guard name.count <= maxNameLength else {
            throw IntakeRefusal(
                code: "attachment_name_too_long",
                vietnamese: "Tên tệp đính kèm \"\(name)\" dài \(name.count) ký tự, vượt quá \(maxNameLength) ký tự",
                english: "attachment name \"\(name)\" has \(name.count) characters, more than \(maxNameLength)")
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = { (s: Substring) in !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") } }
        guard parts.count == 2, allowed(parts[0]), allowed(parts[1]) else {
            throw IntakeRefusal(
                code: "attachment_name_invalid",
                vietnamese: "Tên tệp đính kèm \"\(name)\" chỉ được gồm chữ cái không dấu, chữ số, dấu - và _ cùng phần mở rộng (không dấu tiếng Việt, không khoảng trắng, ký tự đặc biệt)",
                english: "attachment name \"\(name)\" may only contain ASCII letters, digits, - and _ plus the extension (no diacritics, spaces or special characters)")
        }
        guard kinds[parts[1].lowercased()] != nil else {
            throw IntakeRefusal(
                code: "attachment_type_not_allowed",
                vietnamese: "Định dạng tệp .\(parts[1]) của \"\(name)\" không được phép (chỉ nhận txt, rtf, doc, docx, odt, pdf, csv, xls, xlsx, ods và ảnh)",
                english: "file type .\(parts[1]) of \"\(name)\" is not allowed (txt rtf doc docx odt pdf csv xls xlsx ods and images only)")
        }
    }

    /// Checks that the first bytes match the extension and the declared media type.
    static func checkContent(name: String, declaredType: String?, prefix: [UInt8], byteCount: Int64) throws(IntakeRefusal) {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard let kind = kinds[ext] else { return }
        let mismatch = IntakeRefusal(
            code: "attachment_type_mismatch",
            vietnamese: "Nội dung tệp \"\(name)\" không đúng định dạng .\(ext) (tệp có thể đã bị đổi tên)",
            english: "the content of \"\(name)\" is not a .\(ext) file (it may have been renamed)")
        guard byteCount > 0 else {
            throw IntakeRefusal(code: "attachment_empty", vietnamese: "Tệp đính kèm \"\(name)\" rỗng", english: "attachment \"\(name)\" is empty")
        }
        guard matches(kind, prefix) else { throw mismatch }
        if let declaredType, let declaredKind = declared[declaredType.lowercased().split(separator: ";").first.map(String.init) ?? ""],
            declaredKind != kind
        {
            throw IntakeRefusal(
                code: "attachment_type_mismatch",
                vietnamese: "Kiểu nội dung khai báo \(declaredType) của tệp \"\(name)\" không khớp với định dạng .\(ext)",
                english: "declared content type \(declaredType) of \"\(name)\" does not match its .\(ext) content")
        }
    }

    /// Programs and scripts, refused whatever the name says.
    static func isExecutable(_ p: [UInt8]) -> Bool {
        let magics: [[UInt8]] = [Array("MZ".utf8), [0x7F, 0x45, 0x4C, 0x46], Array("#!".utf8), [0xCF, 0xFA, 0xED, 0xFE], [0xCA, 0xFE, 0xBA, 0xBE]]
        return magics.contains { p.count >= $0.count && Array(p.prefix($0.count)) == $0 }
    }

    static func matches(_ kind: Kind, _ p: [UInt8]) -> Bool {
        func starts(_ magic: [UInt8]) -> Bool { p.count >= magic.count && Array(p.prefix(magic.count)) == magic }
        switch kind {
        case .pdf: return starts(Array("%PDF".utf8))
        case .ooxmlOrOdf: return starts([0x50, 0x4B, 0x03, 0x04])
        case .ole: return starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        case .png: return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .jpeg: return starts([0xFF, 0xD8, 0xFF])
        case .gif: return starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8))
        case .tiff: return starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A])
        case .bmp: return starts(Array("BM".utf8))
        case .rtf: return starts(Array("{\\rtf".utf8))
        case .text:
            // Plain text: no NUL bytes and not a program (MZ / ELF).
            return !p.contains(0) && !starts(Array("MZ".utf8)) && !starts([0x7F, 0x45, 0x4C, 0x46])
        }
    }
}
