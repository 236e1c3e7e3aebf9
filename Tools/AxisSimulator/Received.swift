import ArgumentParser
import AxisHTTP
import Foundation

/// Reads what the axis holds for an agency, as its SDK would: `getReceivedEdocList`, and with `--out DIR` each packet
/// fetched (`getEdoc`) into `DIR/<DocId>.edxml`, acknowledged with `--ack`. For the demo and for checking by hand what
/// reached an agency outside the installation.
struct Received: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List (and fetch) the packets waiting for an agency on the axis.")

    @OptionGroup var account: AxisAccount
    @Option(help: "edoc or status.") var messageType = "edoc"
    @Option(help: "Fetch each packet into this folder.") var out: String?
    @Flag(help: "Acknowledge each fetched packet (updateStatus done).") var ack = false

    func run() async throws {
        guard account.systemId != nil, let client = try account.client(.shared) else { throw ValidationError("--as SYSTEMID is required") }
        guard let type = VXPClient.MessageType(rawValue: messageType) else { throw ValidationError("--message-type is edoc or status") }
        for item in try await client.getReceivedEdocList(type) {
            var line = "\(item.docId)\t\(item.from)\t\(item.to)\t\(item.status)\t\(item.createdTime)"
            if let out {
                let folder = URL(fileURLWithPath: out)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let packet = try await client.getEdoc(docId: item.docId)
                let file = folder.appendingPathComponent("\(item.docId).edxml")
                try packet.write(to: file)
                line += "\t\(file.path) (\(packet.count) bytes)"
                if ack { try await client.updateStatus(docId: item.docId, status: "done") }
            }
            print(line)
        }
    }
}
