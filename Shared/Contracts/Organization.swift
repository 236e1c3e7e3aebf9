/// An organisation on the document axis, named by its mã định danh (QCVN 102 / QĐ 20/2020).
public struct Organization: Codable, Sendable, Hashable {
    /// Mã định danh, e.g. `000.00.00.H52` (UBND tỉnh Sơn La).
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// Whether `code` is a well-formed mã định danh: groups of `[0-9A-Z]` joined by `.`, at most 10 groups and 35 characters
    /// (QĐ 20/2020/QĐ-TTg; the legacy 13-character QCVN 102 form is a special case). Intake, routing and the edXML
    /// parser all check codes with this one rule.
    public static func isValidCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard !bytes.isEmpty, bytes.count <= 35 else { return false }
        var groups = 1
        var groupLength = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                groupLength += 1
            case UInt8(ascii: "."):
                guard groupLength > 0 else { return false }
                groups += 1
                groupLength = 0
            default:
                return false
            }
        }
        return groupLength > 0 && groups <= 10
    }
}

/// A file that travels with a document: the main text, an appendix or an attachment.
public struct AttachmentRef: Codable, Sendable, Hashable {
    /// File name as the regulation allows it (ASCII letters, digits, `-`, `_`, one dot; ≤ 50 characters).
    public var name: String
    public var blob: BlobRef
    public var description: String?

    public init(name: String, blob: BlobRef, description: String? = nil) {
        self.name = name
        self.blob = blob
        self.description = description
    }
}
