import AxisHTTP
import Contracts
import EdXML
import Foundation
import Messaging
import Testing
import TestSupport

@testable import DispatchService

/// The axis client (the government axis SDK's protocol) and dispatch's use of it, against the axis simulator
/// (`axis-sim serve`), a process of its own.
@Suite(.serialized) struct AxisClientTests {
    static let ubnd = AxisSimulatorProcess.Agency("000.00.00.H52", name: "UBND tỉnh Sơn La")
    static let bnv = AxisSimulatorProcess.Agency("000.00.00.G22", name: "Bộ Nội vụ")

    static func client(_ sim: AxisSimulatorProcess, _ agency: AxisSimulatorProcess.Agency, http: AxisHTTP = .shared) -> VXPClient {
        var client = VXPClient(endpoint: sim.endpoint, system: VXPSystem(systemId: agency.systemId, secret: agency.secret), http: http)
        client.timeout = .seconds(20)
        return client
    }

    /// A status packet from UBND tỉnh Sơn La to Bộ Nội vụ, as dispatch builds it.
    static func packet(_ n: Int) throws -> Data {
        let event = StatusOutbound(
            edxmlDocumentId: "000.00.00.G22,2026/12/06,\(n)", documentCode: "\(n)/QĐ-BNV", promulgationDate: nil,
            to: Organization(code: "000.00.00.G22", name: "Bộ Nội vụ"), from: Organization(code: "000.00.00.H52", name: "UBND tỉnh Sơn La"),
            status: .arrived, description: "Đã đến", staff: nil, at: Date())
        return try EdXMLWriter().data(for: StatusPacketBuilder.packet(for: event))
    }

