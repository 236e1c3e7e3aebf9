import Foundation
import XCTest

@testable import RoutingService

/// The hierarchy of account administration, tried through the API as a new user would: nobody resets their own
/// password (that is change-password), and a head neither changes nor makes leave an admin or a head.
final class AccountHierarchyTests: XCTestCase {
    func testTheResetRouteRefusesOnesOwnAccount() async throws {
        try await withPeople { f in
            for account in [f.admin, f.head] {
                let own = try await f.send(.post, "\(f.base)/users/\(account)/password", as: account,
                                           json: PeopleFixtures.json(["password": "Mat-khau-chiem-quyen-1"]))
                XCTAssertEqual(own.status, .conflict, "\(account): \(own.text)")
                XCTAssertEqual(own.object["code"] as? String, "own_password_reset")
                XCTAssertFalse(own.message.vi.isEmpty)
                XCTAssertTrue(own.message.en.contains("/auth/password"), own.message.en)
                try await assertEqual(try await f.signIn(account, "Mat-khau-chiem-quyen-1").status, .unauthorized, "unchanged")
                try await assertEqual(try await f.signIn(account, PeopleFixtures.password).status, .ok, "unchanged")
            }
            let change = try await f.send(.post, "/auth/password", as: f.admin, json: PeopleFixtures.json(
                ["currentPassword": PeopleFixtures.password, "newPassword": "Mat-khau-moi-cua-quan-tri"]))
            XCTAssertEqual(change.status, .noContent, "change-password is the way: \(change.text)")
            try await assertEqual(try await f.signIn(f.admin, "Mat-khau-moi-cua-quan-tri").status, .ok)
        }
    }

    func testAHeadNeitherChangesNorMakesLeaveAnAdminOrAHead() async throws {
        try await withPeople { f in
            let rolesOfAdmin = try await f.send(.patch, "\(f.base)/users/\(f.admin)", as: f.head,
                                                json: PeopleFixtures.json(["roles": ["admin", "clerk"]]))
            XCTAssertEqual(rolesOfAdmin.status, .forbidden, rolesOfAdmin.text)
            let ownRoles = try await f.send(.patch, "\(f.base)/users/\(f.head)", as: f.head,
                                            json: PeopleFixtures.json(["roles": ["head", "clerk"]]))
            XCTAssertEqual(ownRoles.status, .forbidden, "a head's roles are the admin's to change: \(ownRoles.text)")
            let adminLeaves = try await f.send(.post, "\(f.base)/users/\(f.admin)/leave", as: f.head,
                                               json: PeopleFixtures.json(["handedOverTo": f.clerk]))
            XCTAssertEqual(adminLeaves.status, .forbidden, adminLeaves.text)
            XCTAssertEqual(adminLeaves.object["code"] as? String, "forbidden")
            try await assertEqual(try await f.signIn(f.admin, PeopleFixtures.password).status, .ok, "the admin is still there")

            let promote = try await f.send(.patch, "\(f.base)/users/\(f.deputy)", as: f.admin,
                                           json: PeopleFixtures.json(["roles": ["deputy", "head"]]))
            XCTAssertEqual(promote.status, .ok, promote.text)
            let headLeaves = try await f.send(.post, "\(f.base)/users/\(f.deputy)/leave", as: f.head,
                                              json: PeopleFixtures.json(["handedOverTo": f.clerk]))
            XCTAssertEqual(headLeaves.status, .forbidden, "another head: \(headLeaves.text)")
            let byAdmin = try await f.send(.post, "\(f.base)/users/\(f.deputy)/leave", as: f.admin,
                                           json: PeopleFixtures.json(["handedOverTo": f.clerk]))
            XCTAssertEqual(byAdmin.status, .ok, byAdmin.text)
            let clerk = try await f.send(.patch, "\(f.base)/users/\(f.clerk)", as: f.head,
                                         json: PeopleFixtures.json(["roles": ["clerk", "specialist"]]))
            XCTAssertEqual(clerk.status, .ok, "below the head: \(clerk.text)")
        }
    }

    /// The agency archive's keeper (lưu trữ cơ quan) is a role an agency's admin grants like the others (migration 50).
    func testAnAdminGrantsTheArchivistRole() async throws {
        try await withPeople { f in
            let created = try await f.createUser(as: f.admin, ["fullName": "Tòng Thị Nga", "roles": ["archivist"]])
            XCTAssertEqual(created.status, .created, created.text)
            XCTAssertEqual(created.object["roles"] as? [String], ["archivist"])
        }
    }
}

/// The installation's operator (người vận hành) is made at installation only: no call of the accounts API gives the
/// role, takes it away or takes over the operator's account — not even an agency admin, who could otherwise become
/// the operator of every agency.
final class OperatorRoleTests: XCTestCase {
    func testNoAPICallGrantsTheOperatorRole() async throws {
        try await withPeople { f in
            for actor in [f.admin, f.operator] {
                let created = try await f.createUser(as: actor, ["fullName": "Lò Thị Mai \(actor.prefix(3))", "roles": ["operator"]])
                XCTAssertEqual(created.status, .forbidden, "\(actor): \(created.text)")
                XCTAssertEqual(created.object["code"] as? String, "operator_role")
                XCTAssertFalse(created.message.vi.isEmpty)
                let promoted = try await f.send(.patch, "\(f.base)/users/\(f.clerk)", as: actor,
                                                json: PeopleFixtures.json(["roles": ["clerk", "operator"]]))
                XCTAssertEqual(promoted.status, .forbidden, "\(actor): \(promoted.text)")
                XCTAssertEqual(promoted.object["code"] as? String, "operator_role")
            }
            let viaNewAgency = try await f.send(.post, "/agencies", as: f.operator, json: PeopleFixtures.json([
                "code": "000.00.08.H52", "name": "Sở Nội vụ", "shortName": "snv",
                "admin": ["fullName": "Quản Trị Viên", "roles": ["admin", "operator"], "account": "quantri.snv", "password": "mat-khau-dai-2026"],
            ]))
            XCTAssertEqual(viaNewAgency.status, .forbidden, viaNewAgency.text)
            try await assertEqual(try await f.send(.get, "/agencies/000.00.08.H52", as: f.operator).status, .forbidden, "not created")
            let clerk = try await f.signIn(f.clerk)
            XCTAssertEqual(clerk.object["roles"] as? [String], ["clerk"])
        }
    }

    func testAnAgencyAdminCannotTakeOverTheOperatorsAccount() async throws {
        try await withPeople { f in
            let demoted = try await f.send(.patch, "\(f.base)/users/\(f.operator)", as: f.admin,
                                           json: PeopleFixtures.json(["roles": ["admin"]]))
            XCTAssertEqual(demoted.status, .forbidden, demoted.text)
            let reset = try await f.send(.post, "\(f.base)/users/\(f.operator)/password", as: f.admin,
                                         json: PeopleFixtures.json(["password": "Mat-khau-chiem-quyen-1"]))
            XCTAssertEqual(reset.status, .forbidden, reset.text)
            let leaves = try await f.send(.post, "\(f.base)/users/\(f.operator)/leave", as: f.admin,
                                          json: PeopleFixtures.json(["handedOverTo": f.admin]))
            XCTAssertEqual(leaves.status, .forbidden, leaves.text)
            let signedIn = try await f.signIn(f.operator)
            XCTAssertEqual(signedIn.status, .ok)
            XCTAssertEqual(signedIn.object["roles"] as? [String], ["admin", "operator"], "still the operator")
        }
    }
}
