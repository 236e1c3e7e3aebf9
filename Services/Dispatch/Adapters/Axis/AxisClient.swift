import AxisHTTP
import Foundation
import Messaging

/// What an axis packet is: a document (`edoc`) or a status report (`status`), the axis's messagetype.
enum AxisPacketKind: String, Sendable { case edoc, status }

/// The document axis (Trục liên thông văn bản) as dispatch sees it: where packets are sent. Returns the axis's id of
/// the sent packet (DocID).
protocol AxisClient: Sendable {
    func send(_ packet: Data, kind: AxisPacketKind, from sender: String, to recipients: [String]) async throws -> String
}

/// An axis reached over HTTP (the provincial adapter, or the simulator in development): `POST <url>/edoc` or
/// `<url>/status` with the packet, `X-Sender` and `X-Recipient` (comma-separated) naming the agencies; the answer's
/// body (or `X-Doc-Id`) is the axis's id. A 4xx other than 408/429 is a refusal (permanent), anything else transient.
/// (The real VXP protocol, `sendEdoc` with its headers, replaces this in the `vxp` branch with the same shape.)
struct HTTPAxisClient: AxisClient {
    let baseURL: URL
    /// The process's one axis HTTP client (`AxisHTTP.makeClient`, closed when the service stops).
    let http: AxisHTTP

    func send(_ packet: Data, kind: AxisPacketKind, from sender: String, to recipients: [String]) async throws -> String {
        let answer: AxisHTTP.Answer
        do {
            answer = try await http.send(
                .POST, baseURL.appendingPathComponent(kind.rawValue),
                headers: [
                    ("Content-Type", "application/xml; charset=utf-8"), ("X-Sender", sender),
                    ("X-Recipient", recipients.joined(separator: ",")),
                ],
                body: packet, timeout: .seconds(60), maxAnswerBytes: 1024 * 1024)
        } catch {
            throw TransientError("\(error)")
        }
        let code = answer.status
        switch code {
        case 200..<300:
            let body = String(decoding: answer.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return body.isEmpty || body.count > 200 ? UUID().uuidString.lowercased() : body
        case 400..<500 where code != 408 && code != 429:
            throw PermanentError("the axis refused the \(kind.rawValue) packet (HTTP \(code))")
        default:
            throw TransientError("the axis answered HTTP \(code)")
        }
    }
}
