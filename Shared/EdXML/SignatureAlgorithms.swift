/// Algorithm identifiers of XML-DSig that edXML packets use, mapped to C14N modes and OpenSSL digests.
enum SignatureAlgorithms {
    static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"

    /// A canonicalization algorithm, or nil when unsupported. The VNPT SDK writes exclusive C14N as
    /// `http://www.w3.org/TR/xml-exc-c14n#` (the URI of the spec page); it is read as exclusive C14N.
    static func canonicalizer(_ uri: String) -> XMLCanonicalizer? {
        switch uri {
        case "http://www.w3.org/TR/2001/REC-xml-c14n-20010315": XMLCanonicalizer(method: .inclusive, withComments: false)
        case "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments": XMLCanonicalizer(method: .inclusive, withComments: true)
        case "http://www.w3.org/2006/12/xml-c14n11": XMLCanonicalizer(method: .inclusive11, withComments: false)
        case "http://www.w3.org/2006/12/xml-c14n11#WithComments": XMLCanonicalizer(method: .inclusive11, withComments: true)
        case exclusiveC14N, "http://www.w3.org/TR/xml-exc-c14n#": XMLCanonicalizer(method: .exclusive, withComments: false)
        case "http://www.w3.org/2001/10/xml-exc-c14n#WithComments": XMLCanonicalizer(method: .exclusive, withComments: true)
        default: nil
        }
    }

    /// The OpenSSL digest name of a `DigestMethod`.
    static func digest(_ uri: String) -> String? {
        switch uri {
        case "http://www.w3.org/2000/09/xmldsig#sha1": "SHA1"
        case sha256: "SHA256"
        case "http://www.w3.org/2001/04/xmldsig-more#sha384": "SHA384"
        case "http://www.w3.org/2001/04/xmlenc#sha512": "SHA512"
        default: nil
        }
    }

    /// The OpenSSL digest name of an RSA `SignatureMethod`.
    static func rsaDigest(_ uri: String) -> String? {
        switch uri {
        case "http://www.w3.org/2000/09/xmldsig#rsa-sha1": "SHA1"
        case rsaSHA256: "SHA256"
        case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": "SHA384"
        case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": "SHA512"
        default: nil
        }
    }
}
