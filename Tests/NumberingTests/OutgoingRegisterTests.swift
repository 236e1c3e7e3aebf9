import Auth
import BlobStore
import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import ServiceKit
import Storage
import TestSupport
import Testing

@testable import NumberingService

/// The outgoing registers over real PostgreSQL: numbers with no gap and no duplicate under two copies, a copy killed
/// mid-transaction, the 31 December → 1 January rollover in Vietnam time, withdrawn numbers, the clerk's API and print.
@Suite(.serialized)
struct OutgoingRegisterTests {
    static let agency = NumberingHarness.agency
    static let books = try! SeriesBook(parsing: SeriesBook.defaultText)

    /// A copy of numbering: its own connection pool, as a second process would have.
    struct Copy {
        let database: PGClient
        let work: UnitOfWork
        let store: OutgoingRegisterStore

        init(_ h: NumberingHarness) {
            database = PGClient(url: TestEnv.pgURL, maxConnections: 6, logger: TestEnv.logger)
            work = UnitOfWork(database: database, outbox: Outbox(schema: h.schema))
            store = OutgoingRegisterStore(schema: h.schema)
        }

        func number(_ id: UUID, unit: String? = "KT", normative: Bool = false, at now: Date) async throws -> NumberOutgoing.Result {
            try await NumberOutgoing(documentId: id, agency: OutgoingRegisterTests.agency, clerk: "vanthu.ubnd", normative: normative, unit: unit)
                .run(work: work, store: store, series: OutgoingRegisterTests.books, abbreviations: AgencyAbbreviations(parsing: ""), now: now)
        }
    }

    /// A leader-signed document as routing's `signing.requested` and signing's `document.signed` describe it.
    @discardableResult
    static func signed(_ h: NumberingHarness, type: String = "Công văn", subject: String = "Về việc rà soát dự toán",
                       recipients: [String] = ["000.00.01.H52"]) async throws -> UUID {
        let id = UUID()
        let store = OutgoingRegisterStore(schema: h.schema)
        let blob = BlobRef(sha256: String(repeating: "b", count: 64), size: 10, mediaType: "application/pdf")
        try await h.database.withTransaction { tx in
            try await store.recordRequested(
                SigningRequested(
                    requestId: UUID(), documentId: id, kind: .leader, signer: "vietnd.ubnd", document: blob, appendices: [],
                    reason: subject, documentType: type, recipients: recipients, signerName: "Nguyễn Đức Việt"),
                agency: agency, in: tx)
            try await store.recordSigned(
                DocumentSigned(requestId: UUID(), documentId: id, signer: "vietnd.ubnd", signed: blob, signedAt: Date()), agency: agency, in: tx)
        }
        return id
    }

    func numbers(_ h: NumberingHarness, register: String, year: Int) async throws -> [Int] {
        try await h.database.query("""
            SELECT number FROM \(identifier: h.schema).outgoing_numbers WHERE agency = \(Self.agency) AND register = \(register) AND year = \(year)
            ORDER BY number
            """).rows.map { try $0.decode(Int.self, "number") }
    }

    func numberedEvents(_ h: NumberingHarness) async throws -> [DocumentNumbered] {
        try await h.database.query("SELECT body FROM \(identifier: h.schema).outbox WHERE type = 'document.numbered'").rows
            .map { try Envelope.decode(from: Data(try $0.decode(String.self, "body").utf8)).decode(DocumentNumbered.self) }
    }

