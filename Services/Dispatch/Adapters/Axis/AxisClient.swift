import AxisHTTP
import Foundation
import Messaging

/// The document axis (Trục liên thông văn bản) as dispatch sees it: where packets are sent.
protocol AxisClient: Sendable {
    func sendStatus(_ packet: Data, to recipient: String) async throws
}

/// An axis reached over HTTP (the provincial LGSP adapter, or the simulator in development):
/// `POST <url>/status` with the packet, `X-Recipient` naming the agency it is for.
struct HTTPAxisClient: AxisClient {
    let baseURL: URL
    /// The process's one axis HTTP client (`AxisHTTP.makeClient`, closed when the service stops).
    let http: AxisHTTP

    func sendStatus(_ packet: Data, to recipient: String) async throws {
        let answer: AxisHTTP.Answer
        do {
            answer = try await http.send(
                .POST, baseURL.appendingPathComponent("status"),
                headers: [("Content-Type", "application/xml; charset=utf-8"), ("X-Recipient", recipient)],
                body: packet, timeout: .seconds(30), maxAnswerBytes: 1024 * 1024)
        } catch {
            throw TransientError("\(error)")
        }
        let code = answer.status
        switch code {
        case 200..<300: return
        case 400..<500 where code != 408 && code != 429:
            throw PermanentError("the axis refused the status packet (HTTP \(code))")
        default:
            throw TransientError("the axis answered HTTP \(code)")
        }
    }
}
