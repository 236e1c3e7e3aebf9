import COpenSSL
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Foundation
import OpenSSLSupport

/// An RFC 3161 timestamp authority: takes a DER `TimeStampReq`, returns the DER `TimeStampResp`.
public protocol TimestampAuthority: Sendable {
    func respond(to request: [UInt8]) async throws -> [UInt8]
}

/// A TSA reached over HTTP POST (`application/timestamp-query`).
public struct HTTPTimestampAuthority: TimestampAuthority {
    public let url: URL
    public let timeout: TimeInterval
    public init(url: URL, timeout: TimeInterval = 30) {
        self.url = url
        self.timeout = timeout
    }

    public func respond(to request: [UInt8]) async throws -> [UInt8] {
        var req = URLRequest(url: url, timeoutInterval: timeout)
        req.httpMethod = "POST"
        req.setValue("application/timestamp-query", forHTTPHeaderField: "Content-Type")
        req.httpBody = Data(request)
        let (data, response) = try await URLSession.shared.data(for: req)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw PDFSignError(.timestamp, "The timestamp authority answered with an HTTP error", vi: "Máy chủ cấp dấu thời gian trả lỗi HTTP")
        }
        return [UInt8](data)
    }
}

/// RFC 3161 request building and response checking.
enum RFC3161 {
    static func failure(_ detail: String) -> PDFSignError {
        PDFSignError(.timestamp, "Timestamp failed: \(detail)", vi: "Lấy dấu thời gian thất bại: \(detail)")
    }

    /// A DER TimeStampReq for SHA-256(`data`), with a nonce and certReq set.
    static func request(for data: [UInt8]) throws -> (der: [UInt8], nonce: UInt64) {
        let hash = StreamingDigest.sha256(data)
        let nonce = UInt64.random(in: 1...UInt64(Int64.max))
        guard let req = TS_REQ_new(), let imprint = TS_MSG_IMPRINT_new(), let alg = X509_ALGOR_new() else {
            throw failure("out of memory")
        }
        defer {
            TS_REQ_free(req)
            TS_MSG_IMPRINT_free(imprint)
            X509_ALGOR_free(alg)
        }
        X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nil)
        let n = ASN1_INTEGER_new()
        defer { ASN1_INTEGER_free(n) }
        ASN1_INTEGER_set_uint64(n, nonce)
        guard TS_REQ_set_version(req, 1) == 1, TS_MSG_IMPRINT_set_algo(imprint, alg) == 1,
            hash.withUnsafeBufferPointer({ TS_MSG_IMPRINT_set_msg(imprint, UnsafeMutablePointer(mutating: $0.baseAddress), 32) }) == 1,
            TS_REQ_set_msg_imprint(req, imprint) == 1, TS_REQ_set_nonce(req, n) == 1, TS_REQ_set_cert_req(req, 1) == 1
        else { throw failure(OpenSSLFailure.lastError()) }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let len = i2d_TS_REQ(req, &out)
        guard len > 0, let out else { throw failure("cannot encode the request") }
        defer { pdfsign_OPENSSL_free(out) }
        return (Array(UnsafeBufferPointer(start: out, count: Int(len))), nonce)
    }

    /// Checks status, nonce and imprint; returns the token (DER ContentInfo).
    static func token(from response: [UInt8], data: [UInt8], nonce: UInt64) throws -> [UInt8] {
        let resp: OpaquePointer? = response.withUnsafeBufferPointer { buf in
            var p: UnsafePointer<UInt8>? = buf.baseAddress
            return d2i_TS_RESP(nil, &p, buf.count)
        }
        guard let resp else { throw failure("the reply does not parse") }
        defer { TS_RESP_free(resp) }
        let status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp)))
        guard status == 0 || status == 1, let tok = TS_RESP_get_token(resp), let info = TS_RESP_get_tst_info(resp) else {
            throw failure("the authority refused the request (status \(status))")
        }
        let gotNonce = TS_TST_INFO_get_nonce(info)
        var v: UInt64 = 0
        guard let gotNonce, ASN1_INTEGER_get_uint64(&v, gotNonce) == 1, v == nonce else { throw failure("nonce mismatch") }
        let mi = TS_TST_INFO_get_msg_imprint(info)
        let msg = TS_MSG_IMPRINT_get_msg(mi)
        let got = Array(UnsafeBufferPointer(start: ASN1_STRING_get0_data(msg), count: Int(ASN1_STRING_length(msg))))
        guard got == StreamingDigest.sha256(data) else { throw failure("message imprint mismatch") }
        var out: UnsafeMutablePointer<UInt8>? = nil
        let len = i2d_PKCS7(tok, &out)
        guard len > 0, let out else { throw failure("cannot encode the token") }
        defer { pdfsign_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(len)))
    }

    /// Gets a token over `data` (the signature value) from `tsa`.
    static func timestamp(_ data: [UInt8], tsa: any TimestampAuthority) async throws -> [UInt8] {
        let (req, nonce) = try request(for: data)
        let reply: [UInt8]
        do { reply = try await tsa.respond(to: req) } catch let e as PDFSignError { throw e } catch {
            throw failure("the authority is unreachable")
        }
        return try token(from: reply, data: data, nonce: nonce)
    }
}
