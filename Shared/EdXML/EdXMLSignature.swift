import CLibXML2
import Foundation
import OpenSSLSupport

/// The outcome of checking a packet's XML signature.
public enum EdXMLSignatureStatus: Sendable, Hashable {
    /// No `Signature` element (many senders sign only the PDF).
    case unsigned
    /// Digest and RSA signature check out with the certificate in `KeyInfo`; with a trust policy, the certificate
    /// also chains to a trusted root, was valid at the signing time and is not revoked.
    case valid(subject: String)
    /// The signature does not match the packet (changed after signing) or cannot be read.
    case invalid(reason: String)
    /// The signature matches, but does not count under the trust policy: SHA-1, or a certificate that does not chain
    /// to a trusted root, had expired or was revoked.
    case untrusted(subject: String, reason: String)
}

/// What a mathematically valid signature must also satisfy to count (intake's policy for the axis).
public struct EdXMLTrustPolicy: Sendable {
    /// The roots (and revocation lists) the signer's certificate must chain to; nil: any certificate.
    public var trustStore: TrustStore?
    /// SHA-1 is broken for signatures: refused in the digest and in the signature method.
    public var refuseSHA1: Bool
    /// When the packet was signed (its sender's trace time): the certificate must have been valid then.
    public var signingTime: Date

    public init(trustStore: TrustStore?, refuseSHA1: Bool = true, signingTime: Date) {
        self.trustStore = trustStore
        self.refuseSHA1 = refuseSHA1
        self.signingTime = signingTime
    }
}

/// Enveloped XML-DSig signatures of edXML packets (§1.6), with libxml2 C14N and OpenSSL.
public enum EdXMLSignature {
    /// Signs a packet: an enveloped signature in the W3C namespace, appended to `edXMLHeader`, over the whole document
    /// (`Reference URI=""`, enveloped-signature + exclusive C14N transforms, SHA-256 digest, RSA-SHA256, X509Data).
    /// - Parameters:
    ///   - document: the packet as built by `EdXMLWriter`; it must not be signed already.
    ///   - key: PEM private key (RSA).
    ///   - certificate: PEM certificate of that key.
    public static func sign(_ document: Data, key: String, certificate: String, limits: EdXMLLimits = .default) throws(EdXMLError) -> Data {
        let privateKey: PrivateKey
        let cert: X509Certificate
        do {
            privateKey = try PrivateKey(pem: key)
            cert = try X509Certificate(pem: certificate)
        } catch {
            throw .signingFailed(error.reason)
        }
        return try sign(document, key: privateKey, certificate: cert, limits: limits)
    }

    /// The same with a key and certificate already loaded (an agency's PKCS#12 file, `PKCS12Bundle`).
    public static func sign(
        _ document: Data, key privateKey: PrivateKey, certificate cert: X509Certificate, limits: EdXMLLimits = .default
    ) throws(EdXMLError) -> Data {
        guard cert.matches(privateKey) else { throw .signingFailed("the certificate does not belong to the key") }
        let xml = try LibXMLDocument(parsing: document, limits: limits)
        guard let root = xml.root, let header = LibXMLDocument.firstElement(under: root, named: "edXMLHeader") else {
            throw .missingField("edXMLEnvelope/edXMLHeader")
        }
        guard findSignature(in: xml) == nil else { throw .signingFailed("the packet is already signed") }
        let exclusive = XMLCanonicalizer(method: .exclusive, withComments: false)
        guard let digest = digest(xml, scope: .document, canonicalizer: exclusive, algorithm: "SHA256") else {
            throw .signingFailed("canonicalization failed")
        }
        let signature = SignatureTemplate.build(in: xml.document, digest: digest, certificate: cert)
        xmlAddChild(header, signature.element)
        var signedInfo: [UInt8] = []
        guard exclusive.canonicalize(xml, scope: .only(signature.signedInfo), into: { signedInfo.append(contentsOf: $0) }) else {
            throw .signingFailed("canonicalization of SignedInfo failed")
        }
        do {
            let value = try privateKey.sign(signedInfo, digest: .sha256)
            xmlNodeSetContent(signature.signatureValue, xmlString(Data(value).base64EncodedString()))
        } catch {
            throw .signingFailed(error.reason)
        }
        return xml.serialized()
    }

    /// Checks the packet's signature, in the W3C namespace or the SDK's un-namespaced one; SHA-1 or SHA-2 digests and
    /// RSA methods; inclusive, 1.1 or exclusive C14N. Never throws: an unreadable packet or signature is `.invalid`.
    /// - Parameter policy: what a matching signature must also satisfy; nil checks the mathematics only.
    public static func verify(_ document: Data, limits: EdXMLLimits = .default, policy: EdXMLTrustPolicy? = nil) -> EdXMLSignatureStatus {
        let xml: LibXMLDocument
        do { xml = try LibXMLDocument(parsing: document, limits: limits) } catch {
            return .invalid(reason: error.english)
        }
        guard let signature = findSignature(in: xml) else { return .unsigned }
        let checked: SignatureCheck.Result
        do { checked = try SignatureCheck(xml: xml, signature: signature).run() } catch {
            return .invalid(reason: error.reason)
        }
        guard let policy else { return .valid(subject: checked.certificate.subject) }
        let subject = checked.certificate.subject
        if policy.refuseSHA1, checked.usesSHA1 {
            return .untrusted(subject: subject, reason: "SHA-1 is no longer accepted for signatures (use SHA-256)")
        }
        if let store = policy.trustStore,
            let problem = store.problem(with: checked.certificate, intermediates: checked.intermediates, at: policy.signingTime)
        {
            return .untrusted(subject: subject, reason: "the signer's certificate is not trusted: \(problem)")
        }
        return .valid(subject: subject)
    }

    /// The `Signature` element: in `edXMLHeader` first, else anywhere, in the W3C or the edXML namespace.
    static func findSignature(in xml: LibXMLDocument) -> xmlNodePtr? {
        guard let root = xml.root else { return nil }
        let isSignature: (xmlNodePtr) -> Bool = { node in
            let namespace = LibXMLDocument.namespace(of: node)
            return namespace == EdXMLNamespace.xmlDSig || namespace == EdXMLNamespace.edXML
        }
        if let header = LibXMLDocument.firstElement(under: root, named: "edXMLHeader"),
            let signature = LibXMLDocument.children(of: header).first(where: { LibXMLDocument.name(of: $0) == "Signature" && isSignature($0) })
        {
            return signature
        }
        return LibXMLDocument.firstElement(under: root, named: "Signature", where: isSignature)
    }

    /// The digest of the canonical form of `scope`, computed as the canonical bytes stream out.
    static func digest(_ xml: LibXMLDocument, scope: XMLCanonicalizer.Scope, canonicalizer: XMLCanonicalizer, algorithm: String) -> Data? {
        guard let md = DigestAlgorithm(named: algorithm) else { return nil }
        let digest = StreamingDigest(md)
        guard canonicalizer.canonicalize(xml, scope: scope, into: { digest.update($0) }) else { return nil }
        return Data(digest.finish())
    }
}
