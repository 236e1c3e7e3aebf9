import Auth
import XCTest

@testable import RoutingService

/// SignerInfo of an issued document: TM. for a people's committee, KT. for a deputy, nothing for a one-person head.
final class SignerTitleTests: XCTestCase {
    func testCommitteeHeadSignsOnBehalfOfTheCommittee() {
        let t = SignerTitle.of(roles: [.head], agencyName: "UBND tỉnh Sơn La")
        XCTAssertEqual(t.position, "Chủ tịch")
        XCTAssertEqual(t.competence, "TM. ỦY BAN NHÂN DÂN")
        XCTAssertEqual(SignerTitle.of(roles: [.head], agencyName: "Ủy ban nhân dân tỉnh Sơn La").competence, "TM. ỦY BAN NHÂN DÂN")
    }

    func testDeputySignsForTheHead() {
        let committee = SignerTitle.of(roles: [.deputy], agencyName: "UBND tỉnh Sơn La")
        XCTAssertEqual(committee.position, "Phó chủ tịch")
        XCTAssertEqual(committee.competence, "KT. CHỦ TỊCH")
        let department = SignerTitle.of(roles: [.deputy], agencyName: "Sở Tài chính tỉnh Sơn La")
        XCTAssertEqual(department.competence, "KT. GIÁM ĐỐC")
    }

    func testHeadOfADepartmentOfTheProvinceSignsInTheirOwnName() {
        let t = SignerTitle.of(roles: [.head], agencyName: "Sở Tài chính tỉnh Sơn La")
        XCTAssertEqual(t.position, "Giám đốc")
        XCTAssertEqual(t.competence, "")
    }
}
