import AxisHTTP
import EdXML
import Foundation
import HTTPTypes

/// The axis's operations over the store, per calling system (../shared/vxp-protocol.md §4–5).
struct SimulatedAxis: Sendable {
    let agencies: AxisAgencies
    let store: AxisStore

    /// The answer to `POST …/<operation>`: every member present, never null; `ErrorCode` `"0"` on success.
    func answer(_ operation: String, headers: HTTPFields, body: Data) async -> [String: Any] {
        let extra: [String: Any] = switch operation {
        case "sendEdoc": ["DocId": ""]
        case "getEdoc": ["data": ""]
        case "getReceivedEdocList", "getSentEdocList", "getAgenciesList", "getSynchronizeUnit": ["data": [Any]()]
        default: [:]
        }
        func failure(_ code: String, _ message: String) -> [String: Any] {
            ["status": "FAIL", "ErrorCode": code, "ErrorDesc": message].merging(extra) { a, _ in a }
        }
        let known = ["sendEdoc", "getReceivedEdocList", "getSentEdocList", "getEdoc", "updateStatus", "getAgenciesList"]
        guard known.contains(operation) else {
            return failure("404", "Thao tác \(operation) không có trên trục mô phỏng (unknown operation)")
        }
        // sendEdoc's body is the packet followed by exactly one CR LF.
        var packet: Data? = nil
        if operation == "sendEdoc" {
            packet = body.count >= 2 && body.suffix(2) == Data([0x0d, 0x0a]) ? body.dropLast(2) : body
        }
        let request: SignedRequest
        do { request = try SignedRequest.check(headers, agencies: agencies, packet: packet) } catch {
            log("axis-sim: refused \(operation) from \(HTTPField.Name("XroadVnpt-systemid").flatMap { headers[$0] } ?? "?"): \(error.message)")
            return failure(error.code, error.message)
        }
        let caller = request.agency.systemId
        let ok: [String: Any] = ["status": "OK", "ErrorCode": "0", "ErrorDesc": "Thành công"]
        do {
            switch operation {
            case "sendEdoc":
                let packet = Data(packet ?? Data())
                let messageType = request.parameter("messagetype") ?? "edoc"
                let (named, summary) = Self.recipients(of: packet, toHeader: request.parameter("to"))
                let queued = named.filter { agencies.agency($0) != nil }
                let docId = try await store.add(
                    packet: packet, sender: caller, from: request.parameter("from") ?? caller, messageType: messageType,
                    recipients: queued, unknown: named.filter { agencies.agency($0) == nil })
                log("axis-sim: received \(summary) (DocId \(docId), \(messageType) from system \(caller), queued for \(queued))")
                return ok.merging(["DocId": docId]) { a, _ in a }
            case "getReceivedEdocList", "getSentEdocList":
                let messageType = request.parameter("messagetype") ?? "edoc"
                let items = operation == "getSentEdocList"
                    ? await store.sent(by: caller, messageType: messageType, docId: request.parameter("docId"))
                    : await store.received(by: caller, messageType: messageType)
                return ok.merging(["data": items.map(\.json)]) { a, _ in a }
            case "getEdoc":
                guard let docId = request.parameter("docId"), let data = await store.packet(docId, for: caller) else {
                    return failure("404", "Không tìm thấy văn bản (no such document for \(caller))")
                }
                return ok.merging(["data": data.base64EncodedString()]) { a, _ in a }
            case "updateStatus":
                guard let docId = request.parameter("docId"), let status = request.parameter("status"), !status.isEmpty else {
                    return failure("400", "Thiếu docId hoặc status (docId and status are required)")
                }
                guard try await store.update(docId, for: caller, status: status) else {
                    return failure("404", "Không tìm thấy văn bản (no such document for \(caller))")
                }
                return ok
            default:
                let list = agencies.all.map { VXPAgency(id: $0.systemId, pid: "", code: $0.systemId, name: $0.name).json }
                return ok.merging(["data": list]) { a, _ in a }
            }
        } catch {
            return failure("500", "Lỗi trục mô phỏng (simulator error): \(error)")
        }
    }

    /// The organs a packet is addressed to (a document's To, a status packet's ResponseFor organ), else the `to`
    /// header's JSON list; and a line for the log (the demo looks for "status 01").
    static func recipients(of packet: Data, toHeader: String?) -> ([String], String) {
        switch try? EdXMLParser().parse(packet) {
        case .document(let document)?:
            let code = "\(document.header.code.codeNumber)/\(document.header.code.codeNotation)"
            return (document.header.to.map(\.organId), "document \(code) from \(document.header.from.organId)")
        case .status(let s)?:
            let summary = "status \(s.statusCode.rawValue) from \(s.from.organId) for \(s.responseFor.documentId ?? "?"): \(s.description ?? "")"
            return ([s.responseFor.organId], summary)
        case nil:
            let listed = toHeader.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] } ?? []
            return (listed, "unreadable packet (\(packet.count) bytes)")
        }
    }
}
