import Contracts

/// A document packet (gói tin văn bản, §1.3).
public struct EdXMLPacket: Sendable, Hashable {
    public var header: EdXMLMessageHeader
    public var traceHeaderList: EdXMLTraceHeaderList
    /// The manifest (`edXMLBody/edXMLManifest/Reference`).
    public var references: [EdXMLReference]
    /// The attachments with their bytes. Empty in the packet returned by `EdXMLReader`, which streams them to a sink instead.
    public var attachments: [EdXMLAttachment]
    /// The XML signature found in `edXMLHeader`, if any. Parsing only describes it: `EdXMLSignature.verify` checks it.
    public var signature: EdXMLSignatureInfo?

    public init(
        header: EdXMLMessageHeader, traceHeaderList: EdXMLTraceHeaderList = EdXMLTraceHeaderList(),
        references: [EdXMLReference] = [], attachments: [EdXMLAttachment] = [], signature: EdXMLSignatureInfo? = nil
    ) {
        self.header = header
        self.traceHeaderList = traceHeaderList
        self.references = references
        self.attachments = attachments
        self.signature = signature
    }

    /// `Bussiness/BussinessDocType`, `.new` when absent.
    public var businessDocType: EdXMLBusinessDocType {
        traceHeaderList.business?.businessDocType ?? .new
    }
}

/// A status packet (gói tin trạng thái, §1.5).
public struct EdXMLStatusPacket: Sendable, Hashable {
    /// The organisation reporting the status.
    public var from: EdXMLOrganization
    /// The document the status is about; `organId` is the organisation that receives the status.
    public var responseFor: EdXMLResponseFor
    public var staffInfo: EdXMLStaffInfo?
    public var statusCode: StatusCode
    public var description: String?
    public var timestamp: EdXMLTimestamp
    public var signature: EdXMLSignatureInfo?

    public init(
        from: EdXMLOrganization, responseFor: EdXMLResponseFor, staffInfo: EdXMLStaffInfo? = nil, statusCode: StatusCode,
        description: String? = nil, timestamp: EdXMLTimestamp, signature: EdXMLSignatureInfo? = nil
    ) {
        self.from = from
        self.responseFor = responseFor
        self.staffInfo = staffInfo
        self.statusCode = statusCode
        self.description = description
        self.timestamp = timestamp
        self.signature = signature
    }
}

/// Either kind of packet.
public enum EdXMLMessage: Sendable, Hashable {
    case document(EdXMLPacket)
    case status(EdXMLStatusPacket)
}
