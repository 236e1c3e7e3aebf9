import Contracts
import EdXML
import Foundation
import Testing
import TestSupport

@testable import IntakeService

/// What real senders send is accepted (domain.md §1.3), refusals reach the sender through the status path, and
/// concurrent duplicates are still registered once.
@Suite struct SenderVariantsTests {
    @Test func byteOrderMarkAndDayFirstDatesAreAccepted() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        var packet = Data([0xEF, 0xBB, 0xBF])
        packet.append(try Packets.replacing("<edXML:PromulgationDate>2026/03/16", with: "<edXML:PromulgationDate>16/03/2026"))
        let reply = try await harness.deliver(packet)
        #expect(reply.status == 202, "\(reply.body)")
    }

    @Test func sdkZippedPDFIsAccepted() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let reply = try await harness.deliver(try Packets.with(file: { $0.zipped = true; $0.type = "application/zip" }))
        #expect(reply.status == 202, "\(reply.body)")
        let event = try Envelope.decode(from: Data(try await harness.outbox().first { $0.type == "document.received" }!.body.utf8))
            .decode(DocumentReceived.self)
        #expect(try await harness.blobs.read(event.attachments[0].blob) == Packets.pdf, "stored unzipped")
    }

    @Test func refusalIsSentToTheSenderAsStatus02() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        _ = try await harness.deliver(try await BadPacket.secretSubject.packet())
        let outbox = try await harness.outbox()
        #expect(outbox.map(\.type) == ["status.outbound"])
        let reply = try Envelope.decode(from: Data(outbox[0].body.utf8)).decode(StatusOutbound.self)
        #expect(reply.status == .rejected)
        #expect(reply.to.code == "000.00.00.G22")
        #expect(reply.description.contains("Mật"))
    }

    @Test func concurrentDuplicatesAreRegisteredOnce() async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let packet = try Packets.good(number: "900")
        let answers = try await withThrowingTaskGroup(of: DeliveryAnswer.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    let file = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(UUID().uuidString).xml")
                    try packet.write(to: file)
                    defer { try? FileManager.default.removeItem(at: file) }
                    return try await harness.processor.process(file: file, source: "test")
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.httpStatus == 202 })
        #expect(Set(answers.map(\.xml)).count == 1, "every copy gets the first answer")
        #expect(answers.filter(\.duplicate).count == 5)
        #expect(try await harness.outbox().filter { $0.type == "document.received" }.count == 1)
    }
}
