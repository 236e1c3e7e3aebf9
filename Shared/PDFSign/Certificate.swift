import OpenSSLSupport

/// An X.509 certificate (DER). Parsed on demand (and cached); no OpenSSL pointer leaves this module.
public struct Certificate: Sendable, Hashable {
    public let der: [UInt8]

    /// Parses a DER certificate; throws if OpenSSL cannot read it.
    public init(der: [UInt8]) throws {
        self.der = der
        _ = try Self.parse(der)
    }

    /// Reads every certificate of a PEM text (a bundle is fine).
    public static func fromPEM(_ pem: String) throws -> [Certificate] {
        do {
            return try X509Certificate.allFromPEM(pem).map { try Certificate(der: X509Certificate.encode($0.ptr)) }
        } catch let failure as OpenSSLFailure {
            throw PDFSignError.crypto(failure.reason)
        }
    }

    /// The subject as a one-line RFC 2253 string (UTF-8).
    public var subject: String { (try? Self.parse(der))?.subject ?? "" }
    /// The subject's common name.
    public var commonName: String {
        (try? Self.parse(der))?.commonName ?? subject
    }

    /// The subject public key info (DER), to check that a key and a certificate belong together.
    func publicKeyDER() throws -> [UInt8] {
        let x = try Self.parse(der)
        do { return try x.publicKeyDER() } catch { throw PDFSignError.crypto(error.reason) }
    }

    /// A fresh parse, uncached: certificates read from documents being verified are many and seen once.
    static func parse(_ der: [UInt8]) throws(PDFSignError) -> X509Certificate {
        do { return try X509Certificate(der: der) } catch { throw PDFSignError.crypto("certificate does not parse") }
    }
}
