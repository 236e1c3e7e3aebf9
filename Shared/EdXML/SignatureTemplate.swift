import CLibXML2
import Foundation
import OpenSSLSupport

/// Builds the `Signature` element we emit, with an empty `SignatureValue` to fill once `SignedInfo` is canonical.
enum SignatureTemplate {
    struct Nodes {
        var element: xmlNodePtr
        var signedInfo: xmlNodePtr
        var signatureValue: xmlNodePtr
    }

    static func build(in document: xmlDocPtr, digest: Data, certificate: X509Certificate) -> Nodes {
        let signature = xmlNewDocNode(document, nil, xmlString("Signature"), nil)!
        let ns = xmlNewNs(signature, xmlString(EdXMLNamespace.xmlDSig), nil)
        xmlSetNs(signature, ns)
        func child(_ parent: xmlNodePtr, _ name: String, _ text: String? = nil, algorithm: String? = nil) -> xmlNodePtr {
            let node = xmlNewTextChild(parent, ns, xmlString(name), text.map(xmlString))!
            if let algorithm { xmlNewProp(node, xmlString("Algorithm"), xmlString(algorithm)) }
            return node
        }
        let signedInfo = child(signature, "SignedInfo")
        _ = child(signedInfo, "CanonicalizationMethod", algorithm: SignatureAlgorithms.exclusiveC14N)
        _ = child(signedInfo, "SignatureMethod", algorithm: SignatureAlgorithms.rsaSHA256)
        let reference = child(signedInfo, "Reference")
        xmlNewProp(reference, xmlString("URI"), xmlString(""))
        let transforms = child(reference, "Transforms")
        _ = child(transforms, "Transform", algorithm: SignatureAlgorithms.envelopedSignature)
        _ = child(transforms, "Transform", algorithm: SignatureAlgorithms.exclusiveC14N)
        _ = child(reference, "DigestMethod", algorithm: SignatureAlgorithms.sha256)
        _ = child(reference, "DigestValue", digest.base64EncodedString())
        let signatureValue = child(signature, "SignatureValue", "")
        let x509 = child(child(signature, "KeyInfo"), "X509Data")
        _ = child(x509, "X509SubjectName", certificate.subject)
        _ = child(x509, "X509Certificate", Data(certificate.der).base64EncodedString())
        return Nodes(element: signature, signedInfo: signedInfo, signatureValue: signatureValue)
    }
}
