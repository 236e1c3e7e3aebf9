import COpenSSL

/// An X.509 certificate (DER). Parsed on demand; no OpenSSL pointer leaves this module.
public struct Certificate: Sendable, Hashable {
    public let der: [UInt8]

    /// Parses a DER certificate; throws if OpenSSL cannot read it.
    public init(der: [UInt8]) throws {
        self.der = der
        _ = try X509Handle(der: der)
    }

    /// Reads every certificate of a PEM text (a bundle is fine).
    public static func fromPEM(_ pem: String) throws -> [Certificate] {
        let bio = OpenSSL.memBIO(Array(pem.utf8))
        defer { BIO_free(bio) }
        var out: [Certificate] = []
        while let x = PEM_read_bio_X509(bio, nil, nil, nil) {
            defer { X509_free(x) }
            out.append(try Certificate(der: X509Handle.encode(x)))
        }
        ERR_clear_error()
        return out
    }

    /// The subject as a one-line RFC 2253 string (UTF-8).
    public var subject: String { (try? X509Handle(der: der))?.name(X509_get_subject_name) ?? "" }
    /// The subject's common name.
    public var commonName: String {
        (try? X509Handle(der: der))?.commonName ?? subject
    }

    /// The subject public key info (DER), to check that a key and a certificate belong together.
    func publicKeyDER() throws -> [UInt8] {
        let x = try X509Handle(der: der)
        guard let key = X509_get0_pubkey(x.ptr) else { throw PDFSignError.crypto("certificate has no public key") }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let n = i2d_PUBKEY(key, &out)
        guard n > 0, let out else { throw PDFSignError.crypto("public key does not encode") }
        defer { pdfsign_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }
}

/// Owns one `X509*`.
final class X509Handle {
    let ptr: OpaquePointer

    init(der: [UInt8]) throws {
        let p: OpaquePointer? = der.withUnsafeBufferPointer { buf in
            var q: UnsafePointer<UInt8>? = buf.baseAddress
            return d2i_X509(nil, &q, buf.count)
        }
        guard let p else { throw PDFSignError.crypto("certificate does not parse") }
        ptr = p
    }

    /// Takes a new reference to `x`.
    init(retaining x: OpaquePointer) {
        X509_up_ref(x)
        ptr = x
    }

    deinit { X509_free(ptr) }

    static func encode(_ x: OpaquePointer) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let n = i2d_X509(x, &out)
        guard n > 0, let out else { throw PDFSignError.crypto("certificate does not encode") }
        defer { pdfsign_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }

    func name(_ getter: (OpaquePointer?) -> OpaquePointer?) -> String {
        let bio = BIO_new(BIO_s_mem())
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, getter(ptr), 0, UInt(ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_UTF8_CONVERT | ASN1_STRFLGS_DUMP_UNKNOWN | ASN1_STRFLGS_DUMP_DER) | UInt(XN_FLAG_SEP_COMMA_PLUS) | UInt(XN_FLAG_DN_REV) | UInt(XN_FLAG_FN_SN) | UInt(XN_FLAG_DUMP_UNKNOWN_FIELDS))
        return String(decoding: OpenSSL.bioBytes(bio), as: UTF8.self)
    }

    var commonName: String? {
        let n = X509_get_subject_name(ptr)
        let i = X509_NAME_get_index_by_NID(n, NID_commonName, -1)
        guard i >= 0, let e = X509_NAME_get_entry(n, i), let s = X509_NAME_ENTRY_get_data(e) else { return nil }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let len = ASN1_STRING_to_UTF8(&out, s)
        guard len >= 0, let out else { return nil }
        defer { pdfsign_OPENSSL_free(out) }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(len)), as: UTF8.self)
    }
}

/// Small OpenSSL helpers.
enum OpenSSL {
    /// A memory BIO holding a copy of `bytes` (free it with BIO_free).
    static func memBIO(_ bytes: [UInt8]) -> OpaquePointer {
        let bio = BIO_new(BIO_s_mem())!
        bytes.withUnsafeBufferPointer { _ = BIO_write(bio, $0.baseAddress, Int32($0.count)) }
        return bio
    }

    static func bioBytes(_ bio: OpaquePointer?) -> [UInt8] {
        var p: UnsafeMutablePointer<CChar>? = nil
        let n = qlvb_BIO_get_mem_data(bio, &p)
        guard n > 0, let p else { return [] }
        return p.withMemoryRebound(to: UInt8.self, capacity: n) { Array(UnsafeBufferPointer(start: $0, count: n)) }
    }

    /// The last OpenSSL error as text (and clears the queue).
    static func lastError() -> String {
        let e = ERR_get_error()
        ERR_clear_error()
        guard e != 0 else { return "unknown error" }
        var buf = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(e, &buf, buf.count)
        return buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// A STACK_OF(X509) with new references to the certificates (free with pdfsign_sk_X509_pop_free).
    static func stack(_ certs: [Certificate]) throws -> OpaquePointer {
        let sk = pdfsign_sk_X509_new_null()!
        for c in certs {
            let h = try X509Cache.shared.handle(der: c.der)
            X509_up_ref(h.ptr)
            _ = pdfsign_sk_X509_push(sk, h.ptr)
        }
        return sk
    }

    static func certificates(in sk: OpaquePointer?) -> [Certificate] {
        guard let sk else { return [] }
        return (0..<pdfsign_sk_X509_num(sk)).compactMap { i in
            pdfsign_sk_X509_value(sk, i).flatMap { try? Certificate(der: X509Handle.encode($0)) }
        }
    }
}
