/// `edXMLHeader/TraceHeaderList`: the hops a packet went through and its business flow.
public struct EdXMLTraceHeaderList: Sendable, Hashable {
    public var traceHeaders: [EdXMLTraceHeader]
    /// `Bussiness` (sic) on the wire; absent means a new document.
    public var business: EdXMLBusiness?

    public init(traceHeaders: [EdXMLTraceHeader] = [], business: EdXMLBusiness? = nil) {
        self.traceHeaders = traceHeaders
        self.business = business
    }
}

public struct EdXMLTraceHeader: Sendable, Hashable {
    public var organId: String
    public var timestamp: EdXMLTimestamp

    public init(organId: String, timestamp: EdXMLTimestamp) {
        self.organId = organId
        self.timestamp = timestamp
    }
}

/// `BussinessDocType`: what the packet does to a document (§1.4).
public enum EdXMLBusinessDocType: Int, Sendable, Hashable, CaseIterable {
    case new = 0
    case revoke = 1
    case update = 2
    case replace = 3
}

/// `TraceHeaderList/Bussiness` (spec item 2.2).
public struct EdXMLBusiness: Sendable, Hashable {
    public var businessDocType: EdXMLBusinessDocType
    public var businessDocReason: String?
    /// The earlier document this packet revokes, updates or replaces.
    public var documentId: String?
    /// Whether a paper copy is also sent (`0`/`1`).
    public var paper: Bool?
    public var staffInfo: EdXMLStaffInfo?
    /// Only for updates.
    public var businessDocumentInfo: EdXMLBusinessDocumentInfo?
    /// Only for replacements.
    public var replacementInfoList: [EdXMLReplacementInfo]

    public init(
        businessDocType: EdXMLBusinessDocType, businessDocReason: String? = nil, documentId: String? = nil, paper: Bool? = nil,
        staffInfo: EdXMLStaffInfo? = nil, businessDocumentInfo: EdXMLBusinessDocumentInfo? = nil,
        replacementInfoList: [EdXMLReplacementInfo] = []
    ) {
        self.businessDocType = businessDocType
        self.businessDocReason = businessDocReason
        self.documentId = documentId
        self.paper = paper
        self.staffInfo = staffInfo
        self.businessDocumentInfo = businessDocumentInfo
        self.replacementInfoList = replacementInfoList
    }
}

/// `BussinessDocumentInfo`: which parts of the document an update changes.
public struct EdXMLBusinessDocumentInfo: Sendable, Hashable {
    /// Metadata changed (`DocumentInfo` 0/1).
    public var documentInfo: Bool?
    /// Receivers changed (`DocumentReceiver` 0/1).
    public var documentReceiver: Bool?
    public var receiverList: [EdXMLReceiver]

    public init(documentInfo: Bool? = nil, documentReceiver: Bool? = nil, receiverList: [EdXMLReceiver] = []) {
        self.documentInfo = documentInfo
        self.documentReceiver = documentReceiver
        self.receiverList = receiverList
    }
}

public struct EdXMLReceiver: Sendable, Hashable {
    public var organId: String
    /// 0 or 1; the semantics are not confirmed by any source.
    public var receiverType: Int?

    public init(organId: String, receiverType: Int? = nil) {
        self.organId = organId
        self.receiverType = receiverType
    }
}

/// `ReplacementInfo`: a document being replaced, and for which organisations.
public struct EdXMLReplacementInfo: Sendable, Hashable {
    public var documentId: String
    public var organIdList: [String]

    public init(documentId: String, organIdList: [String] = []) {
        self.documentId = documentId
        self.organIdList = organIdList
    }
}
