import Foundation
import Messaging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The document axis (Trục liên thông văn bản) as dispatch sees it: where packets are sent.
protocol AxisClient: Sendable {
    func sendStatus(_ packet: Data, to recipient: String) async throws
}

/// An axis reached over HTTP (the provincial LGSP adapter, or the simulator in development).
struct HTTPAxisClient: AxisClient {
    let baseURL: URL

    func sendStatus(_ packet: Data, to recipient: String) async throws {
        var request = URLRequest(url: baseURL.appendingPathComponent("status"))
        request.httpMethod = "POST"
        request.setValue("application/xml; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(recipient, forHTTPHeaderField: "X-Recipient")
        request.timeoutInterval = 30
        let response: URLResponse
        do {
            (_, response) = try await URLSession.shared.upload(for: request, from: packet)
        } catch {
            throw TransientError("the axis at \(baseURL) cannot be reached: \(error.localizedDescription)")
        }
        let code = (response as? HTTPURLResponse)?.statusCode ?? 0
        switch code {
        case 200..<300: return
        case 400..<500 where code != 408 && code != 429:
            throw PermanentError("the axis refused the status packet (HTTP \(code))")
        default:
            throw TransientError("the axis answered HTTP \(code)")
        }
    }
}
