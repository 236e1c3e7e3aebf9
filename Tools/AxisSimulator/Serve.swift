import ArgumentParser
import AxisHTTP
import EdXML
import Foundation
import Hummingbird

/// Serves the document axis's HTTP protocol (the government axis SDK 2.0.3, ../shared/vxp-protocol.md) to the agencies
/// of `--agencies`: `POST <any base path>/<operation>`, signed `XroadVnpt-*` headers checked, JSON answers.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Play the axis: sendEdoc, getReceivedEdocList, getEdoc, updateStatus, …")

    @Option var port = 8090
    @Option(help: "Folder of the packets sent to the axis, one file each, and the queues' journal.") var dir = "axis-sim"
    @Option(help: "The agencies (endpoint, systemId, secret, name; tab-separated), e.g. .run/axis-agencies.tsv.")
    var agencies: String?
    @Option(help: "Largest packet sendEdoc accepts, in bytes.") var maxPacketBytes = 160 * 1024 * 1024

    func run() async throws {
        let known = try agencies.map(AxisAgencies.load) ?? AxisAgencies(all: [])
        if known.all.isEmpty { log("axis-sim: no --agencies: every signed call is refused") }
        let axis = SimulatedAxis(agencies: known, store: try AxisStore(folder: URL(fileURLWithPath: dir)))
        let router = Router()
        router.get("/health") { _, _ in "ok" }
        let limit = maxPacketBytes
        router.post("**") { request, _ -> Response in
            let operation = request.uri.path.split(separator: "/").last.map(String.init) ?? ""
            let body = Data(buffer: try await request.body.collect(upTo: limit + 2))
            return Self.json(await axis.answer(operation, headers: request.headers, body: body))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        log("axis-sim: serving \(known.all.count) agencies on http://127.0.0.1:\(port)/XrdAdapter/adapter, packets in \(dir)")
        try await app.runService()
    }

    /// Always HTTP 200 with a JSON object, business errors included, as the SDK expects; never compressed.
    static func json(_ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        response.headers[.contentType] = "application/json; charset=utf-8"
        return response
    }
}
