/// Why a PDF could not be read, prepared, signed or verified.
///
/// `code` is stable and meant for programs; `message` (English) and `vietnameseMessage` are safe to log and to show.
/// No message ever contains a password or key material.
public struct PDFSignError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code. New codes may be added; switch with a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file is encrypted (/Encrypt in the trailer).
        public static let encrypted = Code("pdf.encrypted")
        /// The file ends early: no `startxref`/`%%EOF`, or an offset past the end.
        public static let truncated = Code("pdf.truncated")
        /// The cross-reference data or an object does not parse.
        public static let damaged = Code("pdf.damaged")
        /// A hybrid-reference file (/XRefStm): refused, verifiers reject signatures in them.
        public static let hybridReference = Code("pdf.hybridReference")
        /// The inflated streams of one document add up to more than `PDFLimits.inflatedBytes` (a deflate bomb).
        public static let inflationBudget = Code("pdf.inflationBudget")
        /// References lead back to themselves: a /Length, an object, an object stream or a /Prev chain that loops.
        public static let referenceCycle = Code("pdf.referenceCycle")
        /// A lookup stacks more indirect references than `PDFLimits.referenceDepth`.
        public static let referenceDepth = Code("pdf.referenceDepth")
        /// An object stream inside an object stream (more than `PDFLimits.objectStreamNesting`).
        public static let nestedObjectStream = Code("pdf.nestedObjectStream")
        /// More cross-reference rows than `PDFLimits.objects`.
        public static let tooManyObjects = Code("pdf.tooManyObjects")
        /// Something the library does not support (rotated page, unknown filter, interlaced PNG...).
        public static let unsupported = Code("pdf.unsupported")
        /// A named field or page does not exist, or has the wrong type.
        public static let fieldNotFound = Code("pdf.fieldNotFound")
        /// The signature field is already signed.
        public static let fieldAlreadySigned = Code("pdf.fieldAlreadySigned")
        /// A PKCS#12 file could not be opened (wrong password or damaged file).
        public static let keyUnreadable = Code("key.unreadable")
        /// An OpenSSL operation failed.
        public static let crypto = Code("crypto.failed")
        /// The timestamp authority failed or answered something unusable.
        public static let timestamp = Code("tsa.failed")
        /// Rendering an appearance with Cairo/Pango failed.
        public static let rendering = Code("render.failed")
        /// A file could not be read or written.
        public static let io = Code("io.failed")
    }

    public let code: Code
    /// English message, safe to log.
    public let message: String
    /// Vietnamese message, safe to show to users.
    public let vietnameseMessage: String

    public init(_ code: Code, _ message: String, vi vietnameseMessage: String) {
        self.code = code
        self.message = message
        self.vietnameseMessage = vietnameseMessage
    }

    public var description: String { "\(code): \(message)" }

    static func damaged(_ detail: String) -> PDFSignError {
        PDFSignError(.damaged, "The PDF file is damaged: \(detail)", vi: "Tệp PDF bị hỏng: \(detail)")
    }

    static func truncated(_ detail: String) -> PDFSignError {
        PDFSignError(.truncated, "The PDF file is truncated: \(detail)", vi: "Tệp PDF bị cắt cụt: \(detail)")
    }

    static let encrypted = PDFSignError(
        .encrypted, "The PDF file is encrypted; remove the password before signing",
        vi: "Tệp PDF đã được mã hóa; hãy gỡ mật khẩu trước khi ký")

    static let hybrid = PDFSignError(
        .hybridReference, "Hybrid-reference PDF files (/XRefStm) are not supported; save the file again without it",
        vi: "Không hỗ trợ tệp PDF tham chiếu lai (/XRefStm); hãy lưu lại tệp theo định dạng thông thường")

    /// Whether a `PDFLimits` budget or a cycle guard refused the file: it is hostile or broken beyond repair, never
    /// just unusual, so it is refused when it is uploaded.
    public var isLimitViolation: Bool {
        [.inflationBudget, .referenceCycle, .referenceDepth, .nestedObjectStream, .tooManyObjects].contains(code)
    }

    static func inflationBudget(_ limit: Int) -> PDFSignError {
        let mb = limit / (1 << 20)
        return PDFSignError(
            .inflationBudget, "The PDF file decompresses to more than \(mb) MB (the limit for one document); it may be a decompression bomb",
            vi: "Tệp PDF khi giải nén vượt quá \(mb) MB (giới hạn cho một tệp); có thể là tệp \"bom nén\"")
    }

    static func referenceCycle(_ detail: String) -> PDFSignError {
        PDFSignError(.referenceCycle, "The PDF file's references loop: \(detail)", vi: "Tham chiếu trong tệp PDF bị vòng lặp: \(detail)")
    }

    static func referenceDepth(_ limit: Int) -> PDFSignError {
        PDFSignError(
            .referenceDepth, "The PDF file's references are nested more than \(limit) deep",
            vi: "Tham chiếu trong tệp PDF lồng nhau quá \(limit) cấp")
    }

    static func nestedObjectStream(_ detail: String) -> PDFSignError {
        PDFSignError(
            .nestedObjectStream, "The PDF file has an object stream inside an object stream (\(detail))",
            vi: "Tệp PDF có luồng đối tượng nằm trong luồng đối tượng khác (\(detail))")
    }

    static func tooManyObjects(_ limit: Int) -> PDFSignError {
        PDFSignError(.tooManyObjects, "The PDF file lists more than \(limit) objects", vi: "Tệp PDF có hơn \(limit) đối tượng")
    }

    static func unsupported(_ detail: String) -> PDFSignError {
        PDFSignError(.unsupported, "Unsupported PDF feature: \(detail)", vi: "Tính năng PDF chưa được hỗ trợ: \(detail)")
    }

    static func field(_ name: String, _ detail: String) -> PDFSignError {
        PDFSignError(.fieldNotFound, "Field '\(name)': \(detail)", vi: "Trường '\(name)': \(detail)")
    }

    static func crypto(_ detail: String) -> PDFSignError {
        PDFSignError(.crypto, "Cryptographic operation failed: \(detail)", vi: "Thao tác mật mã thất bại: \(detail)")
    }

    static func io(_ detail: String) -> PDFSignError {
        PDFSignError(.io, "File operation failed: \(detail)", vi: "Lỗi đọc/ghi tệp: \(detail)")
    }
}
