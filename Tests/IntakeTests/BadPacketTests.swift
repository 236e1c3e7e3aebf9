import EdXML
import Foundation
import OpenSSLSupport
import Testing
import TestSupport

@testable import IntakeService

/// Every bad packet is refused with its specific reason, logged with its raw packet, nothing registered, and the
/// service answers the next good packet.
@Suite(.serialized) struct BadPacketTests {
    @Test("A bad packet is refused with its specific reason", arguments: BadPacket.allCases)
    func refused(_ bad: BadPacket) async throws {
        let harness = try await IntakeHarness.make()
        defer { Task { await harness.close() } }
        let packet = try await bad.packet()
        let replies = try await harness.deliver([packet, try Packets.good(number: "77")])

        let refusal = replies[0]
        #expect(refusal.status == 422)
        #expect(refusal.reason == bad.expectedCode, "\(bad): \(refusal.body)")
        let status = try EdXMLParser().parseStatus(Data(refusal.body.utf8))
        #expect(status.statusCode == .rejected)
        #expect(status.description?.contains("Từ chối tiếp nhận") == true)
        #expect(status.description?.contains("Refused:") == true)

        let log = try await harness.deliveries()
        #expect(log.first?.verdict == "refused")
        #expect(log.first?.reason == bad.expectedCode)
        #expect(try await harness.blobs.contains(sha256: log.first?.sha256 ?? ""), "the raw packet is kept")

        // Nothing registered for the bad one: the only document.received is the good packet's.
        let received = try await harness.outbox().filter { $0.type == "document.received" }
        #expect(received.count == 1)
        #expect(received.allSatisfy { $0.body.contains("77/VPCP-KSTT") || $0.body.contains("\"codeNumber\":\"77\"") })
        #expect(replies[1].status == 202, "the service still answers: \(replies[1].body)")
    }

    @Test func requiredSignatureRefusesAnUnsignedPacket() async throws {
        var settings = IntakeSettings(agencies: [IntakeHarness.sonLa])
        settings.signature = .required
        let harness = try await IntakeHarness.make(settings)
        defer { Task { await harness.close() } }
        let reply = try await harness.deliver(try Packets.good())
        #expect(reply.status == 422)
        #expect(reply.reason == "signature_missing")
        #expect(try await harness.outbox().filter { $0.type == "document.received" }.isEmpty)
    }

    @Test("A signature whose certificate does not chain to a configured root is refused with 02; one that does is accepted")
    func untrustedSignatureIsRefused() async throws {
        let signer = try await Packets.testKey()
        let stranger = try await Packets.testKey()
        let signed = try EdXMLSignature.sign(try Packets.good(number: "81"), key: signer.key, certificate: signer.certificate)

        var settings = IntakeSettings(agencies: [IntakeHarness.sonLa])
        settings.trustStore = try TrustStore(roots: [try X509Certificate(pem: stranger.certificate)])
        let harness = try await IntakeHarness.make(settings)
        defer { Task { await harness.close() } }
        let refused = try await harness.deliver(signed)
        #expect(refused.status == 422)
        #expect(refused.reason == "signature_untrusted", "\(refused.body)")
        let status = try EdXMLParser().parseStatus(Data(refused.body.utf8))
        #expect(status.statusCode == .rejected)
        #expect(try await harness.outbox().filter { $0.type == "document.received" }.isEmpty)

        var trusting = IntakeSettings(agencies: [IntakeHarness.sonLa])
        trusting.trustStore = try TrustStore(roots: [try X509Certificate(pem: signer.certificate)])
        let second = try await IntakeHarness.make(trusting)
        defer { Task { await second.close() } }
        #expect(try await second.deliver(signed).status == 202)
    }

    @Test func bodyOverTheLimitIsRefusedWithoutParsing() async throws {
        var settings = IntakeSettings(agencies: [IntakeHarness.sonLa])
        settings.maxAttachmentBytes = 1024
        let harness = try await IntakeHarness.make(settings)
        defer { Task { await harness.close() } }
        let big = try Packets.with(file: { $0.content = Packets.pdf + Data(repeating: 0x20, count: 40 * 1024 * 1024) })
        let reply = try await harness.deliver(big)
        #expect(reply.status == 422)
        #expect(reply.reason == "too_large")
    }
}
