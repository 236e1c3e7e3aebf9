/// `edXMLHeader/MessageHeader` of a document packet (§1.3, items 1.1–1.14).
public struct EdXMLMessageHeader: Sendable, Hashable {
    public var from: EdXMLOrganization
    /// At least one; no two with the same OrganId.
    public var to: [EdXMLOrganization]
    public var code: EdXMLCode
    public var promulgationInfo: EdXMLPromulgationInfo
    public var documentType: EdXMLDocumentType?
    /// Trích yếu: required, at most 500 characters.
    public var subject: String
    public var content: String?
    public var signerInfo: EdXMLSignerInfo?
    public var dueDate: EdXMLDate?
    /// The printed "Nơi nhận" lines.
    public var toPlaces: [String]
    public var otherInfo: EdXMLOtherInfo?
    public var responseFor: [EdXMLResponseFor]
    /// 0 not a directive, 1 directive, 2 report on a directive.
    public var steeringType: Int?
    /// `<sender OrganId>,<yyyy/MM/dd>,<CodeNumber>/<CodeNotation>`; the deduplication key.
    public var documentId: String?

    public init(
        from: EdXMLOrganization, to: [EdXMLOrganization], code: EdXMLCode, promulgationInfo: EdXMLPromulgationInfo,
        documentType: EdXMLDocumentType? = nil, subject: String, content: String? = nil, signerInfo: EdXMLSignerInfo? = nil,
        dueDate: EdXMLDate? = nil, toPlaces: [String] = [], otherInfo: EdXMLOtherInfo? = nil,
        responseFor: [EdXMLResponseFor] = [], steeringType: Int? = nil, documentId: String? = nil
    ) {
        self.from = from
        self.to = to
        self.code = code
        self.promulgationInfo = promulgationInfo
        self.documentType = documentType
        self.subject = subject
        self.content = content
        self.signerInfo = signerInfo
        self.dueDate = dueDate
        self.toPlaces = toPlaces
        self.otherInfo = otherInfo
        self.responseFor = responseFor
        self.steeringType = steeringType
        self.documentId = documentId
    }
}
