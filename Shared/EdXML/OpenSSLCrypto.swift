import COpenSSL
import Foundation

/// The few OpenSSL operations XML signatures need. OpenSSL handles never leave these types.
enum OpenSSLCrypto {
    struct Failure: Error {
        var reason: String
    }

    /// The last OpenSSL error, for messages.
    static func lastError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "unknown OpenSSL error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static func digest(named name: String) -> OpaquePointer? {
        EVP_get_digestbyname(name)
    }
}

/// A private key read from PEM.
final class PrivateKey {
    let key: OpaquePointer

    init(pem: String) throws(OpenSSLCrypto.Failure) {
        let loaded: OpaquePointer? = Array(pem.utf8).withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let loaded else { throw .init(reason: "private key: \(OpenSSLCrypto.lastError())") }
        key = loaded
    }

    deinit { EVP_PKEY_free(key) }

    /// Signs `data` (hashed with `digest`) with PKCS#1 v1.5 for RSA keys.
    func sign(_ data: [UInt8], digest: OpaquePointer) throws(OpenSSLCrypto.Failure) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw .init(reason: "out of memory") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, digest, nil, key) == 1 else { throw .init(reason: OpenSSLCrypto.lastError()) }
        var length = 0
        guard EVP_DigestSign(context, nil, &length, data, data.count) == 1 else { throw .init(reason: OpenSSLCrypto.lastError()) }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, data, data.count) == 1 else { throw .init(reason: OpenSSLCrypto.lastError()) }
        return Array(signature.prefix(length))
    }
}

/// An X.509 certificate read from PEM or DER.
final class Certificate {
    let certificate: OpaquePointer

    init(pem: String) throws(OpenSSLCrypto.Failure) {
        let loaded: OpaquePointer? = Array(pem.utf8).withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_X509(bio, nil, nil, nil)
        }
        guard let loaded else { throw .init(reason: "certificate: \(OpenSSLCrypto.lastError())") }
        certificate = loaded
    }

    init(der: Data) throws(OpenSSLCrypto.Failure) {
        let loaded: OpaquePointer? = der.withUnsafeBytes { bytes in
            var pointer = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return d2i_X509(nil, &pointer, bytes.count)
        }
        guard let loaded else { throw .init(reason: "the certificate cannot be read") }
        certificate = loaded
    }

    deinit { X509_free(certificate) }

    var der: Data {
        var pointer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(certificate, &pointer)
        guard length > 0, let pointer else { return Data() }
        defer { CRYPTO_free(pointer, #file, #line) }
        return Data(bytes: pointer, count: Int(length))
    }

    /// The subject as an RFC 2253 string, UTF-8 kept as is.
    var subject: String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        // XN_FLAG_RFC2253 without ASN1_STRFLGS_ESC_MSB (the macro does not import into Swift).
        X509_NAME_print_ex(bio, X509_get_subject_name(certificate), 0, 0x0111_0313)
        var pointer: UnsafeMutablePointer<CChar>?
        let length = qlvb_BIO_get_mem_data(bio, &pointer)
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: Int(length)), as: UTF8.self)
    }

    func matches(_ key: PrivateKey) -> Bool {
        X509_check_private_key(certificate, key.key) == 1
    }

    func verify(_ signature: Data, over data: [UInt8], digest: OpaquePointer) -> Bool {
        guard let publicKey = X509_get0_pubkey(certificate), let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, digest, nil, publicKey) == 1 else { return false }
        let status = signature.withUnsafeBytes { bytes in
            EVP_DigestVerify(context, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, data, data.count)
        }
        ERR_clear_error()
        return status == 1
    }
}

/// A digest computed over data that arrives in pieces.
final class StreamingDigest {
    private let context: OpaquePointer

    init(_ digest: OpaquePointer) {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, digest, nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    func finish() -> Data {
        var buffer = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &buffer, &length)
        return Data(buffer.prefix(Int(length)))
    }
}
