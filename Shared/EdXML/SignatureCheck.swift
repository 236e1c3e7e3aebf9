import CLibXML2
import Foundation
import OpenSSLSupport

/// Verification of one `Signature` element: reference digest first, then the RSA signature over `SignedInfo`.
struct SignatureCheck {
    struct Failure: Error {
        var reason: String
    }

    let xml: LibXMLDocument
    let signature: xmlNodePtr

    /// What a signature that checks out was made with.
    struct Result {
        var certificate: X509Certificate
        /// Further certificates of `X509Data`, for building the chain.
        var intermediates: [X509Certificate]
        var usesSHA1: Bool
    }

    /// Returns the signer's certificate when the signature matches the document.
    func run() throws(Failure) -> Result {
        let signedInfo = try required(signature, "SignedInfo")
        let c14nURI = try algorithm(of: required(signedInfo, "CanonicalizationMethod"))
        guard var canonicalizer = SignatureAlgorithms.canonicalizer(c14nURI) else {
            throw Failure(reason: "unsupported canonicalization \(c14nURI)")
        }
        canonicalizer.inclusivePrefixes = prefixList(try required(signedInfo, "CanonicalizationMethod"))
        let methodURI = try algorithm(of: required(signedInfo, "SignatureMethod"))
        guard let signatureDigest = SignatureAlgorithms.rsaDigest(methodURI) else {
            throw Failure(reason: "unsupported signature method \(methodURI)")
        }
        let references = LibXMLDocument.children(of: signedInfo).filter { LibXMLDocument.name(of: $0) == "Reference" }
        guard references.count == 1, let reference = references.first else {
            throw Failure(reason: "expected one Reference, found \(references.count)")
        }
        let digestSHA1 = try checkReference(reference)

        let certificates = try certificates()
        let certificate = certificates[0]
        var canonical: [UInt8] = []
        guard canonicalizer.canonicalize(xml, scope: .only(signedInfo), into: { canonical.append(contentsOf: $0) }) else {
            throw Failure(reason: "canonicalization of SignedInfo failed")
        }
        let value = try base64(LibXMLDocument.text(of: required(signature, "SignatureValue")), field: "SignatureValue")
        guard let digest = DigestAlgorithm(named: signatureDigest), certificate.verify(Array(value), over: canonical, digest: digest) else {
            throw Failure(reason: "the signature value does not match SignedInfo")
        }
        return Result(
            certificate: certificate, intermediates: Array(certificates.dropFirst()), usesSHA1: digestSHA1 || signatureDigest == "SHA1")
    }

    /// Checks the document digest; true when it is SHA-1.
    private func checkReference(_ reference: xmlNodePtr) throws(Failure) -> Bool {
        let uri = LibXMLDocument.attribute("URI", of: reference) ?? ""
        guard uri.isEmpty else { throw Failure(reason: "unsupported reference URI \"\(uri)\" (only the whole document)") }
        var enveloped = false
        var canonicalizer = XMLCanonicalizer(method: .inclusive, withComments: false)
        if let transforms = LibXMLDocument.child(of: reference, named: "Transforms") {
            for transform in LibXMLDocument.children(of: transforms) {
                let uri = try algorithm(of: transform)
                if uri == SignatureAlgorithms.envelopedSignature {
                    enveloped = true
                } else if var c14n = SignatureAlgorithms.canonicalizer(uri) {
                    c14n.inclusivePrefixes = prefixList(transform)
                    // A same-document reference never includes comments (XML-DSig 4.3.3.3).
                    c14n.withComments = false
                    canonicalizer = c14n
                } else {
                    throw Failure(reason: "unsupported transform \(uri)")
                }
            }
        }
        guard enveloped else { throw Failure(reason: "the enveloped-signature transform is missing") }
        let digestURI = try algorithm(of: required(reference, "DigestMethod"))
        guard let digestName = SignatureAlgorithms.digest(digestURI) else { throw Failure(reason: "unsupported digest \(digestURI)") }
        let expected = try base64(LibXMLDocument.text(of: required(reference, "DigestValue")), field: "DigestValue")
        guard let actual = EdXMLSignature.digest(xml, scope: .excluding(signature), canonicalizer: canonicalizer, algorithm: digestName)
        else { throw Failure(reason: "canonicalization of the document failed") }
        guard actual == expected else { throw Failure(reason: "the document digest does not match: the packet was changed after signing") }
        return digestName == "SHA1"
    }

    /// The certificates of `KeyInfo/X509Data`; the one whose key made the signature first (as XML-DSig writes it).
    private func certificates() throws(Failure) -> [X509Certificate] {
        guard let keyInfo = LibXMLDocument.child(of: signature, named: "KeyInfo"),
            let x509 = LibXMLDocument.child(of: keyInfo, named: "X509Data")
        else { throw Failure(reason: "no X509Certificate in KeyInfo") }
        let nodes = LibXMLDocument.children(of: x509).filter { LibXMLDocument.name(of: $0) == "X509Certificate" }
        guard !nodes.isEmpty else { throw Failure(reason: "no X509Certificate in KeyInfo") }
        var certificates: [X509Certificate] = []
        for node in nodes {
            let der = try base64(LibXMLDocument.text(of: node), field: "X509Certificate")
            do { certificates.append(try X509Certificate(der: Array(der))) } catch { throw Failure(reason: error.reason) }
        }
        return certificates
    }

    private func required(_ node: xmlNodePtr, _ name: String) throws(Failure) -> xmlNodePtr {
        guard let child = LibXMLDocument.child(of: node, named: name) else { throw Failure(reason: "missing \(name)") }
        return child
    }

    private func algorithm(of node: xmlNodePtr) throws(Failure) -> String {
        guard let uri = LibXMLDocument.attribute("Algorithm", of: node) else {
            throw Failure(reason: "\(LibXMLDocument.name(of: node)) has no Algorithm")
        }
        return uri
    }

    private func prefixList(_ node: xmlNodePtr) -> [String] {
        guard let inclusive = LibXMLDocument.child(of: node, named: "InclusiveNamespaces"),
            let list = LibXMLDocument.attribute("PrefixList", of: inclusive)
        else { return [] }
        return list.split(separator: " ").map(String.init)
    }

    private func base64(_ text: String, field: String) throws(Failure) -> Data {
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw Failure(reason: "\(field) is not base64")
        }
        return data
    }
}
