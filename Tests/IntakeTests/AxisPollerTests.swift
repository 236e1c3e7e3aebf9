import AxisHTTP
import Foundation
import Testing
import TestSupport

@testable import IntakeService

/// The poller against the axis simulator (`axis-sim serve`) with the axis SDK's protocol: every document registered
/// once, acknowledged, and a document fetched again after a crash answered by the dedupe keys.
@Suite(.serialized) struct AxisPollerTests {
    static let ubnd = AxisSimulatorProcess.Agency("000.00.00.H52", name: "UBND tỉnh Sơn La")
    static let stc = AxisSimulatorProcess.Agency("000.00.12.H52", name: "Sở Tài chính tỉnh Sơn La")
    static let vpcp = AxisSimulatorProcess.Agency("000.00.00.G22", name: "Văn phòng Chính phủ")

    static func client(_ sim: AxisSimulatorProcess, _ agency: AxisSimulatorProcess.Agency) -> VXPClient {
        VXPClient(endpoint: sim.endpoint, system: VXPSystem(systemId: agency.systemId, secret: agency.secret), http: .shared)
    }

    static func poller(_ sim: AxisSimulatorProcess, _ harness: IntakeHarness) -> AxisPoller {
        AxisPoller(
            endpoint: sim.endpoint, systems: [ubnd, stc].map { VXPSystem(systemId: $0.systemId, secret: $0.secret) },
            interval: .milliseconds(50), processor: harness.processor, logger: TestEnv.logger)
    }

    @Test func documentsAreRegisteredOnceAcrossARestart() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        try await AxisSimulatorProcess.with([Self.ubnd, Self.stc, Self.vpcp]) { sim in
            let sender = Self.client(sim, Self.vpcp)
            var sent: [String] = []
            for n in 1...3 { sent.append(try await sender.sendEdoc(try Packets.good(number: "\(600 + n)"), from: Self.vpcp.systemId)) }
            let garbage = try await sender.sendEdoc(Data("not an edXML packet".utf8), from: Self.vpcp.systemId, to: [Self.ubnd.systemId])

            #expect(try await Self.poller(sim, harness).pollOnce() == 4)
            #expect(try await harness.outbox().filter { $0.type == "document.received" }.count == 3)
            #expect(try await Self.client(sim, Self.ubnd).getReceivedEdocList(.edoc).isEmpty, "each was acknowledged")
            let states = try await sender.getSentEdocList(.edoc)
            #expect(Set(states.filter { sent.contains($0.docId) && $0.to == Self.ubnd.systemId }.map(\.status)) == ["done"])
            #expect(states.first { $0.docId == garbage }?.status == "fail", "a packet intake refuses is acknowledged as failed")

            // A crash after registering and before acknowledging: the document is still listed …
            let again = try await sender.sendEdoc(try Packets.good(number: "604"), from: Self.vpcp.systemId)
            let packet = try await Self.client(sim, Self.ubnd).getEdoc(docId: again)
            let file = harness.blobRoot.appendingPathComponent("crashed-\(UUID().uuidString).xml")
            try packet.write(to: file)
            #expect(try await harness.processor.process(file: file, source: "axis:test:\(again)").httpStatus == 202)
            #expect(try await harness.outbox().filter { $0.type == "document.received" }.count == 4)
            // … and the restarted poller takes it again: a duplicate, acknowledged, not registered twice.
            #expect(try await Self.poller(sim, harness).pollOnce() == 1)
            #expect(try await harness.outbox().filter { $0.type == "document.received" }.count == 4)
            // (The packet's other addressee, Bộ Nội vụ, is not on this axis: listed as `unknown`.)
            #expect(try await sender.getSentEdocList(.edoc, docId: again).filter { $0.to == Self.ubnd.systemId }.map(\.status) == ["done"])
            #expect(try await Self.poller(sim, harness).pollOnce() == 0)
        }
    }

    @Test func statusPacketsArePolledToo() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        try await AxisSimulatorProcess.with([Self.ubnd, Self.stc, Self.vpcp]) { sim in
            // Văn phòng Chính phủ answers 01 (đã đến) to a document of Sở Tài chính.
            let status = try Packets.status(from: Self.vpcp.systemId, to: Self.stc.systemId)
            let docId = try await Self.client(sim, Self.vpcp).sendEdoc(status, messageType: .status, from: Self.vpcp.systemId)
            #expect(try await Self.client(sim, Self.stc).getReceivedEdocList(.status).map(\.docId) == [docId])
            #expect(try await Self.poller(sim, harness).pollOnce() == 1)
            #expect(try await harness.deliveries().map { $0.verdict } == ["accepted"])
            #expect(try await Self.client(sim, Self.stc).getReceivedEdocList(.status).isEmpty)
        }
    }

    @Test func anAxisThatCannotBeReachedLeavesNothingAcknowledged() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let poller = AxisPoller(
            endpoint: "http://127.0.0.1:1/XrdAdapter/adapter", systems: [VXPSystem(systemId: "x", secret: "0123456789abcdef")],
            interval: .milliseconds(50), processor: harness.processor, logger: TestEnv.logger, timeout: .seconds(3))
        await #expect(throws: VXPError.self) { try await poller.pollOnce() }
        #expect(try await harness.deliveries().isEmpty)
    }
}
