import Foundation
import Testing
import TestSupport

/// `intake check` run as a program: exit 0 accepted, 1 refused with the reason on stdout, never anything else.
@Suite struct CheckCommandTests {
    static let binary = TestEnv.binDirectory.appendingPathComponent("intake").path

    func check(_ packet: Data, agency: String = "000.00.00.H52") async throws -> (code: Int32?, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString).xml")
        try packet.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let child = try ChildProcess(Self.binary, ["check", "--agency", agency, file.path])
        let code = try await child.waitForExit(timeout: .seconds(60))
        return (code, child.output)
    }

    @Test func goodPacketExitsZero() async throws {
        let result = try await check(try Packets.good())
        #expect(result.code == 0, "\(result.output)")
        #expect(result.output.hasPrefix("ACCEPTED"))
    }

    @Test("A bad packet exits 1 with its reason", arguments: [
        BadPacket.truncated, .empty, .xxe, .billionLaughs, .nameWithDiacritics, .exeRenamedPDF, .secretSubject, .notAddressedHere,
        .alteredAfterSigning, .garbage,
    ])
    func badPacketExitsOne(_ bad: BadPacket) async throws {
        let result = try await check(try await bad.packet())
        #expect(result.code == 1, "\(bad): \(result.output)")
        #expect(result.output.hasPrefix("REFUSED \(bad.expectedCode)"), "\(result.output)")
    }

    @Test func sampleIsAcceptedForItsAddressee() async throws {
        let data = try Data(contentsOf: TestEnv.shared.appendingPathComponent("edxml-samples/edoc_new.edxml"))
        let result = try await check(data, agency: "000.00.50.H19")
        #expect(result.code == 0)
        // The SDK's own sample has its deadline (2018/09/28) before its promulgation date (2018/10/19): real senders
        // do this, so it is let through, with a warning the clerk sees.
        #expect(result.output.contains("warning: due_date_before_promulgation"), "\(result.output)")
    }

    @Test("Impossible dates and counts are refused by the offline check too", arguments: [
        BadPacket.promulgatedNextWeek, .promulgatedBefore1945, .answersALaterDocument, .negativePageAmount,
    ])
    func implausiblePacketExitsOne(_ bad: BadPacket) async throws {
        let result = try await check(try await bad.packet())
        #expect(result.code == 1, "\(bad): \(result.output)")
        #expect(result.output.hasPrefix("REFUSED \(bad.expectedCode)"), "\(result.output)")
    }
}
