import Foundation
import Testing

@testable import PDFSign

/// Each hostile file is refused with its own code, quickly and within the memory budget (issue 16, item 3).
/// Serialized so that the peak-memory readings of one test are not another test's.
@Suite(.serialized)
struct HostileFileTests {
    static let catalog = "<< /Type /Catalog /Pages 2 0 R >>"
    static let pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    static let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"

    /// A one-page file whose catalog and page tree sit in object stream 5, followed there by `zeroMiB` MiB of zeros.
    static func bomb(zeroMiB: Int) throws -> [UInt8] {
        var pdf = HostilePDF()
        let objstm = HostilePDF.objectStream([(1, catalog), (2, pages)])
        let data = try DeflateBomb.zlib(prefix: objstm.body, zeroMiB: zeroMiB)
        pdf.add(3, page)
        pdf.stream(5, "/Type /ObjStm /N 2 /First \(objstm.first) /Filter /FlateDecode /Length \(data.count)", data)
        return pdf.xrefStream(6, inStreams: [1: (5, 0), 2: (5, 1)], trailer: "/Root 1 0 R")
    }

    /// Refused with `code`, in under 2 s, with the process's peak memory growing by less than 256 MiB.
    static func expectRefused(_ bytes: [UInt8], _ code: PDFSignError.Code, limits: PDFLimits = .standard, _ note: String) {
        let before = Memory.resetPeak()
        let clock = ContinuousClock.now
        do {
            let summary = try PDFScreening.screen(bytes, limits: limits)
            Issue.record("\(note): read (\(summary)) instead of refused with \(code)")
        } catch {
            #expect(error.code == code, "\(note): \(error)")
            #expect(!error.vietnameseMessage.isEmpty && !error.message.isEmpty)
        }
        let elapsed = ContinuousClock.now - clock
        let growth = Memory.peakKiB() - before
        print("hostile \(note): \(bytes.count) bytes, refused in \(elapsed), peak memory +\(growth / 1024) MiB")
        // A guard against a hang (a bomb inflated rather than refused), not a timing: the memory bound below is the check.
        #expect(elapsed < .seconds(60), "\(note)")
        #expect(growth < 256 * 1024, "\(note): peak memory grew by \(growth) KiB")
    }

    @Test("The deflate-bomb builder makes a valid stream: a small bomb reads")
    func smallBombReads() throws {
        let summary = try PDFScreening.screen(try Self.bomb(zeroMiB: 3))
        #expect(summary.pages == 1)
        #expect(summary.inflatedBytes > 3 << 20)
    }

    @Test("A 1.6 MB file whose object stream inflates to 1.5 GiB is refused at the 64 MiB budget")
    func deflateBomb() throws {
        let bytes = try Self.bomb(zeroMiB: 1536)
        #expect(bytes.count < 2 << 20)
        Self.expectRefused(bytes, .inflationBudget, "deflate bomb 1.5 GiB")
    }

    @Test("The inflation budget is configurable")
    func configurableBudget() throws {
        let bytes = try Self.bomb(zeroMiB: 3)
        Self.expectRefused(bytes, .inflationBudget, limits: PDFLimits(inflatedBytes: 1 << 20), "3 MiB under a 1 MiB budget")
        #expect(throws: Never.self) { try PDFDocument(bytes: bytes, limits: PDFLimits(inflatedBytes: 4 << 20)) }
    }

    @Test("A stream whose /Length refers to itself, or to a stream whose /Length refers back, is refused")
    func lengthCycle() {
        let cases: [(String, String, String?)] = [("self", "1 0 R", nil), ("pair", "7 0 R", "<< /Length 1 0 R >>\nstream\nabc\nendstream")]
        for (note, lengthOf1, extra) in cases {
            var pdf = HostilePDF()
            pdf.add(1, "<< /Type /Catalog /Pages 2 0 R /Length \(lengthOf1) >>\nstream\nabc\nendstream")
            pdf.add(2, Self.pages)
            pdf.add(3, Self.page)
            if let extra { pdf.add(7, extra) }
            let bytes = pdf.closed(trailer: "/Root 1 0 R")
            Self.expectRefused(bytes, .referenceCycle, "/Length cycle (\(note))")
        }
    }

