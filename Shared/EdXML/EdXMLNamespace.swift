/// Namespace URIs and algorithm identifiers that appear in edXML packets.
public enum EdXMLNamespace {
    /// QCVN 102:2016 packet namespace; every envelope element lives in it.
    public static let edXML = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
    /// W3C XML-DSig namespace.
    public static let xmlDSig = "http://www.w3.org/2000/09/xmldsig#"
}
