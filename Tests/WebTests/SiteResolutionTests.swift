import Crypto
import XCTest

@testable import WebSite

/// Which agency's site a request is for, and the CSRF guard's verdicts: what a user of one agency relies on
/// not to land on another's site, and what stops a forged form.
final class SiteResolutionTests: XCTestCase {
    let sites = SiteDirectory(
        agencies: [
            SiteAgency(code: "000.00.00.H52", shortName: "ubnd", name: "UBND tỉnh Sơn La"),
            SiteAgency(code: "000.00.12.H52", shortName: "stc", name: "Sở Tài chính tỉnh Sơn La"),
        ], baseDomain: "qlvb.sonla.gov.vn")

    func testHostNameChoosesTheSite() {
        let r = sites.resolve(host: "stc.qlvb.sonla.gov.vn", path: "/hop-thu")
        XCTAssertEqual(r?.agency.code, "000.00.12.H52")
        XCTAssertEqual(r?.byHost, true)
        XCTAssertEqual(r?.base, "")
        XCTAssertEqual(sites.resolve(host: "STC.qlvb.sonla.gov.vn:8443", path: "/")?.agency.shortName, "stc")
    }

    func testPathPrefixChoosesTheSiteOnOneHost() {
        let r = sites.resolve(host: "127.0.0.1:8088", path: "/ubnd/so-den")
        XCTAssertEqual(r?.agency.code, "000.00.00.H52")
        XCTAssertEqual(r?.base, "/ubnd")
        XCTAssertEqual(sites.resolve(host: "qlvb.sonla.gov.vn", path: "/stc")?.agency.shortName, "stc")
    }

    func testUnknownOrNestedNamesChooseNoSite() {
        XCTAssertNil(sites.resolve(host: "khac.qlvb.sonla.gov.vn", path: "/hop-thu"))
        XCTAssertNil(sites.resolve(host: "a.stc.qlvb.sonla.gov.vn", path: "/"))
        XCTAssertNil(sites.resolve(host: "stc.qlvb.sonla.gov.vn.evil.example", path: "/"))
        XCTAssertNil(sites.resolve(host: "localhost", path: "/"))
    }

    func testAgencyListParsesTheRoutingFormat() {
        XCTAssertEqual(SiteAgency.parseList("000.00.00.H52=ubnd=UBND tỉnh Sơn La;000.00.12.H52=stc=Sở Tài chính")?.count, 2)
        XCTAssertNil(SiteAgency.parseList("000.00.00.H52=ubnd"))
        XCTAssertNil(SiteAgency.parseList("000.00.00.H52=u b=Tên"))
    }

    func testCSRFTokenIsBoundToTheVisitorAndTheKey() {
        let guardA = CSRFGuard(key: SymmetricKey(size: .bits256))
        let guardB = CSRFGuard(key: SymmetricKey(size: .bits256))
        let seed = CSRFGuard.newSeed()
        let token = guardA.token(seed: seed)
        XCTAssertTrue(guardA.isValid(token: token, seed: seed))
        XCTAssertFalse(guardA.isValid(token: token, seed: CSRFGuard.newSeed()), "another visitor's token")
        XCTAssertFalse(guardB.isValid(token: token, seed: seed), "a token made with another key")
        XCTAssertFalse(guardA.isValid(token: nil, seed: seed))
        XCTAssertFalse(guardA.isValid(token: "", seed: seed))
        XCTAssertFalse(guardA.isValid(token: token, seed: nil))
    }

    func testDeadlinesAreMarkedInWorkingDays() throws {
        // Friday 2026-12-04 10:00 Vietnam time; a deadline at the end of Monday 2026-12-07 is one working day away.
        let now = try XCTUnwrap(VietnamDates.parse("2026-12-04T03:00:00Z"))
        let monday = try XCTUnwrap(VietnamDates.parse("2026-12-07T17:00:00Z"))
        XCTAssertEqual(DeadlineStatus.of(deadline: monday, now: now).kind, .dueSoon)
        XCTAssertEqual(DeadlineStatus.of(deadline: monday, now: now).workingDaysLeft, 1)
        XCTAssertEqual(VietnamDates.deadlineDay(monday), "07/12/2026")
        let later = try XCTUnwrap(VietnamDates.parse("2026-12-31T17:00:00Z"))
        XCTAssertEqual(DeadlineStatus.of(deadline: later, now: now).kind, .onTrack)
        XCTAssertEqual(DeadlineStatus.of(deadline: now.addingTimeInterval(-60), now: now).kind, .overdue)
        XCTAssertEqual(VietnamDates.isoDay(fromInput: "05/12/2026"), "2026-12-05")
        XCTAssertNil(VietnamDates.isoDay(fromInput: "31/02/2026"))
    }
}
