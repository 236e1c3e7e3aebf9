import ArgumentParser
import EdXML
import Foundation
import Hummingbird

/// Receives what QLVB sends to the axis and keeps it in a folder, one file per packet.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Receive status packets from dispatch.")

    @Option var port = 8090
    @Option var dir = "axis-sim"

    func run() async throws {
        let folder = URL(fileURLWithPath: dir)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let router = Router()
        router.get("/health") { _, _ in "ok" }
        router.post("/status") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let data = Data(buffer: body)
            let name = "status-\(Int(Date().timeIntervalSince1970 * 1000))-\(UUID().uuidString.prefix(6)).xml"
            try data.write(to: folder.appendingPathComponent(name))
            let summary: String
            if case .status(let s)? = try? EdXMLParser().parse(data) {
                summary = "status \(s.statusCode.rawValue) from \(s.from.organId) for \(s.responseFor.documentId ?? "?"): \(s.description ?? "")"
            } else {
                summary = "unreadable status packet (\(data.count) bytes)"
            }
            FileHandle.standardOutput.write(Data("axis-sim: received \(summary)\n".utf8))
            return Response(status: .ok)
        }
        // Document packets from dispatch (its simple HTTP client; the `vxp` branch serves the real sendEdoc instead).
        router.post("/edoc") { request, _ -> Response in
            let data = Data(buffer: try await request.body.collect(upTo: 256 << 20))
            let id = UUID().uuidString.lowercased()
            try data.write(to: folder.appendingPathComponent("edoc-\(Int(Date().timeIntervalSince1970 * 1000))-\(id.prefix(8)).edxml"))
            let to = (try? EdXMLParser().parsePacket(data))?.header.to.map(\.organId).joined(separator: ",") ?? "?"
            FileHandle.standardOutput.write(Data("axis-sim: received edoc for \(to) (\(data.count) bytes), DocID \(id)\n".utf8))
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: id)))
        }
        router.get("/received") { _, _ -> String in
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return files.sorted().joined(separator: "\n")
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
