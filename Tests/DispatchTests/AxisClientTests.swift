import AxisHTTP
import Contracts
import EdXML
import Foundation
import Messaging
import Testing
import TestSupport

@testable import DispatchService

/// Dispatch's axis client against the axis simulator (`axis-sim serve`), a process of its own.
@Suite(.serialized) struct AxisClientTests {
    /// `axis-sim serve` on a free port with a folder of its own; stopped at the end of `body`.
    static func withSimulator<T>(_ body: (URL, URL) async throws -> T) async throws -> T {
        let binary = TestEnv.binDirectory.appendingPathComponent("axis-sim").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestFailure("\(binary) is not built: run `swift build --build-tests` (all products) before this test")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnv.uniqueName("axis-sim"))
        defer { try? FileManager.default.removeItem(at: folder) }
        for _ in 0..<5 {
            let port = Int.random(in: 21000..<29000)
            let sim = try ChildProcess(binary, ["serve", "--port", "\(port)", "--dir", folder.path])
            let base = URL(string: "http://127.0.0.1:\(port)/")!
            let up = try await eventually(.seconds(20)) {
                guard sim.isRunning else { return true }
                return (try? await AxisHTTP.shared.send(.GET, base.appendingPathComponent("health")).status) == 200
            }
            guard up, sim.isRunning else { continue }
            defer { sim.terminate() }
            return try await body(base, folder)
        }
        throw TestFailure("axis-sim did not start")
    }

    static func packet(_ n: Int) throws -> Data {
        let event = StatusOutbound(
            edxmlDocumentId: "000.00.00.G22,2026/12/06,\(n)", documentCode: "\(n)/QĐ-BNV", promulgationDate: nil,
            to: Organization(code: "000.00.00.G22", name: "Bộ Nội vụ"), from: Organization(code: "000.00.00.H52", name: "UBND tỉnh Sơn La"),
            status: .arrived, description: "Đã đến", staff: nil, at: Date())
        return try EdXMLWriter().data(for: StatusPacketBuilder.packet(for: event))
    }

    @Test func statusPacketsReachTheSimulatorOverOneClient() async throws {
        try await Self.withSimulator { base, folder in
            let client = AxisHTTP(client: AxisHTTP.makeClient())
            let axis = HTTPAxisClient(baseURL: base, http: client)
            let packets = try (1...20).map(Self.packet)
            // Concurrent sends share the client's pool of connections.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for packet in packets { group.addTask { _ = try await axis.send(packet, kind: .status, from: "000.00.00.H52", to: ["000.00.00.G22"]) } }
                try await group.waitForAll()
            }
            try await client.client.shutdown()
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("status-") }
            #expect(files.count == 20)
            let received = try Set(files.map { try Data(contentsOf: folder.appendingPathComponent($0)) })
            #expect(received == Set(packets), "the simulator kept each packet byte for byte")
        }
    }

    @Test func aDocumentPacketReachesTheSimulatorAndItsIdComesBack() async throws {
        try await Self.withSimulator { base, folder in
            let axis = HTTPAxisClient(baseURL: base, http: .shared)
            let packet = Data("<edXML>document</edXML>".utf8)
            let id = try await axis.send(packet, kind: .edoc, from: "000.00.00.H52", to: ["000.00.00.G22"])
            #expect(!id.isEmpty)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("edoc-") }
            #expect(files.count == 1)
            #expect(try files.first.map { try Data(contentsOf: folder.appendingPathComponent($0)) } == packet)
        }
    }

    @Test func aRefusalIsPermanentAndAnUnreachableAxisIsTransient() async throws {
        try await Self.withSimulator { base, _ in
            // The simulator answers 404 for a path it does not serve: the axis refused, retrying will not help.
            let wrongPath = HTTPAxisClient(baseURL: base.appendingPathComponent("nowhere"), http: .shared)
            await #expect(throws: PermanentError.self) { _ = try await wrongPath.send(try Self.packet(1), kind: .status, from: "000.00.00.H52", to: ["000.00.00.G22"]) }
        }
        // Nothing listens on port 1: a transient failure (after the client's 10 s of connection attempts), retried by
        // the delivery policy.
        let client = AxisHTTP(client: AxisHTTP.makeClient())
        let unreachable = HTTPAxisClient(baseURL: URL(string: "http://127.0.0.1:1/")!, http: client)
        await #expect(throws: TransientError.self) { _ = try await unreachable.send(try Self.packet(2), kind: .status, from: "000.00.00.H52", to: ["000.00.00.G22"]) }
        try await client.client.shutdown()
    }
}
