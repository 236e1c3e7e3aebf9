/// Resource limits applied while reading a packet; every one of them is enforced before memory is spent.
public struct EdXMLLimits: Sendable, Hashable {
    /// Size of the whole packet in bytes (default 120 MB).
    public var maxPacketBytes: Int
    /// Element nesting depth (default 64; real packets stay under 10).
    public var maxDepth: Int
    /// Number of elements outside attachment content (default 20,000).
    public var maxElements: Int
    /// Characters of text in one header element (default 64 KiB); attachment content is not limited by this.
    public var maxTextBytes: Int
    /// Decoded and unzipped size of one attachment (default 512 MB), the guard against ZIP bombs.
    public var maxAttachmentBytes: Int64

    public init(
        maxPacketBytes: Int = 120 * 1024 * 1024, maxDepth: Int = 64, maxElements: Int = 20_000, maxTextBytes: Int = 64 * 1024,
        maxAttachmentBytes: Int64 = 512 * 1024 * 1024
    ) {
        self.maxPacketBytes = maxPacketBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
        self.maxTextBytes = maxTextBytes
        self.maxAttachmentBytes = maxAttachmentBytes
    }

    public static let `default` = EdXMLLimits()
}
