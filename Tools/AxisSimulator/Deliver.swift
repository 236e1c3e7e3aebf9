import ArgumentParser
import EdXML
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Delivers packets to intake the way the axis pushes them, and prints intake's answers.
struct Deliver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Deliver edXML packets to intake.")

    @Option var url = "http://127.0.0.1:8081/axis/deliveries"
    @OptionGroup var login: AxisLogin
    @Argument var files: [String]

    func run() async throws {
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
