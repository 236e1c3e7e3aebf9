import Contracts
import Foundation
import Messaging
import Storage
import TestSupport
import Testing

@testable import ArchiveService

/// The search narrowed to a dossier (what it holds, in the caller's agency), and dossiers found by the words of their
/// code or title with or without diacritics — over the same record of a document the dossiers file.
@Suite(.serialized)
struct DossierSearchTests {
    func dossier(_ h: ArchiveHarness, code: String, title: String, agency: String = ArchiveHarness.agency) async throws -> UUID {
        let id = UUID()
        _ = try await h.database.query("""
            INSERT INTO \(identifier: h.schema).dossiers (id, agency, year, code, title, creator, started_at, state)
            VALUES (\(id), \(agency), 2026, \(code), \(title), 'chuyenvien.ubnd', now(), 'open')
            """)
        return id
    }

    @Test func aDossierNarrowsTheSearchToWhatItHolds() async throws {
        let h = try await ArchiveHarness()
        let task = try await running(h.router())
        let filed = Fixtures.received(1, subject: "Về việc lập dự toán ngân sách năm 2027")
        let other = Fixtures.received(2, subject: "Về việc điều chỉnh dự toán ngân sách năm 2026")
        for d in [filed, other] { try await h.publish(d) }
        #expect(try await h.search(["q": "du toan", "after": "\(filed.documentId),\(other.documentId)"]).subjects.count == 2)

        let budget = try await dossier(h, code: "01.TC", title: "Hồ sơ dự toán ngân sách năm 2027")
        let empty = try await dossier(h, code: "02.TC", title: "Hồ sơ quyết toán")
        let theirs = try await dossier(h, code: "01.TC", title: "Hồ sơ của sở", agency: ArchiveHarness.otherAgency)
        let store = DossierStore(schema: h.schema)
        let filedBoth = try await h.database.withTransaction { tx in
            let ours = try await store.file(filed.documentId, into: budget, by: "chuyenvien.ubnd", how: "hand", at: Date(), in: tx)
            // Another agency's dossier holding our document (it cannot happen through the API): still not a way in.
            let theirsFiled = try await store.file(other.documentId, into: theirs, by: "x", how: "hand", at: Date(), in: tx)
            return ours && theirsFiled
        }
        #expect(filedBoth)

        #expect(try await h.search(["q": "du toan", "dossier": "\(budget)"]).subjects == [filed.subject], "only what the dossier holds")
        #expect(try await h.search(["dossier": "\(budget)"]).subjects == [filed.subject], "the dossier alone is a search")
        #expect(try await h.search(["q": "du toan", "dossier": "\(empty)"]).subjects.isEmpty)
        #expect(try await h.search(["dossier": "\(theirs)"]).subjects.isEmpty, "another agency's dossier finds nothing")
        let bad = try await h.search(["dossier": "01.TC"])
        #expect(bad.status == .badRequest && bad.text.contains("invalid_parameter"), "\(bad.text)")
        // Need to know still applies inside a dossier: a specialist never assigned the document does not find it.
        let specialist = try await h.token(roles: [.specialist], account: "chuyenvien.khac")
        #expect(try await h.search(["dossier": "\(budget)"], token: specialist).subjects.isEmpty)
        task.cancel()
        _ = await task.result
        await h.cleanUp()
    }

    @Test func dossiersAreFoundByTheWordsOfTheirCodeOrTitleWithOrWithoutDiacritics() async throws {
        let h = try await ArchiveHarness()
        let budget = try await dossier(h, code: "01.TC", title: "Hồ sơ dự toán ngân sách năm 2027")
        let land = try await dossier(h, code: "05.ĐĐ", title: "Hồ sơ giao đất, cho thuê đất")
        _ = try await dossier(h, code: "09.TC", title: "Hồ sơ dự toán", agency: ArchiveHarness.otherAgency)
        let store = DossierStore(schema: h.schema)
        func found(_ words: String) async throws -> Set<UUID> {
            var f = DossierStore.Filter(agency: ArchiveHarness.agency)
            f.text = words
            return Set(try await store.dossiers(f, executor: h.database).map(\.id))
        }
        #expect(try await found("du toan") == [budget], "without diacritics, and never another agency's")
        #expect(try await found("Dự TOÁN") == [budget])
        #expect(try await found("ngan sach du toan") == [budget], "every word, in any order")
        #expect(try await found("01.tc") == [budget], "the code")
        #expect(try await found("dat") == [land], "đ is found as d")
        #expect(try await found("05.dd") == [land])
        #expect(try await found("ho so") == [budget, land])
        #expect(try await found("du toan dat").isEmpty)
        #expect(try await found("100%").isEmpty, "% is a character, not a pattern")
        await h.cleanUp()
    }
}
