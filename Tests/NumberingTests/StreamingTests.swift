import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import NumberingService

/// Downloads that could be large are streamed, not loaded: an attachment from the blob store, the register from
/// PostgreSQL a batch at a time.
@Suite(.serialized)
struct StreamingTests {
    /// The process's peak resident memory so far (VmHWM), in bytes.
    static func peakRSS() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
    }

    @Test func aLargeAttachmentIsStreamedWithItsLengthAndNeverWholeInMemory() async throws {
        try await MemoryTurns.take { try await self.aLargeAttachmentIsStreamedWithItsLengthAndNeverWholeInMemoryInTurn() }
    }

    func aLargeAttachmentIsStreamedWithItsLengthAndNeverWholeInMemoryInTurn() async throws {
        let h = try await NumberingHarness()
        let http = try HTTPHarness(h)
        // 160 MB written to a file a megabyte at a time and stored from it: the test never holds it whole either.
        let size = 160 << 20
        let source = http.blobs.scratchDirectory.appendingPathComponent("big-\(UUID().uuidString).pdf")
        FileManager.default.createFile(atPath: source.path, contents: nil)
        let handle = try FileHandle(forWritingTo: source)
        var chunk = Data(repeating: 0x25, count: 1 << 20)
        for i in 0..<(size >> 20) {
            chunk[0] = UInt8(i & 0xff)
            try handle.write(contentsOf: chunk)
        }
        try handle.close()
        let blob = try await http.blobs.put(contentsOf: source, mediaType: "application/pdf")
        try FileManager.default.removeItem(at: source)
        let doc = Fixtures.document(9, attachments: [AttachmentRef(name: "ban-ve.pdf", blob: blob)])
        try await h.register(doc)
        let token = try await http.token()

        let before = Self.peakRSS()
        let (status, length, received) = try await http.application().test(.live) { client in
            var request = HTTPClientRequest(
                url: "http://127.0.0.1:\(client.port!)/agencies/\(NumberingHarness.agency)/registers/incoming/\(doc.documentId)/attachments/ban-ve.pdf")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
            var received = 0
            for try await part in response.body { received += part.readableBytes }
            return (response.status.code, response.headers["Content-Length"].first, received)
        }
        let grown = Self.peakRSS() - before

        #expect(status == 200)
        #expect(length == String(size), "the length is announced: the client knows a cut-off download is incomplete")
        #expect(received == size)
        // Loaded whole it took the file twice over (Data + ByteBuffer): 320 MB more at the peak.
        #expect(grown < size / 4, "peak resident memory grew by \(grown >> 20) MB for a \(size >> 20) MB attachment")
        await h.cleanUp()
    }

    @Test func theRegisterIsReadInBatchesThatAddUpToThePage() async throws {
        let h = try await NumberingHarness()
        for n in 1...23 { try await h.register(Fixtures.document(n, receivedAt: Fixtures.vietnam(2026, 3, 1 + n % 28))) }
        try await h.register(Fixtures.document(24, receivedAt: Fixtures.vietnam(2027, 1, 3)))
        var filter = RegisterFilter(agency: NumberingHarness.agency)
        filter.limit = RegisterFilter.printLimit
        filter.newestFirst = false  // the printed register runs in register order, whatever the screen's order
        let whole = try await h.store.search(filter, executor: h.database).entries
        var batches: [[IncomingEntry]] = []
        try await h.store.forEachBatch(filter, batch: 5, executor: h.database) { batches.append($0) }

        #expect(batches.map(\.count) == [5, 5, 5, 5, 4])
        #expect(batches.flatMap { $0 }.map(\.documentId) == whole.map(\.documentId))
        #expect(whole.count == 24)
        // A limit and an offset hold across batches as on a page.
        filter.limit = 7
        filter.offset = 3
        var limited: [IncomingEntry] = []
        try await h.store.forEachBatch(filter, batch: 5, executor: h.database) { limited += $0 }
        #expect(limited.map(\.documentId) == Array(whole[3..<10]).map(\.documentId))
        await h.cleanUp()
    }
}
