import ArgumentParser
import AxisHTTP
import EdXML
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Delivers packets to intake the way a pushing axis does (`POST /axis/deliveries`), and prints intake's answers; or,
/// with `--as SYSTEMID`, sends them into the simulated axis as that agency (`sendEdoc`), queued for every agency of
/// the simulator the packet is addressed to, which polls them.
struct Deliver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Deliver edXML packets to intake, or send them through the axis (--as).")

    @Option var url = "http://127.0.0.1:8081/axis/deliveries"
    @OptionGroup var login: AxisLogin
    @OptionGroup var account: AxisAccount
    @Argument var files: [String]

    func run() async throws {
        if let client = try account.client(.shared) {
            for file in files {
                let packet = try Data(contentsOf: URL(fileURLWithPath: file))
                var kind = VXPClient.MessageType.edoc
                if case .status? = try? EdXMLParser().parse(packet) { kind = .status }
                let docId = try await client.sendEdoc(packet, messageType: kind, from: client.system.systemId)
                print("\(file): sent through the axis as \(client.system.systemId), DocId \(docId)")
            }
            return
        }
        var refused = 0
        for file in files {
            var request = URLRequest(url: URL(string: url)!)
            request.httpMethod = "POST"
            request.setValue("application/xml", forHTTPHeaderField: "Content-Type")
            for header in login.headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
            let (body, response) = try await URLSession.shared.upload(for: request, fromFile: URL(fileURLWithPath: file))
            let code = (response as? HTTPURLResponse)?.statusCode ?? 0
            var verdict = "HTTP \(code)"
            if case .status(let s)? = try? EdXMLParser().parse(body) {
                verdict += " status \(s.statusCode.rawValue): \(s.description ?? "")"
            }
            if code != 202 { refused += 1 }
            print("\(file): \(verdict)")
        }
        if refused > 0 { throw ExitCode(1) }
    }
}