    static func packets(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "edxml" }
    }

    @Test func aPacketGoesSendListGetAcknowledge() async throws {
        try await AxisSimulatorProcess.with([Self.ubnd, Self.bnv]) { sim in
            let sender = Self.client(sim, Self.ubnd)
            let receiver = Self.client(sim, Self.bnv)
            let packet = try Self.packet(1)
            let docId = try await sender.sendEdoc(packet, messageType: .status, from: Self.ubnd.systemId, to: [Self.bnv.systemId])
            #expect(docId.count == 24 && docId.allSatisfy(\.isHexDigit), "a file-name-safe DocId")
            // Kept byte for byte, one file, without the CR LF of the request body.
            #expect(try Data(contentsOf: sim.folder.appendingPathComponent("status-\(docId).edxml")) == packet)

            #expect(try await receiver.getReceivedEdocList(.edoc).isEmpty, "a status packet is not listed as a document")
            let waiting = try await receiver.getReceivedEdocList(.status)
            #expect(waiting.map(\.docId) == [docId])
            #expect(waiting.first?.from == Self.ubnd.systemId && waiting.first?.messageType == "status")
            #expect(try await sender.getReceivedEdocList(.status).isEmpty, "the sender is not a recipient")
            #expect(try await receiver.getEdoc(docId: docId) == packet)
            try await receiver.updateStatus(docId: docId, status: "done")
            #expect(try await receiver.getReceivedEdocList(.status).isEmpty, "acknowledged: no longer waiting")

            let sent = try await sender.getSentEdocList(.status, docId: docId)
            #expect(sent.map(\.to) == [Self.bnv.systemId] && sent.map(\.status) == ["done"])
            #expect(try await sender.getAgenciesList().map(\.code).sorted() == [Self.bnv.systemId, Self.ubnd.systemId])
            // Another agency neither reads nor acknowledges it.
            await #expect(throws: VXPError.self) { try await sender.updateStatus(docId: docId, status: "done") }
        }
    }

    @Test func aBadSignatureOrAnUnknownSystemIsRefusedPermanently() async throws {
        try await AxisSimulatorProcess.with([Self.ubnd, Self.bnv]) { sim in
            let wrongSecret = VXPClient(
                endpoint: sim.endpoint, system: VXPSystem(systemId: Self.ubnd.systemId, secret: "not-the-secret-at-all"), http: .shared)
            let unknown = VXPClient(endpoint: sim.endpoint, system: VXPSystem(systemId: "000.00.00.Z99", secret: "whatever-secret-123"), http: .shared)
            let packet = try Self.packet(2)
            for client in [wrongSecret, unknown] {
                do {
                    _ = try await client.sendEdoc(packet, messageType: .status, from: client.system.systemId)
                    Issue.record("\(client.system.systemId) was not refused")
                } catch let error as VXPError {
                    guard case .refused(200, let code, let text) = error else { Issue.record("\(error)"); continue }
                    #expect(["401", "403"].contains(code) && !text.isEmpty)
                    #expect(!error.isTransient)
                }
            }
            // A header changed after signing (the request says `status`, the signature says `edoc`).
            let honest = Self.client(sim, Self.bnv)
            var map = honest.request(contentType: "application/json")
            map["servicetype"] = "eDoc"
            map["messagetype"] = "edoc"
            let headers = try honest.headers(of: map).map { $0.0 == "XroadVnpt-messagetype" ? ($0.0, "status") : $0 }
            let answer = try await AxisHTTP.shared.send(.POST, URL(string: sim.endpoint + "/getReceivedEdocList")!, headers: headers, body: Data())
            #expect(throws: VXPError.self) { try VXPAnswer.parse(answer.body, httpStatus: answer.status) }
            // Nothing was stored.
            #expect(try Self.packets(in: sim.folder).isEmpty)
        }
    }

    @Test func dispatchStatusPacketsReachTheSimulatorOverOneClient() async throws {
        try await AxisSimulatorProcess.with([Self.ubnd, Self.bnv]) { sim in
            let http = AxisHTTP(client: AxisHTTP.makeClient())
            let axis = VXPAxisClient(
                endpoint: sim.endpoint, systems: [VXPSystem(systemId: Self.ubnd.systemId, secret: Self.ubnd.secret)], installation: nil, http: http)
            let packets = try (1...20).map(Self.packet)
            // Concurrent sends share the client's pool of connections.
            let docIds: [String] = try await withThrowingTaskGroup(of: String.self) { group in
                for packet in packets {
                    group.addTask { try await axis.send(packet, kind: .status, from: Self.ubnd.systemId, to: [Self.bnv.systemId]) }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            try await http.client.shutdown()
            #expect(Set(docIds).count == 20)
            let files = try Self.packets(in: sim.folder)
            #expect(files.count == 20)
            #expect(try Set(files.map { try Data(contentsOf: $0) }) == Set(packets), "the simulator kept each packet byte for byte")
            let waiting = try await Self.client(sim, Self.bnv).getReceivedEdocList(.status)
            #expect(Set(waiting.map(\.docId)) == Set(docIds), "each is queued for Bộ Nội vụ, the packet's recipient")
        }
    }

    @Test func refusalsArePermanentAndAnUnreachableAxisIsTransient() async throws {
        try await AxisSimulatorProcess.with([Self.ubnd]) { sim in
            let wrong = VXPAxisClient(
                endpoint: sim.endpoint, systems: [], installation: VXPSystem(systemId: Self.ubnd.systemId, secret: "a-wrong-secret-here"), http: .shared)
            await #expect(throws: PermanentError.self) { try await wrong.send(try Self.packet(1), kind: .status, from: "000.00.00.H52", to: []) }
            let nobody = VXPAxisClient(endpoint: sim.endpoint, systems: [], installation: nil, http: .shared)
            await #expect(throws: PermanentError.self) { try await nobody.send(try Self.packet(1), kind: .status, from: "000.00.00.H52", to: []) }
        }
        // Nothing listens on port 1: a transient failure, retried by the delivery policy.
        let client = AxisHTTP(client: AxisHTTP.makeClient())
        let unreachable = VXPAxisClient(
            endpoint: "http://127.0.0.1:1/XrdAdapter/adapter", systems: [], installation: VXPSystem(systemId: "x", secret: "0123456789abcdef"),
            http: client)
        await #expect(throws: TransientError.self) { try await unreachable.send(try Self.packet(2), kind: .status, from: "000.00.00.H52", to: []) }
        try await client.client.shutdown()
    }

    @Test func settingsReadTheEndpointAndTheSystems() throws {
        let settings = try DispatchAxisSettings.load([
            "QLVB_DISPATCH_AXIS_URL": "http://old.example/", "QLVB_DISPATCH_AXIS_SYSTEM_ID": "qlvb-sonla",
            "QLVB_DISPATCH_AXIS_SECRET": "0123456789abcdef0", "QLVB_DISPATCH_AXIS_SYSTEMS": "000.00.00.H52:fedcba9876543210;000.00.12.H52:0123456789abcdefx",
        ])
        #expect(settings.endpoint == "http://old.example/", "the earlier variable still names the endpoint")
        #expect(settings.installation?.systemId == "qlvb-sonla")
        #expect(settings.systems.map(\.systemId) == ["000.00.00.H52", "000.00.12.H52"])
        #expect(try DispatchAxisSettings.load(["QLVB_DISPATCH_AXIS_ENDPOINT": "http://a.example/XrdAdapter/adapter", "QLVB_DISPATCH_AXIS_URL": "http://b/"])
            .endpoint == "http://a.example/XrdAdapter/adapter")
        #expect(throws: (any Error).self) { try DispatchAxisSettings.load(["QLVB_DISPATCH_AXIS_SYSTEM_ID": "x"]) }
        #expect(throws: (any Error).self) { try DispatchAxisSettings.load(["QLVB_DISPATCH_AXIS_SYSTEMS": "x:short"]) }
        let axis = VXPAxisClient(
            endpoint: "http://a/", systems: settings.systems, installation: settings.installation, http: .shared)
        #expect(axis.client(for: "000.00.12.H52")?.system.systemId == "000.00.12.H52", "an agency with its own system sends as it")
        #expect(axis.client(for: "000.00.99.H52")?.system.systemId == "qlvb-sonla", "others as the installation")
    }
}
