/// A reference to bytes kept in the content-addressed blob store.
///
/// Large payloads (edXML packets, PDFs) never travel inside messages: a message carries this
/// reference and the consumer reads the bytes by hash.
public struct BlobRef: Codable, Sendable, Hashable {
    /// Lower-case hexadecimal SHA-256 of the content; also its name in the store.
    public var sha256: String
    /// Size in bytes.
    public var size: Int64
    /// Media type, e.g. `application/pdf` or `application/xml`.
    public var mediaType: String

    public init(sha256: String, size: Int64, mediaType: String) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
    }
}
