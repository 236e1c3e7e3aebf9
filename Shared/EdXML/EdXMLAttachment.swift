import Foundation

/// A `Reference` of the manifest (`edXMLBody/edXMLManifest`).
public struct EdXMLReference: Sendable, Hashable {
    /// The content id without its `cid:` prefix.
    public var contentId: String
    public var contentType: String?
    public var description: String?
    public var attachmentName: String?

    public init(contentId: String, contentType: String? = nil, description: String? = nil, attachmentName: String? = nil) {
        self.contentId = contentId
        self.contentType = contentType
        self.description = description
        self.attachmentName = attachmentName
    }
}

/// What is known about an attachment apart from its bytes.
public struct EdXMLAttachmentInfo: Sendable, Hashable {
    /// The content id without its `cid:` prefix.
    public var contentId: String
    public var attachmentName: String
    public var description: String?
    /// As written on the wire; `application/zip` when the SDK zipped the file.
    public var contentType: String?
    /// Whether the bytes travel inside a one-entry ZIP (as the government SDK sends them). When parsing, the
    /// content handed out is already unzipped; when writing, `true` zips it like the SDK.
    public var zipped: Bool

    public init(contentId: String, attachmentName: String, description: String? = nil, contentType: String? = nil, zipped: Bool = false) {
        self.contentId = contentId
        self.attachmentName = attachmentName
        self.description = description
        self.contentType = contentType
        self.zipped = zipped
    }

    /// The lower-cased extension of `attachmentName` (`pdf`, `doc`, …), the file's real type once unzipped.
    public var fileExtension: String? {
        guard let dot = attachmentName.lastIndex(of: "."), attachmentName.index(after: dot) < attachmentName.endIndex else {
            return nil
        }
        return attachmentName[attachmentName.index(after: dot)...].lowercased()
    }
}

/// An attachment with its decoded (and unzipped) bytes in memory.
public struct EdXMLAttachment: Sendable, Hashable {
    public var info: EdXMLAttachmentInfo
    public var content: Data

    public init(info: EdXMLAttachmentInfo, content: Data) {
        self.info = info
        self.content = content
    }

    public var contentId: String { info.contentId }
    public var attachmentName: String { info.attachmentName }
}

/// An attachment whose bytes were handed to a sink by `EdXMLReader`, with what the sink returned.
public struct EdXMLStreamedAttachment<Stored> {
    /// Complete metadata (fields written after the content are included).
    public var info: EdXMLAttachmentInfo
    /// Decoded, unzipped size in bytes.
    public var byteCount: Int64
    public var stored: Stored
}

extension EdXMLStreamedAttachment: Sendable where Stored: Sendable {}
extension EdXMLStreamedAttachment: Equatable where Stored: Equatable {}
