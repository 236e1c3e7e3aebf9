import Foundation
import Messaging
import TestSupport
import XCTest

/// `infra/rabbitmq/definitions.json` is what the seven services declare, and a broker accepts it.
final class TopologyExportTests: XCTestCase {
    static let services = ["intake", "routing", "signing", "numbering", "dispatch", "archive", "notifications"]
    static let exportFile = TestEnv.repoRoot.appendingPathComponent("infra/rabbitmq/definitions.json")

    /// The built executables sit next to the test bundle (`.build/<config>/`).
    static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["QLVB_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        let runner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var dir = runner.deletingLastPathComponent()
        // On Linux the bundle is the runner itself; a macOS .xctest bundle is a directory tree.
        while dir.pathExtension == "xctest" || dir.lastPathComponent == "MacOS" || dir.lastPathComponent == "Contents" {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    /// What one service prints for `--print-topology`, in the fixed environment of scripts/export-topology.
    static func printedTopology(_ service: String) throws -> BrokerDefinitions {
        let binary = binDirectory.appendingPathComponent(service).path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestFailure("\(binary) is not built: run `swift build` (all products) before this test")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnv.uniqueName("topology"))
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = try runTool("/usr/bin/env", [
            "-i", "PATH=/usr/bin:/bin", "QLVB_AMQP_URL=amqp://offline.invalid/", "QLVB_\(service.uppercased())_PG_URL=postgresql://offline.invalid/qlvb",
            "QLVB_HTTP_PORT=8080", "QLVB_BLOB_ROOT=\(scratch.path)/blobs", "QLVB_SIGNING_KEY_DIR=\(scratch.path)/keys",
            "QLVB_INTAKE_AGENCIES=000.00.00.H52=Offline=offline", "QLVB_LOG_LEVEL=error", binary, "--print-topology",
        ])
        guard out.status == 0 else { throw TestFailure("\(service) --print-topology exited \(out.status): \(out.stderr)") }
        do {
            return try BrokerDefinitions.decode(Data(out.stdout.utf8))
        } catch {
            throw TestFailure("\(service) --print-topology did not print definitions (\(error)): \(out.stdout.prefix(500))")
        }
    }

    static func fromCode() throws -> BrokerDefinitions {
        try services.map(printedTopology).reduce(BrokerDefinitions([])) { $0.merged(with: $1) }
    }

    func testExportedDefinitionsAreWhatTheServicesDeclare() throws {
        let code = try Self.fromCode()
        let file = try BrokerDefinitions.decode(Data(contentsOf: Self.exportFile))
        let differences = file.differences(from: code)
        XCTAssert(
            differences.isEmpty,
            "infra/rabbitmq/definitions.json differs from the services' topology (- missing from the file, + only in the file, ~ file value instead of code value);"
                + " regenerate it with scripts/export-topology, never by hand:\n" + differences.joined(separator: "\n"))
    }

    func testPrintedTopologyHasEveryConsumerQueueWithItsDeadLetterAndRetryQueues() throws {
        let signing = try Self.printedTopology("signing")
        let names = Set(signing.queues.map(\.name))
        XCTAssert(names.contains("signing.signing.requested"), "signing consumes signing.requested: \(names.sorted())")
        for queue in ["signing.signing.requested", "signing.document.numbered"] {
            XCTAssert(names.contains("\(queue).dlq"), "\(queue) has a dead-letter queue")
            XCTAssert(names.isSuperset(of: ["1s", "10s", "1m"].map { "\(queue).retry.\($0)" }), "\(queue) has one retry queue per default delay")
        }
        let main = try XCTUnwrap(signing.queues.first { $0.name == "signing.signing.requested" })
        XCTAssertEqual(main.arguments["x-queue-type"], .string("quorum"))
        XCTAssertEqual(main.arguments["x-dead-letter-routing-key"], .string("signing.signing.requested.dlq"))
        XCTAssertEqual(main.arguments["x-delivery-limit"], .int(Int64(Topology.deliveryLimit)))
        let retry = try XCTUnwrap(signing.queues.first { $0.name == "signing.signing.requested.retry.10s" })
        XCTAssertEqual(retry.arguments["x-message-ttl"], .int(10_000))
        XCTAssertEqual(retry.arguments["x-dead-letter-routing-key"], .string("signing.signing.requested"))
        XCTAssert(signing.bindings.contains { $0.destination == "signing.signing.requested" && $0.routingKey == "signing.requested" })
    }

    /// KEDA scales signing on a queue name written in YAML: it must be a queue the code declares.
    func testKedaScalesSigningOnADeclaredQueue() throws {
        let yaml = try String(contentsOf: TestEnv.repoRoot.appendingPathComponent("infra/k8s/keda-signing.yaml"), encoding: .utf8)
        let names = yaml.split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("queueName:") else { return nil }
            return t.dropFirst("queueName:".count).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        XCTAssertFalse(names.isEmpty, "keda-signing.yaml names no queueName")
        let declared = Set(try BrokerDefinitions.decode(Data(contentsOf: Self.exportFile)).queues.map(\.name))
        for name in names { XCTAssert(declared.contains(name), "KEDA queueName \(name) is not a declared queue") }
    }

    func testExportedDefinitionsImportIntoARealBroker() throws {
        let api = ManagementAPI()
        let vhost = TestEnv.uniqueName("qlvb_import_")
        try api.expect(201, "PUT", "/api/vhosts/\(vhost)")
        defer { _ = try? api.call("DELETE", "/api/vhosts/\(vhost)") }
        try api.expect(204, "PUT", "/api/permissions/\(vhost)/\(api.user)", body: #"{"configure":".*","write":".*","read":".*"}"#)

        let exported = try BrokerDefinitions.decode(Data(contentsOf: Self.exportFile))
        try api.expect(204, "POST", "/api/definitions/\(vhost)", body: String(decoding: try exported.encoded(), as: UTF8.self))

        struct BrokerQueue: Decodable {
            var name: String
            var durable: Bool
            var arguments: [String: BrokerDefinitions.Argument]
        }
        let queues = try JSONDecoder().decode([BrokerQueue].self, from: Data(try api.expect(200, "GET", "/api/queues/\(vhost)").utf8))
        let onBroker = Dictionary(queues.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(onBroker.count, exported.queues.count, "every exported queue, and no other, exists")
        for q in exported.queues {
            guard let found = onBroker[q.name] else { XCTFail("queue \(q.name) was not created"); continue }
            XCTAssertTrue(found.durable, "\(q.name) is durable")
            XCTAssertEqual(found.arguments, q.arguments, "arguments of \(q.name)")
        }

        struct BrokerBinding: Decodable, Hashable {
            var source: String
            var destination: String
            var routing_key: String
        }
        let bindings = try JSONDecoder().decode([BrokerBinding].self, from: Data(try api.expect(200, "GET", "/api/bindings/\(vhost)").utf8))
        XCTAssertEqual(
            Set(bindings.filter { $0.source == Topology.eventsExchange }),
            Set(exported.bindings.map { BrokerBinding(source: $0.source, destination: $0.destination, routing_key: $0.routingKey) }))
    }
}

/// The RabbitMQ management HTTP API, through curl (the tests' one HTTP client for the broker).
struct ManagementAPI {
    let base = ProcessInfo.processInfo.environment["QLVB_RABBITMQ_MGMT_URL"] ?? "http://127.0.0.1:55673"
    let user = ProcessInfo.processInfo.environment["QLVB_RABBITMQ_MGMT_USER"] ?? "guest"
    let password = ProcessInfo.processInfo.environment["QLVB_RABBITMQ_MGMT_PASSWORD"] ?? "guest"

    func call(_ method: String, _ path: String, body: String? = nil) throws -> (status: Int, body: String) {
        var args = ["-sS", "-m", "30", "-u", "\(user):\(password)", "-X", method, "-w", "\n%{http_code}", base + path]
        if body != nil { args += ["-H", "content-type: application/json", "--data-binary", "@-"] }
        let out = try runTool("curl", args, stdin: body.map { Data($0.utf8) })
        guard out.status == 0 else { throw TestFailure("curl \(method) \(path) failed (\(out.status)): \(out.stderr)") }
        var lines = out.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, lines.joined(separator: "\n"))
    }

    @discardableResult
    func expect(_ status: Int, _ method: String, _ path: String, body: String? = nil) throws -> String {
        let r = try call(method, path, body: body)
        // 201 Created and 204 No Content both mean done for PUT/POST.
        guard r.status == status || (status == 201 && r.status == 204) || (status == 204 && r.status == 201) else {
            throw TestFailure("\(method) \(path): HTTP \(r.status), expected \(status): \(r.body.prefix(500))")
        }
        return r.body
    }
}
