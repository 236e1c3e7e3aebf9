import Foundation
import NIOHTTP1

/// A client of the document axis (trục liên thông văn bản) speaking the HTTP protocol of the government's axis SDK for
/// Java 2.0.3 (../shared/vxp-protocol.md, docs/axis.md): every call a POST to `endpoint + "/" + operation`, its
/// parameters as signed `XroadVnpt-*` headers (`VXPHeaderMap`).
///
/// Unlike the SDK: every call has a deadline, answers are read up to a bound, and each call is built afresh (a new
/// header map and timestamp), so no header of an earlier call rides along and calls may run concurrently. Built on
/// the process's one `AxisHTTP` client.
public struct VXPClient: Sendable {
    /// The SDK's `service.endpoint`, e.g. `http://host:port/XrdAdapter/adapter`; operations are appended after a `/`.
    public let endpoint: String
    public let system: VXPSystem
    public let http: AxisHTTP
    /// Deadline of one call (connection, request and whole answer).
    public var timeout: Duration = .seconds(60)
    /// Largest answer of a list or an agency listing.
    public var maxListBytes = 16 * 1024 * 1024
    /// Largest packet `getEdoc` accepts (its answer is this in base64, plus a little).
    public var maxPacketBytes = 160 * 1024 * 1024
    /// The zone of `timestamp` (the SDK uses the JVM's local zone).
    public var timeZone: TimeZone = .current
    /// When the call is made; tests fix it to reproduce the SDK's exact headers.
    public var clock: @Sendable () -> Date = { Date() }

    public init(endpoint: String, system: VXPSystem, http: AxisHTTP) {
        // Plain concatenation as in the SDK, without the `//` a trailing slash would give.
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        self.endpoint = base
        self.system = system
        self.http = http
    }

    /// The two message types of the SDK: documents and status packets.
    public enum MessageType: String, Sendable, CaseIterable {
        case edoc, status
    }

    // MARK: - Operations

    /// `sendEdoc`: sends one packet; returns the axis's `DocId`. Not idempotent: a retry may create a second document.
    /// - Parameter to: recipients, sent as the optional `to` header (its JSON text); the packet's own To is what counts.
    public func sendEdoc(_ packet: Data, messageType: MessageType = .edoc, from: String, to: [String] = []) async throws(VXPError) -> String {
        var map = request(contentType: "application/octet-stream")
        map["from"] = from
        map["servicetype"] = "eDoc"
        map["messagetype"] = messageType.rawValue
        if !to.isEmpty { map["to"] = "[" + to.map { "\"\(VXPHeaderMap.gsonEscaped($0))\"" }.joined(separator: ",") + "]" }
        map["hash-file"] = VXPHeaderMap.hashFile(packet)
        var body = packet
        body.append(contentsOf: [0x0d, 0x0a])
        let answer = try await call("sendEdoc", map, body: body, maxAnswer: 64 * 1024)
        guard let docId = VXPAnswer.text(answer.object["DocId"]), !docId.isEmpty else {
            throw .unreadableAnswer(httpStatus: answer.httpStatus, "sendEdoc succeeded without a DocId")
        }
        return docId
    }

    /// `getReceivedEdocList`: what is waiting for this system.
    public func getReceivedEdocList(_ messageType: MessageType = .edoc) async throws(VXPError) -> [VXPListItem] {
        var map = request(contentType: "application/json")
        map["servicetype"] = "eDoc"
        map["messagetype"] = messageType.rawValue
        return try await call("getReceivedEdocList", map, body: Data(), maxAnswer: maxListBytes).items().map(VXPListItem.init)
    }

    /// `getSentEdocList`: what this system sent, with each recipient's delivery state; `docId` narrows it to one.
    public func getSentEdocList(_ messageType: MessageType = .edoc, docId: String? = nil) async throws(VXPError) -> [VXPListItem] {
        var map = request(contentType: "application/json")
        map["servicetype"] = "eDoc"
        map["messagetype"] = messageType.rawValue
        if let docId { map["docId"] = docId }
        return try await call("getSentEdocList", map, body: Data(), maxAnswer: maxListBytes).items().map(VXPListItem.init)
    }

    /// `getEdoc`: one packet's bytes, exactly as the sender's `sendEdoc` gave them (base64 in the answer).
    public func getEdoc(docId: String) async throws(VXPError) -> Data {
        var map = request(contentType: "application/json")
        map["docId"] = docId
        let answer = try await call("getEdoc", map, body: Data("{}".utf8), maxAnswer: maxPacketBytes / 3 * 4 + 64 * 1024)
        guard let text = answer.object["data"] as? String else {
            throw .unreadableAnswer(httpStatus: answer.httpStatus, "getEdoc succeeded without data")
        }
        // The SDK's decoder skips characters outside the alphabet (the `\r\n` some servers put in long base64).
        guard let bytes = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
            throw .unreadableAnswer(httpStatus: answer.httpStatus, "getEdoc's data is not base64")
        }
        return bytes
    }

    /// `updateStatus`: acknowledges a received document (`done`, `fail`, `processing`).
    public func updateStatus(docId: String, status: String) async throws(VXPError) {
        var map = request(contentType: "application/json")
        map["status"] = status
        map["docId"] = docId
        _ = try await call("updateStatus", map, body: Data("{}".utf8), maxAnswer: 64 * 1024)
    }

    /// `getAgenciesList`: the agencies the axis knows.
    public func getAgenciesList() async throws(VXPError) -> [VXPAgency] {
        let map = request(contentType: "application/json")
        return try await call("getAgenciesList", map, body: Data(), maxAnswer: maxListBytes).items().map(VXPAgency.init)
    }

    // MARK: - One call

    /// A fresh map as a new SDK service object starts it: `timestamp`, `systemid`, then `Content-Type`.
    public func request(contentType: String) -> VXPHeaderMap {
        var map = VXPHeaderMap()
        map["timestamp"] = VXPHeaderMap.timestamp(clock(), in: timeZone)
        map["systemid"] = system.systemId
        map["Content-Type"] = contentType
        return map
    }

    /// The request's headers, as sent (for tests comparing with the SDK's).
    public func headers(of map: VXPHeaderMap) throws(VXPError) -> [(String, String)] {
        do {
            return try map.httpHeaders(secret: system.secret, contentTypeFirst: map["Content-Type"] == "application/octet-stream")
        } catch {
            throw .unreachable("cannot sign the request: \(error)")
        }
    }

    func call(_ operation: String, _ map: VXPHeaderMap, body: Data, maxAnswer: Int) async throws(VXPError) -> VXPAnswer {
        guard let url = URL(string: endpoint + "/" + operation) else { throw .unreachable("'\(endpoint)' is not a URL") }
        let headers = try headers(of: map)
        let answer: AxisHTTP.Answer
        do {
            answer = try await http.send(.POST, url, headers: headers, body: body, timeout: timeout, maxAnswerBytes: maxAnswer)
        } catch let error as AxisHTTP.AnswerTooLarge {
            throw .answerTooLarge(limit: error.limit)
        } catch {
            throw .unreachable("\(error)")
        }
        return try VXPAnswer.parse(answer.body, httpStatus: answer.status)
    }
}