    @Test func twoCopiesNumberConcurrentlyWithoutGapOrDuplicate() async throws {
        let h = try await NumberingHarness()
        var ids: [(UUID, String)] = []
        for i in 0..<120 { ids.append((try await Self.signed(h, type: i % 3 == 0 ? "Quyết định" : "Công văn"), i % 3 == 0 ? "QĐ" : "CV")) }
        let a = Copy(h), b = Copy(h)
        let now = Fixtures.vietnam(2026, 3, 16, 10)

        // Each document asked for twice, once at each copy, all at the same time.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (id, _) in ids {
                group.addTask { _ = try await a.number(id, at: now) }
                group.addTask { _ = try await b.number(id, at: now) }
            }
            try await group.waitForAll()
        }

        let decisions = ids.filter { $0.1 == "QĐ" }.count
        #expect(try await numbers(h, register: "VBDI-QD", year: 2026) == Array(1...decisions))
        #expect(try await numbers(h, register: "VBDI-CV", year: 2026) == Array(1...(ids.count - decisions)))
        let events = try await numberedEvents(h)
        #expect(events.count == ids.count && Set(events.map(\.documentId)) == Set(ids.map(\.0)))
        let again = try await a.number(ids[0].0, at: now)
        #expect(!again.isNew && again.number.number == events.first { $0.documentId == ids[0].0 }?.number)
        #expect(again.codeText.hasSuffix(ids[0].1 == "QĐ" ? "/QĐ-UBND" : "/UBND-KT"))
        await a.database.shutdown(); await b.database.shutdown()
        await h.cleanUp()
    }

    @Test func aCopyKilledMidTransactionLeavesNoGap() async throws {
        let h = try await NumberingHarness()
        let doomedDoc = try await Self.signed(h), others = [try await Self.signed(h), try await Self.signed(h)]
        let doomed = Copy(h), survivor = Copy(h)
        let now = Fixtures.vietnam(2026, 5, 4)
        let pid = PIDBox()

        // The doomed copy takes number 1 and stops before committing; its connection is then killed (as kill -9 of
        // the process would drop it), while the survivor waits on the counter's lock.
        let doomedTask = Task {
            try await doomed.database.withTransaction { tx in
                pid.value = try await tx.query("SELECT pg_backend_pid() AS pid").rows[0].decode(Int.self, "pid")
                _ = try await doomed.store.take(
                    document: doomedDoc, agency: Self.agency, register: "VBDI-CV", notation: { _ in "UBND-KT" }, now: now, by: "x", unit: "KT",
                    in: tx)
                try await Task.sleep(for: .seconds(30))
            }
        }
        #expect(try await eventually(.seconds(10)) { pid.value != nil })
        try await Task.sleep(for: .milliseconds(200))
        let waiting = Task { try await survivor.number(others[0], at: now) }
        try await Task.sleep(for: .milliseconds(300))
        _ = try await h.database.query("SELECT pg_terminate_backend(\(pid.value!))")
        let first = try await waiting.value
        doomedTask.cancel()
        let second = try await survivor.number(others[1], at: now)
        let third = try await survivor.number(doomedDoc, at: now)
        _ = try? await doomedTask.value

        let given: [Int] = [first.number.number, second.number.number, third.number.number]
        #expect(given == [1, 2, 3])
        #expect(try await numbers(h, register: "VBDI-CV", year: 2026) == [1, 2, 3])
        await doomed.database.shutdown(); await survivor.database.shutdown()
        await h.cleanUp()
    }

    @Test func newYearInVietnamStartsAgainFromOneWhileTwoCopiesNumber() async throws {
        let h = try await NumberingHarness()
        var docs: [UUID] = []
        for _ in 0..<80 { docs.append(try await Self.signed(h)) }
        let a = Copy(h), b = Copy(h)
        // 23:59:59 on 31 December and 00:00:00 on 1 January in Vietnam: 16:59:59 and 17:00:00 UTC on 31 December.
        let lastSecond = Fixtures.vietnam(2026, 12, 31, 23, 59).addingTimeInterval(59)
        let newYear = Fixtures.vietnam(2027, 1, 1, 0, 0)
        #expect(ISO8601DateFormatter().string(from: newYear) == "2026-12-31T17:00:00Z")

        let results = try await withThrowingTaskGroup(of: NumberOutgoing.Result.self) { group in
            for (i, id) in docs.enumerated() {
                // The first half on the old year's last second, the rest on the new year's first, both copies at once.
                let clock = i < 40 ? lastSecond : newYear
                let copy = i % 2 == 0 ? a : b
                group.addTask { try await copy.number(id, at: clock) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(try await numbers(h, register: "VBDI-CV", year: 2026) == Array(1...40))
        #expect(try await numbers(h, register: "VBDI-CV", year: 2027) == Array(1...40))
        #expect(Set(results.filter { $0.number.year == 2026 }.map(\.issuedOn)) == ["2026-12-31"])
        #expect(Set(results.filter { $0.number.year == 2027 }.map(\.issuedOn)) == ["2027-01-01"])
        #expect(results.first { $0.number.year == 2027 && $0.number.number == 1 }?.codeText == "01/UBND-KT")
        await a.database.shutdown(); await b.database.shutdown()
        await h.cleanUp()
    }

    @Test func aWithdrawnNumberIsKeptWithItsReasonAndNeverReused() async throws {
        let h = try await NumberingHarness()
        let first = try await Self.signed(h), second = try await Self.signed(h)
        let copy = Copy(h)
        let now = Fixtures.vietnam(2026, 6, 1)

        #expect(try await copy.number(first, at: now).number.number == 1)
        let withdrawn = try await WithdrawNumber(documentId: first, agency: Self.agency, clerk: "vanthu.ubnd", reason: "Lãnh đạo cho sửa nội dung")
            .run(work: copy.work, store: copy.store, now: now)
        #expect(withdrawn.state == .withdrawn && withdrawn.number == 1)
        #expect(try await copy.number(second, at: now).number.number == 2)
        #expect(try await copy.number(first, at: now).number.number == 3)  // the same document again: a new number

        let lines = try await copy.store.entries(OutgoingFilter(agency: Self.agency, registerOrder: true), executor: h.database)
        #expect(lines.map(\.number.number) == [1, 2, 3])
        #expect(lines[0].number.state == .withdrawn && lines[0].number.withdrawnReason == "Lãnh đạo cho sửa nội dung")
        #expect(lines[0].document.documentId == first && lines[2].document.documentId == first)

        // Issued (sealed under its number): no longer withdrawn.
        let sealed = DocumentSealed(
            requestId: UUID(), documentId: second, sealed: BlobRef(sha256: String(repeating: "c", count: 64), size: 1, mediaType: "application/pdf"),
            appendices: [], sealedAt: now, number: 2, notation: "UBND-KT", issuedOn: now)
        let issued = try await h.database.withTransaction { tx in try await copy.store.recordSealed(sealed, agency: Self.agency, in: tx) }
        #expect(issued?.state == .issued)
        await #expect(throws: Refusal.self) {
            try await WithdrawNumber(documentId: second, agency: Self.agency, clerk: "vanthu.ubnd", reason: "muộn")
                .run(work: copy.work, store: copy.store, now: now)
        }
        await copy.database.shutdown()
        await h.cleanUp()
    }

    // MARK: The clerk's HTTP API

    struct API {
        let h: NumberingHarness
        let issuer: TokenIssuer
        let now: Date
        let blobs: FileBlobStore

        func application() throws -> some ApplicationProtocol {
            let routes = OutgoingRegisterRoutes(
                work: UnitOfWork(database: h.database, outbox: Outbox(schema: h.schema)), blobs: blobs,
                store: OutgoingRegisterStore(schema: h.schema),
                series: OutgoingRegisterTests.books, abbreviations: AgencyAbbreviations(parsing: ""),
                agencies: AgencyDirectory(parsing: "000.00.01.H52=Sở Tài chính tỉnh Sơn La"), now: { [now] in now })
            let router = makeHTTPRouter(
                service: "numbering", readiness: Readiness(), tokenVerifier: try TokenVerifier(publicKeyPEM: HTTPHarness.keys.publicPEM),
                logger: TestEnv.logger) { routes.add(to: $0) }
            return Application(router: router)
        }

        func call(_ method: HTTPRequest.Method, _ uri: String, roles: Set<Role> = [.clerk], agency: String = OutgoingRegisterTests.agency,
                  body: String? = nil) async throws -> HTTPHarness.Reply {
            let token = try await issuer.issue(Identity(account: "vanthu.ubnd", agency: agency, roles: roles), ttl: .seconds(600))
            var headers: HTTPFields = [.authorization: "Bearer \(token)"]
            if body != nil { headers[.contentType] = "application/json" }
            let sent = headers
            return try await application().test(.router) { client in
                try await client.execute(uri: uri, method: method, headers: sent, body: body.map { ByteBuffer(string: $0) }) { r in
                    HTTPHarness.Reply(status: r.status, headers: r.headers, body: Array(buffer: r.body))
                }
            }
        }
    }

    @Test func theClerkAsksForTheNumberAndDateAndPrintsTheRegister() async throws {
        let h = try await NumberingHarness()
        let blobs = try HTTPHarness(h).blobs
        let api = API(
            h: h, issuer: try TokenIssuer(privateKeyPEM: HTTPHarness.keys.privatePEM), now: Fixtures.vietnam(2026, 3, 16, 15), blobs: blobs)
        let base = "/agencies/\(Self.agency)/registers/outgoing"
        let letter = try await Self.signed(h, subject: "Về việc rà soát dự toán \"bổ sung\", đợt 2")
        let decision = try await Self.signed(h, type: "Quyết định", subject: "Quyết định giao chỉ tiêu")
        let rule = try await Self.signed(h, type: "Quyết định", subject: "Quy định phân cấp quản lý")

        let awaiting = try await api.call(.get, base + "/awaiting").json(OutgoingRegisterRoutes.Awaiting.self)
        #expect(Set(awaiting.items.map(\.documentId)) == [letter, decision, rule])
        #expect(try await api.call(.post, base + "/\(letter)/number").status == .unprocessableContent)  // công văn: unit needed
        #expect(try await api.call(.post, base + "/\(letter)/number", roles: [.head]).status == .forbidden)
        #expect(try await api.call(.post, base + "/\(letter)/number", agency: "000.00.00.H53").status == .forbidden)

        let given = try await api.call(.post, base + "/\(letter)/number", body: #"{"unit":"KT"}"#)
        #expect(given.status == .created)
        let result = try given.json(NumberOutgoing.Result.self)
        #expect(result.codeText == "01/UBND-KT" && result.issuedOn == "2026-03-16")
        #expect(try await api.call(.post, base + "/\(decision)/number", body: #"{"unit":"k t"}"#).status == .badRequest)
        #expect(try await api.call(.post, base + "/\(letter)/number", body: #"{"unit":"KT"}"#).status == .ok)
        #expect(try await api.call(.post, base + "/\(decision)/number").json(NumberOutgoing.Result.self).codeText == "01/QĐ-UBND")
        #expect(try await api.call(.post, base + "/\(rule)/number", body: #"{"normative":true}"#).json(NumberOutgoing.Result.self).codeText
            == "01/2026/QĐ-UBND")
        #expect(try await api.call(.post, base + "/\(UUID())/number").status == .notFound)
        #expect(try await api.call(.get, base + "/awaiting").json(OutgoingRegisterRoutes.Awaiting.self).items.isEmpty)

        let page = try await api.call(.get, base + "?limit=2", roles: [.head]).json(OutgoingRegisterRoutes.Page.self)
        let rest = try await api.call(.get, base + "?limit=2&cursor=\(try #require(page.next))").json(OutgoingRegisterRoutes.Page.self)
        // All three given at the same instant: newest first by series and number, each exactly once across the pages.
        #expect((page.items + rest.items).map(\.number.codeText) == ["01/QĐ-UBND", "01/UBND-KT", "01/2026/QĐ-UBND"])
        #expect(rest.next == nil)
        #expect(try await api.call(.get, base + "?cursor=x").status == .badRequest)

        let csv = try await api.call(.get, base + ".csv?year=2026")
        #expect(csv.status == .ok)
        let rows = RegisterCSV.parse(csv.text)
        #expect(rows.first == OutgoingRegisterSheet.headers)
        let letterRow = try #require(rows.first { $0.first == "01/UBND-KT" })
        #expect(letterRow[1] == "16/03/2026" && letterRow[2] == "Công văn: Về việc rà soát dự toán \"bổ sung\", đợt 2")
        #expect(letterRow[3] == "Nguyễn Đức Việt" && letterRow[4] == "Sở Tài chính tỉnh Sơn La" && letterRow[5] == "VT, KT")

        let pdf = try await api.call(.get, base + ".pdf?series=VBDI-CV&year=2026")
        #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
        let text = try await pdftotext(pdf.body)
        #expect(text.contains("SỔ ĐĂNG KÝ VĂN BẢN ĐI") && text.contains("01/UBND-KT") && text.contains("Nguyễn Đức") && text.contains("Sở Tài chính"), "\(text)")
        #expect(!text.contains("QĐ-UBND"))
        #expect(text.contains("Bắt đầu: số 01/UBND-KT ngày 16/03/2026"), "the cover names the first entry")
        #expect(try await api.call(.get, base + ".pdf", roles: [.specialist]).status == .forbidden)

        // Signing sealed it under its number: issued, and the clerk downloads the issued PDF.
        #expect(try await api.call(.get, base + "/\(letter)/document.pdf").status == .notFound)
        let issuedBytes = Data("%PDF-1.7 đã ký số cơ quan".utf8)
        let blob = try await blobs.put(issuedBytes, mediaType: "application/pdf")
        let store = OutgoingRegisterStore(schema: h.schema)
        _ = try await h.database.withTransaction { tx in
            try await store.recordSealed(
                DocumentSealed(requestId: UUID(), documentId: letter, sealed: blob, appendices: [], sealedAt: Date(), number: 1,
                               notation: "UBND-KT", issuedOn: Date()), agency: Self.agency, in: tx)
        }
        let issued = try await api.call(.get, base + "/\(letter)/document.pdf")
        #expect(issued.status == .ok && Data(issued.body) == issuedBytes)
        let line = try await api.call(.get, base + "?number=1&series=VBDI-CV").json(OutgoingRegisterRoutes.Page.self).items.first
        #expect(line?.number.state == .issued && line?.document.sealed == blob)
        #expect(line?.document.dispatchedAt == nil)

        // Dispatch sent it (document.dispatched, told twice, the later first): the register's "ngày chuyển" is the
        // first day, in the list, the CSV and the print.
        let sentAt = Fixtures.vietnam(2026, 3, 17, 9)
        func dispatched(_ id: UUID, at: Date) async throws -> Bool {
            try await h.database.withTransaction { tx in
                try await store.recordDispatched(
                    DocumentDispatched(
                        documentId: id, edxmlDocumentId: "000.00.00.H52,2026/03/16,01/UBND-KT",
                        recipients: [Organization(code: "000.00.12.H52", name: "Sở Tài chính tỉnh Sơn La")], packet: blob, dispatchedAt: at),
                    agency: Self.agency, in: tx)
            }
        }
        #expect(try await dispatched(letter, at: Fixtures.vietnam(2026, 3, 18, 9)))
        #expect(try await dispatched(letter, at: sentAt))
        #expect(try await !dispatched(UUID(), at: sentAt), "not a document of the register")
        let sentLine = try await api.call(.get, base + "?number=1&series=VBDI-CV").json(OutgoingRegisterRoutes.Page.self).items.first
        #expect(sentLine?.document.dispatchedAt == sentAt)
        let csvAfter = RegisterCSV.parse(try await api.call(.get, base + ".csv?year=2026").text)
        #expect(csvAfter.first { $0.first == "01/UBND-KT" }?[7] == "17/03/2026", "\(csvAfter)")
        #expect(csvAfter.first { $0.first == "01/QĐ-UBND" }?[7] == "", "not sent yet")
        let printed = try await pdftotext(try await api.call(.get, base + ".pdf?series=VBDI-CV&year=2026").body)
        #expect(printed.contains("17/03/2026"), "\(printed)")
        await h.cleanUp()
    }

    func pdftotext(_ pdf: [UInt8]) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("so-di-\(UUID()).pdf")
        try Data(pdf).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let child = try ChildProcess("/usr/bin/pdftotext", ["-layout", path.path, "-"])
        #expect(try await child.waitForExit() == 0)
        return child.output
    }
}

final class PIDBox: @unchecked Sendable {
    var value: Int?
}
