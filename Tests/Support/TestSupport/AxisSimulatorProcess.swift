import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `axis-sim serve` (the built tool) on a free port with a folder and an agencies file of its own, for tests that
/// talk to the axis with its real protocol.
public final class AxisSimulatorProcess: Sendable {
    /// One agency of the simulator: its systemId, secret and name.
    public struct Agency: Sendable {
        public var systemId: String
        public var secret: String
        public var name: String
        public init(_ systemId: String, secret: String = "s-" + UUID().uuidString, name: String = "Cơ quan thử") {
            (self.systemId, self.secret, self.name) = (systemId, secret, name)
        }
    }

    /// The SDK's `service.endpoint`: `http://127.0.0.1:PORT/XrdAdapter/adapter`.
    public let endpoint: String
    public let port: Int
    /// Where the simulator keeps the packets (`<DocId>.edxml`) and its journal.
    public let folder: URL
    public let agencies: [Agency]
    let process: ChildProcess

    init(endpoint: String, port: Int, folder: URL, agencies: [Agency], process: ChildProcess) {
        (self.endpoint, self.port, self.folder, self.agencies, self.process) = (endpoint, port, folder, agencies, process)
    }

    public var isRunning: Bool { process.isRunning }
    public var output: String { process.output }

    /// Stops the simulator (SIGTERM) and waits for it.
    public func stop() async throws { process.terminate(); try await process.waitForExit(timeout: .seconds(10)) }

    /// Starts it, reusing `folder` when given (a restarted simulator keeps its queues).
    public static func start(_ agencies: [Agency], folder: URL? = nil) async throws -> AxisSimulatorProcess {
        let binary = TestEnv.binDirectory.appendingPathComponent("axis-sim").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestFailure("\(binary) is not built: run `swift build --build-tests` (all products) before this test")
        }
        let folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent(TestEnv.uniqueName("axis-sim"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for _ in 0..<5 {
            let port = Int.random(in: 21000..<29000)
            let endpoint = "http://127.0.0.1:\(port)/XrdAdapter/adapter"
            let tsv = agencies.map { "\(endpoint)\t\($0.systemId)\t\($0.secret)\t\($0.name)" }.joined(separator: "\n") + "\n"
            let file = folder.appendingPathComponent("agencies.tsv")
            try tsv.write(to: file, atomically: true, encoding: .utf8)
            let sim = try ChildProcess(binary, ["serve", "--port", "\(port)", "--dir", folder.path, "--agencies", file.path])
            let health = URL(string: "http://127.0.0.1:\(port)/health")!
            let up = try await eventually(.seconds(20)) {
                guard sim.isRunning else { return true }
                return ((try? await URLSession.shared.data(from: health))?.1 as? HTTPURLResponse)?.statusCode == 200
            }
            if up, sim.isRunning { return AxisSimulatorProcess(endpoint: endpoint, port: port, folder: folder, agencies: agencies, process: sim) }
            sim.terminate()
        }
        throw TestFailure("axis-sim did not start")
    }

    /// Runs `body` with a started simulator, stops it and removes its folder afterwards.
    public static func with<T>(_ agencies: [Agency], _ body: (AxisSimulatorProcess) async throws -> T) async throws -> T {
        let sim = try await start(agencies)
        defer { sim.process.terminate(); try? FileManager.default.removeItem(at: sim.folder) }
        return try await body(sim)
    }
}
