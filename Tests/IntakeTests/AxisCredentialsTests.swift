import Foundation
import Testing

@testable import IntakeService

/// Only the configured axis systems may deliver; an unauthenticated POST stores nothing.
@Suite(.serialized) struct AxisCredentialsTests {
    static let secret = "s3cret-of-the-LGSP-connector"

    static func basic(_ system: String, _ secret: String) -> String {
        "Basic " + Data("\(system):\(secret)".utf8).base64EncodedString()
    }

    @Test func onlyAConfiguredSystemWithItsSecretMayDeliver() async throws {
        var settings = IntakeSettings(agencies: [IntakeHarness.sonLa, IntakeHarness.taiChinh])
        settings.axisCredentials = try #require(AxisCredentials.parse("000.00.00.LGSP:\(Self.secret);001.00.26.G14:another-secret-16chars"))
        let h = try await IntakeHarness.make(settings)

        for wrong in [nil, Self.basic("000.00.00.LGSP", "guess"), Self.basic("000.00.99.XXX", Self.secret), "Bearer \(Self.secret)", "Basic !!"] {
            let reply = try await h.deliver(try Packets.good(number: "7001"), authorization: wrong)
            #expect(reply.status == 401, "refused: \(wrong ?? "no credentials")")
            #expect(reply.body.contains("chưa được xác thực"))
        }
        #expect(try await h.deliveries().isEmpty, "nothing logged or registered for an unauthenticated sender")
        #expect(try await h.outbox().isEmpty)

        let accepted = try await h.deliver(try Packets.good(number: "7001"), authorization: Self.basic("000.00.00.LGSP", Self.secret))
        #expect(accepted.status == 202)
        let source = try await h.database.query("SELECT source FROM \(identifier: h.schema).deliveries").rows[0].decode(String.self, "source")
        #expect(source == "http:000.00.00.LGSP", "the log names the system that delivered")
        await h.close()
    }

    @Test func malformedConfigurationIsRefused() {
        #expect(AxisCredentials.parse("no-colon") == nil)
        #expect(AxisCredentials.parse("sys:short") == nil, "a secret under 16 characters is too weak")
        #expect(AxisCredentials.parse("a:0123456789abcdef;a:0123456789abcdefg") == nil, "a system listed twice")
        #expect(AxisCredentials.parse("a:0123456789abcdef;b:0123456789abcdef:with-colon")?.system(
            authorization: Self.basic("b", "0123456789abcdef:with-colon")) == "b", "a secret may contain ':'")
    }
}
