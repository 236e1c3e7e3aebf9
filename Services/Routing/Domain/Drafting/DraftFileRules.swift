import Contracts
import Foundation
import PDFSign

/// What a draft's files must be: the attachment rules intake applies to arriving packets (`AttachmentRule`,
/// regulation art. 7.4), and the main document is the PDF the head signs.
enum DraftFileRules {
    static let maxNameLength = AttachmentRule.maxNameLength
    static let maxBytes = AttachmentRule.maxBytes

    /// Checks one upload and returns the media type to store it under.
    static func check(name: String, kind: DraftFile.Kind, bytes: some Collection<UInt8>) throws -> String {
        switch AttachmentRule.nameProblem(name) {
        case nil: break
        case .tooLong:
            throw Refusal.unprocessable(
                "file_name_too_long", "Tên tệp \"\(name)\" dài \(name.count) ký tự, vượt quá \(maxNameLength) ký tự",
                "file name \"\(name)\" has \(name.count) characters, more than \(maxNameLength)")
        case .invalid:
            throw Refusal.unprocessable(
                "file_name_invalid",
                "Tên tệp \"\(name)\" chỉ được gồm chữ cái không dấu, chữ số, dấu - và _ cùng phần mở rộng",
                "file name \"\(name)\" may only contain ASCII letters, digits, - and _ plus the extension")
        case .typeNotAllowed:
            let ext = AttachmentRule.fileExtension(name)
            throw Refusal.unprocessable(
                "file_type_not_allowed",
                "Định dạng .\(ext) không được phép (chỉ nhận txt, rtf, doc, docx, odt, pdf, csv, xls, xlsx, ods và ảnh)",
                "file type .\(ext) is not allowed (txt rtf doc docx odt pdf csv xls xlsx ods and images only)")
        }
        let ext = AttachmentRule.fileExtension(name)
        guard kind != .main || ext == "pdf" else {
            throw Refusal.unprocessable(
                "main_not_pdf", "Văn bản chính phải là tệp PDF để ký số", "the main document must be a PDF, the file that is signed")
        }
        guard !bytes.isEmpty else {
            throw Refusal.unprocessable("file_empty", "Tệp \"\(name)\" rỗng", "file \"\(name)\" is empty")
        }
        guard bytes.count <= maxBytes else {
            throw Refusal(.contentTooLarge, code: "file_too_large", vietnamese: "Tệp \"\(name)\" vượt quá 50 MB",
                english: "file \"\(name)\" is larger than 50 MB")
        }
        // Text is checked further in (no NUL in the first 4 KB); the other kinds by their first bytes.
        guard let fileKind = AttachmentRule.kind(forName: name),
            AttachmentRule.matches(fileKind, Array(bytes.prefix(fileKind == .text ? 4096 : 16)))
        else {
            throw Refusal.unprocessable(
                "file_type_mismatch", "Nội dung tệp \"\(name)\" không đúng định dạng .\(ext)",
                "the content of \"\(name)\" is not a .\(ext) file")
        }
        if ext == "pdf" { try screenPDF(name: name, bytes: Array(bytes)) }
        return AttachmentRule.mediaType(forName: name)
    }

    /// A PDF is read as signing will read it, within the reader's budgets (`PDFLimits.standard`), so that a hostile
    /// file (a decompression bomb, a reference loop) is refused when it is uploaded rather than when the head
    /// approves it. Files the reader merely finds damaged pass as before: this refusal is for files that would
    /// exhaust the signer.
    static func screenPDF(name: String, bytes: [UInt8]) throws {
        let refusal: PDFSignError
        do throws(PDFSignError) {
            _ = try PDFScreening.screen(bytes)
            return
        } catch {
            refusal = error
        }
        guard refusal.isLimitViolation else { return }
        throw Refusal.unprocessable(
            "pdf_refused", "Tệp \"\(name)\" bị từ chối: \(refusal.vietnameseMessage)", "file \"\(name)\" is refused: \(refusal.message)")
    }
}
