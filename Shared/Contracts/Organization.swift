/// An organisation on the document axis, named by its mã định danh (QCVN 102 / QĐ 20/2020).
public struct Organization: Codable, Sendable, Hashable {
    /// Mã định danh, e.g. `000.00.00.H52` (UBND tỉnh Sơn La).
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
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
