import Foundation

/// What a draft's files must be, by the Sơn La attachment rules (regulation art. 7.4) that intake applies to
/// arriving packets (Services/Intake/Domain/AttachmentRules.swift, in another executable, hence this short copy):
/// extensions txt, rtf, doc, docx, odt, pdf, csv, xls, xlsx, ods and images; names of ASCII letters, digits, `-`,
/// `_` and the extension's dot, at most 50 characters; at most 50 MB; bytes that match the extension. The main
/// document is the PDF the head signs.
enum DraftFileRules {
    static let maxNameLength = 50
    static let maxBytes = 50 * 1024 * 1024

    /// Extension → the first bytes it promises (nil: plain text, any bytes without NUL).
    static let magic: [String: [[UInt8]]?] = [
        "pdf": [Array("%PDF".utf8)],
        "docx": [[0x50, 0x4B, 0x03, 0x04]], "xlsx": [[0x50, 0x4B, 0x03, 0x04]], "odt": [[0x50, 0x4B, 0x03, 0x04]],
        "ods": [[0x50, 0x4B, 0x03, 0x04]],
        "doc": [[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]], "xls": [[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]],
        "png": [[0x89, 0x50, 0x4E, 0x47]], "jpg": [[0xFF, 0xD8, 0xFF]], "jpeg": [[0xFF, 0xD8, 0xFF]],
        "gif": [Array("GIF87a".utf8), Array("GIF89a".utf8)], "tif": [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]],
        "tiff": [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]], "bmp": [Array("BM".utf8)], "rtf": [Array("{\\rtf".utf8)],
        "txt": nil, "csv": nil,
    ]

    static let mediaTypes: [String: String] = [
        "pdf": "application/pdf", "doc": "application/msword", "xls": "application/vnd.ms-excel",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "tif": "image/tiff", "tiff": "image/tiff",
        "bmp": "image/bmp", "rtf": "application/rtf", "txt": "text/plain", "csv": "text/csv",
    ]

    /// Checks one upload and returns the media type to store it under.
    static func check(name: String, kind: DraftFile.Kind, bytes: some Collection<UInt8>) throws -> String {
        guard name.count <= maxNameLength else {
            throw WorkflowError.unprocessable(
                "file_name_too_long", "Tên tệp \"\(name)\" dài \(name.count) ký tự, vượt quá \(maxNameLength) ký tự",
                "file name \"\(name)\" has \(name.count) characters, more than \(maxNameLength)")
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let allowed = { (s: Substring) in
            !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
        }
        guard parts.count == 2, allowed(parts[0]), allowed(parts[1]) else {
            throw WorkflowError.unprocessable(
                "file_name_invalid",
                "Tên tệp \"\(name)\" chỉ được gồm chữ cái không dấu, chữ số, dấu - và _ cùng phần mở rộng",
                "file name \"\(name)\" may only contain ASCII letters, digits, - and _ plus the extension")
        }
        let ext = parts[1].lowercased()
        guard let expected = magic[ext] else {
            throw WorkflowError.unprocessable(
                "file_type_not_allowed",
                "Định dạng .\(ext) không được phép (chỉ nhận txt, rtf, doc, docx, odt, pdf, csv, xls, xlsx, ods và ảnh)",
                "file type .\(ext) is not allowed (txt rtf doc docx odt pdf csv xls xlsx ods and images only)")
        }
        guard kind != .main || ext == "pdf" else {
            throw WorkflowError.unprocessable(
                "main_not_pdf", "Văn bản chính phải là tệp PDF để ký số", "the main document must be a PDF, the file that is signed")
        }
        guard !bytes.isEmpty else {
            throw WorkflowError.unprocessable("file_empty", "Tệp \"\(name)\" rỗng", "file \"\(name)\" is empty")
        }
        guard bytes.count <= maxBytes else {
            throw WorkflowError(
                status: .contentTooLarge, code: "file_too_large", vietnamese: "Tệp \"\(name)\" vượt quá 50 MB",
                english: "file \"\(name)\" is larger than 50 MB")
        }
        let prefix = Array(bytes.prefix(16))
        let matches: Bool
        if let expected {
            matches = expected.contains { prefix.count >= $0.count && Array(prefix.prefix($0.count)) == $0 }
        } else {
            matches = !bytes.prefix(4096).contains(0) && !(prefix.starts(with: Array("MZ".utf8)) || prefix.starts(with: [0x7F, 0x45, 0x4C, 0x46]))
        }
        guard matches else {
            throw WorkflowError.unprocessable(
                "file_type_mismatch", "Nội dung tệp \"\(name)\" không đúng định dạng .\(ext)",
                "the content of \"\(name)\" is not a .\(ext) file")
        }
        return mediaTypes[ext] ?? "application/octet-stream"
    }
}