    @Test("A loop of indirect references is refused as a cycle, a long chain as too deep")
    func referenceCycle() {
        var loop = HostilePDF()
        loop.add(1, "2 0 R")
        loop.add(2, "1 0 R")
        Self.expectRefused(loop.closed(trailer: "/Root 1 0 R"), .referenceCycle, "1 → 2 → 1")

        var chain = HostilePDF()
        for n in 1...40 { chain.add(n, "\(n + 1) 0 R") }
        chain.add(41, Self.catalog)
        Self.expectRefused(chain.closed(trailer: "/Root 1 0 R"), .referenceDepth, "40 references deep")

        var kids = HostilePDF()
        kids.add(1, Self.catalog)
        kids.add(2, "<< /Type /Pages /Kids 4 0 R /Count 1 >>")
        kids.add(4, "5 0 R")
        kids.add(5, "4 0 R")
        Self.expectRefused(kids.closed(trailer: "/Root 1 0 R"), .referenceCycle, "/Kids 4 → 5 → 4")
    }

    @Test("An object stream inside an object stream is refused; one inside itself is a cycle")
    func nestedObjectStreams() throws {
        let inner = HostilePDF.objectStream([(1, Self.catalog), (2, Self.pages)])
        let outer = HostilePDF.objectStream([(5, "<< /Type /ObjStm /N 2 /First \(inner.first) >>")])
        var nested = HostilePDF()
        nested.add(3, Self.page)
        nested.stream(6, "/Type /ObjStm /N 1 /First \(outer.first) /Length \(outer.body.count)", outer.body)
        let bytes = nested.xrefStream(7, inStreams: [1: (5, 0), 2: (5, 1), 5: (6, 0)], trailer: "/Root 1 0 R")
        Self.expectRefused(bytes, .nestedObjectStream, "object stream 5 inside object stream 6")

        var itself = HostilePDF()
        itself.add(3, Self.page)
        let selfBytes = itself.xrefStream(7, inStreams: [1: (5, 0), 2: (5, 1), 5: (5, 2)], trailer: "/Root 1 0 R")
        Self.expectRefused(selfBytes, .referenceCycle, "object stream 5 inside itself")
    }

    @Test("A /Prev chain that loops is refused")
    func prevLoop() {
        var own = HostilePDF()
        own.add(1, Self.catalog)
        own.add(2, Self.pages)
        own.add(3, Self.page)
        // The table's own offset is known before it is written.
        let at = own.bytes.count
        own.table(trailer: "/Root 1 0 R /Prev \(at)")
        Self.expectRefused(own.finish(startXRef: at), .referenceCycle, "/Prev to itself")

        // Two sections, each naming the other (offsets padded so their length is known in advance).
        var pair = HostilePDF()
        pair.add(1, Self.catalog)
        pair.add(2, Self.pages)
        pair.add(3, Self.page)
        var probe = pair
        let first = probe.table(trailer: "/Root 1 0 R /Prev 0000000000")
        let second = probe.bytes.count
        pair.table(trailer: "/Root 1 0 R /Prev \(HostilePDF.pad(second, 10))")
        pair.table(trailer: "/Root 1 0 R /Prev \(HostilePDF.pad(first, 10))")
        Self.expectRefused(pair.finish(startXRef: second), .referenceCycle, "/Prev A → B → A")
    }

    @Test("More cross-reference rows than the limit are refused")
    func tooManyObjects() {
        var pdf = HostilePDF()
        pdf.add(1, Self.catalog)
        pdf.add(2, Self.pages)
        pdf.add(3, Self.page)
        let bytes = pdf.closed(trailer: "/Root 1 0 R")
        #expect(throws: Never.self) { try PDFScreening.screen(bytes) }
        Self.expectRefused(bytes, .tooManyObjects, limits: PDFLimits(objects: 3), "4 rows over a limit of 3")
    }

    @Test("Ordinary producers' files pass the screening", arguments: ["cairo", "qpdf-objstm", "qpdf-linearized-objstm"])
    func ordinaryFilesPass(_ producer: String) throws {
        let dir = Tools.tempDir("screen")
        guard let path = try SamplePDFs.produce(producer, in: dir) else { return }
        let summary = try PDFScreening.screen(try Tools.read(path))
        #expect(summary.pages == 2)
    }
}

/// The process's resident memory from /proc/self/status, in KiB.
enum Memory {
    /// Resets the peak (VmHWM) to the current size, where the kernel allows it, and returns the current size.
    static func resetPeak() -> Int {
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            try? handle.write(contentsOf: Data("5".utf8))
            try? handle.close()
        }
        return field("VmRSS")
    }

    static func peakKiB() -> Int { field("VmHWM") }

    static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
