import AxisHTTP
import Foundation
import HTTPTypes
import OpenSSLSupport

/// A request checked the way the axis checks it (../shared/vxp-protocol.md §3.5, §7): a known `systemid`, the HMAC of
/// the received `XroadVnpt-sign-header` string under that system's secret, every name of the key list present in the
/// JSON and as a header with the same value, and, for `sendEdoc`, `hash-file` equal to the body's.
struct SignedRequest {
    let agency: AxisAgency
    /// The signed parameters, by name as sent (`docId`, `messagetype`, …).
    let parameters: [String: String]

    /// A parameter by name, ignoring case (`docId` and `docid` both occur).
    func parameter(_ name: String) -> String? {
        parameters[name] ?? parameters.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    struct Refusal: Error {
        var code: String
        var message: String
    }

    static func check(_ headers: HTTPFields, agencies: AxisAgencies, packet: Data?) throws(Refusal) -> SignedRequest {
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        guard let systemId = header("XroadVnpt-systemid"), let keyList = header("XroadVnpt-sign-header-key"),
            let signHeader = header("XroadVnpt-sign-header"), let hash = header("XroadVnpt-hash-header")
        else { throw Refusal(code: "401", message: "Thiếu tiêu đề ký (missing signed headers)") }
        guard let agency = agencies.agency(systemId) else {
            throw Refusal(code: "403", message: "Hệ thống \(systemId) không được phép kết nối trục (unknown system)")
        }
        let expected = (try? HMAC.sha256(key: Array(agency.secret.utf8), message: Array(signHeader.utf8))) ?? []
        let received = Self.bytes(ofHex: hash.lowercased()) ?? []
        guard HMAC.equal(expected, received) else {
            throw Refusal(code: "401", message: "Chữ ký không hợp lệ (bad signature)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(signHeader.utf8))) as? [String: Any] else {
            throw Refusal(code: "400", message: "XroadVnpt-sign-header không phải JSON (not JSON)")
        }
        var parameters: [String: String] = [:]
        for name in keyList.split(separator: ";").map(String.init) {
            guard let signed = object["XroadVnpt-" + name] as? String, header("XroadVnpt-" + name) == signed else {
                throw Refusal(code: "400", message: "Tiêu đề \(name) không khớp chữ ký (header \(name) differs from the signed one)")
            }
            parameters[name] = signed
        }
        guard parameters["systemid"] == systemId else {
            throw Refusal(code: "400", message: "systemid không được ký (systemid is not signed)")
        }
        if let packet {
            guard parameters["hash-file"] == VXPHeaderMap.hashFile(packet) else {
                throw Refusal(code: "400", message: "hash-file không khớp tệp gửi (hash-file differs from the packet)")
            }
        }
        return SignedRequest(agency: agency, parameters: parameters)
    }

    static func bytes(ofHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
            index += 2
        }
        return out
    }
}
