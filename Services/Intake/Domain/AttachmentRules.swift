import Contracts
import EdXML
import Foundation

/// Intake's side of the attachment rules (`AttachmentRule`, in Contracts): refusals a sender can read, and the
/// declared content type checked against the bytes.
enum AttachmentRules {
    static let maxNameLength = AttachmentRule.maxNameLength
    /// Bytes kept from the start of each attachment to recognise its type.
    static let sniffLength = 512
    typealias Kind = AttachmentRule.Kind

    /// Media types a sender may declare for each kind; `application/zip` and `application/octet-stream` say nothing.
    static let declared: [String: Kind] = [
        "application/pdf": .pdf, "application/msword": .ole, "application/vnd.ms-excel": .ole,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": .ooxmlOrOdf,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": .ooxmlOrOdf,
        "application/vnd.oasis.opendocument.text": .ooxmlOrOdf, "application/vnd.oasis.opendocument.spreadsheet": .ooxmlOrOdf,
        "image/png": .png, "image/jpeg": .jpeg, "image/jpg": .jpeg, "image/gif": .gif, "image/tiff": .tiff, "image/bmp": .bmp,
        "application/rtf": .rtf, "text/rtf": .rtf, "text/plain": .text, "text/csv": .text,
    ]

    /// The media type to store a file under, from its extension.
    static func mediaType(forName name: String) -> String { AttachmentRule.mediaType(forName: name) }

    /// Checks the name: ASCII letters, digits, `-`, `_`, one dot before an allowed extension, at most 50 characters.
    static func checkName(_ name: String, contentId: String) throws(IntakeRefusal) {
        switch AttachmentRule.nameProblem(name) {
        case nil: return
        case .tooLong:
            throw IntakeRefusal(
                code: "attachment_name_too_long",
                vietnamese: "Tên tệp đính kèm \"\(name)\" dài \(name.count) ký tự, vượt quá \(maxNameLength) ký tự",
                english: "attachment name \"\(name)\" has \(name.count) characters, more than \(maxNameLength)")
        case .invalid:
            throw IntakeRefusal(
                code: "attachment_name_invalid",
                vietnamese: "Tên tệp đính kèm \"\(name)\" chỉ được gồm chữ cái không dấu, chữ số, dấu - và _ cùng phần mở rộng (không dấu tiếng Việt, không khoảng trắng, ký tự đặc biệt)",
                english: "attachment name \"\(name)\" may only contain ASCII letters, digits, - and _ plus the extension (no diacritics, spaces or special characters)")
        case .typeNotAllowed(let ext):
            throw IntakeRefusal(
                code: "attachment_type_not_allowed",
                vietnamese: "Định dạng tệp .\(ext) của \"\(name)\" không được phép (chỉ nhận txt, rtf, doc, docx, odt, pdf, csv, xls, xlsx, ods và ảnh)",
                english: "file type .\(ext) of \"\(name)\" is not allowed (txt rtf doc docx odt pdf csv xls xlsx ods and images only)")
        }
    }

    /// Checks that the first bytes match the extension and the declared media type.
    static func checkContent(name: String, declaredType: String?, prefix: [UInt8], byteCount: Int64) throws(IntakeRefusal) {
        let ext = AttachmentRule.fileExtension(name)
        guard let kind = AttachmentRule.kind(forName: name) else { return }
        let mismatch = IntakeRefusal(
            code: "attachment_type_mismatch",
            vietnamese: "Nội dung tệp \"\(name)\" không đúng định dạng .\(ext) (tệp có thể đã bị đổi tên)",
            english: "the content of \"\(name)\" is not a .\(ext) file (it may have been renamed)")
        guard byteCount > 0 else {
            throw IntakeRefusal(code: "attachment_empty", vietnamese: "Tệp đính kèm \"\(name)\" rỗng", english: "attachment \"\(name)\" is empty")
        }
        guard AttachmentRule.matches(kind, prefix) else { throw mismatch }
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
}
