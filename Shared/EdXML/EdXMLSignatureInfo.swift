/// What parsing saw of the XML signature in `edXMLHeader` (not whether it is valid).
public struct EdXMLSignatureInfo: Sendable, Hashable {
    /// The namespace of the `Signature` element: the W3C one, or the edXML one the SDK's library leaves it in.
    public var namespace: String
    public var canonicalizationMethod: String?
    public var signatureMethod: String?
    public var digestMethod: String?
    /// `X509Data/X509SubjectName` as written by the signer (not checked against the certificate).
    public var subjectName: String?
    public var hasCertificate: Bool

    public init(
        namespace: String, canonicalizationMethod: String? = nil, signatureMethod: String? = nil, digestMethod: String? = nil,
        subjectName: String? = nil, hasCertificate: Bool = false
    ) {
        self.namespace = namespace
        self.canonicalizationMethod = canonicalizationMethod
        self.signatureMethod = signatureMethod
        self.digestMethod = digestMethod
        self.subjectName = subjectName
        self.hasCertificate = hasCertificate
    }

    /// True when the element carries the W3C XML-DSig namespace (what we emit).
    public var isW3CNamespace: Bool { namespace == EdXMLNamespace.xmlDSig }
}
