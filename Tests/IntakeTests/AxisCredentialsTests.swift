import Foundation
import Testing

@testable import IntakeService

/// Only the configured axis systems may deliver; an unauthenticated POST stores nothing.
@Suite(.serialized) struct AxisCredentialsTests {
    static let secret = "s3cret-of-the-LGSP-connector"

    @Test func onlyAConfiguredSystemWithItsSecretMayDeliver() async throws {
        var settings = IntakeSettings(agencies: [IntakeHarness.sonLa, IntakeHarness.taiChinh])
        settings.axisCredentials = try #require(AxisCredentials.parse("000.00.00.LGSP:\(Self.secret);001.00.26.G14:another-secret-16chars"))
        let h = try await IntakeHarness.make(settings)

        let wrong: [[String: String]] = [
            [:], ["systemid": "000.00.00.LGSP"], ["systemid": "000.00.00.LGSP", "secret": "guess"],
            ["systemid": "000.00.99.XXX", "secret": Self.secret], ["systemid": "001.00.26.G14", "secret": Self.secret],
        ]
        for headers in wrong {
            let reply = try await h.deliver(try Packets.good(number: "7001"), headers: headers)
            #expect(reply.status == 401, "refused: \(headers)")
            #expect(reply.body.contains("chưa được xác thực"))
            #expect(reply.body.contains(#""code":"axis_sender_unauthenticated""#), "the one error body: \(reply.body)")
        }
        #expect(try await h.deliveries().isEmpty, "nothing logged or registered for an unauthenticated sender")
        #expect(try await h.outbox().isEmpty)

        let accepted = try await h.deliver(
            try Packets.good(number: "7001"), headers: ["systemid": "000.00.00.LGSP", "secret": Self.secret])
        #expect(accepted.status == 202)
        let source = try await h.database.query("SELECT source FROM \(identifier: h.schema).deliveries").rows[0].decode(String.self, "source")
        #expect(source == "http:000.00.00.LGSP", "the log names the system that delivered")
        await h.close()
    }

    @Test func malformedConfigurationIsRefused() {
        #expect(AxisCredentials.parse("no-colon") == nil)
        #expect(AxisCredentials.parse("sys:short") == nil, "a secret under 16 characters is too weak")
        #expect(AxisCredentials.parse("a:0123456789abcdef;a:0123456789abcdefg") == nil, "a system listed twice")
        let withColon = AxisCredentials.parse("a:0123456789abcdef;b:0123456789abcdef:with-colon")
        #expect(withColon?.system(id: "b", secret: "0123456789abcdef:with-colon") == "b", "a secret may contain ':'")
        #expect(withColon?.system(id: "b", secret: "0123456789abcdef") == nil)
    }
}
