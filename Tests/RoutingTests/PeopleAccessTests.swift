import Auth
import Foundation
import Hummingbird
import XCTest

@testable import RoutingService

/// Who may read and change which people: by role, and never across agencies.
final class PeopleAccessTests: XCTestCase {
    func testEachRolesAllowedAndForbiddenPeopleActions() async throws {
        try await withPeople { f in
            let everyone = [f.head, f.deputy, f.clerk, f.admin, f.departmentHead, f.specialists[0]]
            let managers: Set = [f.head, f.admin]
            for account in everyone {
                try await assertEqual(try await f.send(.get, "\(f.base)/users", as: account).status, .ok, account)
                try await assertEqual(try await f.send(.get, "\(f.base)/departments", as: account).status, .ok, account)
                try await assertEqual(try await f.send(.get, f.base, as: account).status, .ok, account)

                let department = try await f.send(.post, "\(f.base)/departments", as: account,
                                                  json: PeopleFixtures.json(["name": "Phòng của \(account)"]))
                XCTAssertEqual(department.status, managers.contains(account) ? .created : .forbidden, "\(account): \(department.text)")
                let user = try await f.createUser(as: account, ["fullName": "Vì Văn Mười \(account.prefix(3))", "roles": ["specialist"]])
                XCTAssertEqual(user.status, managers.contains(account) ? .created : .forbidden, "\(account): \(user.text)")
                let change = try await f.send(.patch, "\(f.base)/users/\(f.specialists[1])", as: account,
                                              json: PeopleFixtures.json(["roles": ["specialist", "clerk"]]))
                XCTAssertEqual(change.status, managers.contains(account) ? .ok : .forbidden, account)
                let audit = try await f.send(.get, "\(f.base)/audit", as: account)
                XCTAssertEqual(audit.status, managers.contains(account) ? .ok : .forbidden, account)
                let agencies = try await f.send(.get, "/agencies", as: account)
                XCTAssertEqual(agencies.status, .forbidden, "only the operator lists agencies: \(account)")
            }
            let forbidden = try await f.createUser(as: f.clerk, ["fullName": "Vì Văn Mười", "roles": ["specialist"]])
            XCTAssertEqual(forbidden.object["code"] as? String, "forbidden_role")
            try await assertEqual(try await f.send(.get, "\(f.base)/users", token: nil).status, .unauthorized)
        }
    }

    func testOnlyTheOperatorCreatesAgenciesAndOnlyTheAdminGivesTheHeadOrAdminRole() async throws {
        try await withPeople { f in
            let body = PeopleFixtures.json(["code": "000.00.07.H52", "name": "Sở Y tế", "shortName": "syt"])
            try await assertEqual(try await f.send(.post, "/agencies", as: f.head, json: body).status, .forbidden)
            // An agency's admin manages its own agency only: hosting agencies is the installation operator's.
            try await assertEqual(try await f.send(.post, "/agencies", as: f.admin, json: body).status, .forbidden)
            try await assertEqual(try await f.send(.get, "/agencies", as: f.admin).status, .forbidden)
            try await assertEqual(try await f.send(.get, f.base, as: f.admin).status, .ok, "an admin reads its own agency")
            try await assertEqual(try await f.send(.post, "/agencies", as: f.operator, json: body).status, .created)
            try await assertEqual(try await f.send(.post, "/agencies", as: f.operator, json: body).status, .conflict)
            let badCode = PeopleFixtures.json(["code": "h52 sở", "name": "X", "shortName": "x"])
            try await assertEqual(try await f.send(.post, "/agencies", as: f.operator, json: badCode).status, .badRequest)
            let list = try await f.send(.get, "/agencies", as: f.operator)
            XCTAssertEqual((list.object["items"] as? [[String: Any]])?.count, 3)

            let headMakesHead = try await f.createUser(as: f.head, ["fullName": "Cầm Văn Hai", "roles": ["head"]])
            XCTAssertEqual(headMakesHead.status, .forbidden)
            let headPromotes = try await f.send(.patch, "\(f.base)/users/\(f.deputy)", as: f.head, json: PeopleFixtures.json(["roles": ["admin"]]))
            XCTAssertEqual(headPromotes.status, .forbidden)
            let adminPromotes = try await f.send(.patch, "\(f.base)/users/\(f.deputy)", as: f.admin, json: PeopleFixtures.json(["roles": ["deputy", "admin"]]))
            XCTAssertEqual(adminPromotes.status, .ok)
            XCTAssertEqual(adminPromotes.object["roles"] as? [String], ["admin", "deputy"])
            let headResetsAdmin = try await f.send(.post, "\(f.base)/users/\(f.admin)/password", as: f.head, json: PeopleFixtures.json(["password": "mat-khau-moi"]))
            XCTAssertEqual(headResetsAdmin.status, .forbidden)
            let headResetsClerk = try await f.send(.post, "\(f.base)/users/\(f.clerk)/password", as: f.head, json: PeopleFixtures.json(["password": "mat-khau-moi"]))
            XCTAssertEqual(headResetsClerk.status, .noContent)
            try await assertEqual(try await f.signIn(f.clerk, "mat-khau-moi").status, .ok)
            let unknownRole = try await f.createUser(as: f.admin, ["fullName": "Cầm Văn Hai", "roles": ["chairman"]])
            XCTAssertEqual(unknownRole.status, .badRequest)
        }
    }

    func testAnotherAgencysPeopleCanBeNeitherReadNorChanged() async throws {
        try await withPeople { f in
            let expected = AuthError.otherAgency(PeopleFixtures.agency).message
            let requests: [(HTTPRequest.Method, String, String?)] = [
                (.get, "\(f.base)/users", nil),
                (.get, "\(f.base)/users/\(f.head)", nil),
                (.get, "\(f.base)/departments", nil),
                (.post, "\(f.base)/departments", PeopleFixtures.json(["name": "Phòng lạ"])),
                (.post, "\(f.base)/users", PeopleFixtures.json(["fullName": "Lò Văn Lạ", "roles": ["specialist"]])),
                (.patch, "\(f.base)/users/\(f.clerk)", PeopleFixtures.json(["roles": ["head"]])),
                (.post, "\(f.base)/users/\(f.clerk)/leave", PeopleFixtures.json(["handedOverTo": f.head])),
                (.get, "\(f.base)/delegations", nil),
                (.post, "\(f.base)/delegations", PeopleFixtures.json(["delegate": f.clerk, "startsAt": "2026-01-01T00:00:00Z", "endsAt": "2026-12-01T00:00:00Z"])),
                (.get, "\(f.base)/audit", nil),
                (.get, "\(f.base)/audit/verify", nil),
            ]
            for (method, uri, body) in requests {
                let reply = try await f.send(method, uri, as: f.otherHead, json: body)
                XCTAssertEqual(reply.status, .forbidden, "\(method) \(uri): \(reply.text)")
                let message = reply.object["message"] as? [String: String]
                XCTAssertEqual(message.map { "\($0["vi"] ?? "") / \($0["en"] ?? "")" }, expected, "\(method) \(uri)")
            }
            // An admin of one agency is no admin of another.
            let admin = try await f.issuer.issue(Identity(account: "quantri.stc", agency: PeopleFixtures.otherAgency, roles: [.admin]), ttl: .seconds(60))
            try await assertEqual(try await f.send(.get, "\(f.base)/users", token: admin).status, .forbidden)
            // Nothing changed and nothing leaked into their own directory.
            let clerk = try await f.send(.get, "\(f.base)/users/\(f.clerk)", as: f.head)
            XCTAssertEqual(clerk.object["roles"] as? [String], ["clerk"])
            XCTAssertEqual(clerk.object["status"] as? String, "active")
            let theirs = try await f.send(.get, "/agencies/\(PeopleFixtures.otherAgency)/users/\(f.head)", as: f.otherHead)
            XCTAssertEqual(theirs.status, .notFound)
            let departmentElsewhere = try await f.send(.patch, "/agencies/\(PeopleFixtures.otherAgency)/users/\(f.otherHead)", as: f.admin,
                                                       json: PeopleFixtures.json(["departmentId": f.departmentId.uuidString]))
            XCTAssertEqual(departmentElsewhere.status, .forbidden)
        }
    }

    func testALeaversAccountIsHandedOverKeptAndCanNoLongerSignIn() async throws {
        try await withPeople { f in
            let leaver = f.specialists[1]
            try await assertEqual(try await f.signIn(leaver).status, .ok)
            let toSelf = try await f.send(.post, "\(f.base)/users/\(leaver)/leave", as: f.head, json: PeopleFixtures.json(["handedOverTo": leaver]))
            XCTAssertEqual(toSelf.status, .badRequest)
            let toStranger = try await f.send(.post, "\(f.base)/users/\(leaver)/leave", as: f.head, json: PeopleFixtures.json(["handedOverTo": f.otherHead]))
            XCTAssertEqual(toStranger.status, .badRequest)
            let bySpecialist = try await f.send(.post, "\(f.base)/users/\(leaver)/leave", as: f.specialists[0], json: PeopleFixtures.json(["handedOverTo": f.departmentHead]))
            XCTAssertEqual(bySpecialist.status, .forbidden)

            let left = try await f.send(.post, "\(f.base)/users/\(leaver)/leave", as: f.head, json: PeopleFixtures.json(["handedOverTo": f.departmentHead]))
            XCTAssertEqual(left.status, .ok, left.text)
            XCTAssertEqual(left.object["status"] as? String, "left")
            XCTAssertEqual(left.object["handedOverTo"] as? String, f.departmentHead)
            try await assertEqual(try await f.signIn(leaver).status, .unauthorized)
            try await assertEqual(try await f.send(.post, "\(f.base)/users/\(leaver)/leave", as: f.head, json: PeopleFixtures.json(["handedOverTo": f.head])).status, .conflict)
            // Kept in the directory, no longer active for the workflow.
            let record = try await Directory.user(leaver, schema: f.schema, on: f.database)
            XCTAssertEqual(record?.isActive, false)
            let members = try await Directory.members(ofDepartment: f.departmentId, schema: f.schema, on: f.database)
            XCTAssertEqual(members.map(\.account), [f.departmentHead, f.specialists[0]])

            // Art. 22.1.c: the head, and only the head, allows the download; it is recorded and audited.
            let before = try await f.send(.get, "\(f.base)/users/\(leaver)/archive-permission", as: f.clerk)
            XCTAssertEqual(before.object["allowed"] as? Bool, false)
            try await assertEqual(try await f.send(.post, "\(f.base)/users/\(leaver)/archive-permission", as: f.admin).status, .forbidden)
            try await assertEqual(try await f.send(.post, "\(f.base)/users/\(f.clerk)/archive-permission", as: f.head).status, .conflict)
            try await assertEqual(try await f.send(.get, "\(f.base)/users/\(leaver)/archive-permission", as: f.specialists[0]).status, .forbidden)
            let granted = try await f.send(.post, "\(f.base)/users/\(leaver)/archive-permission", as: f.head)
            XCTAssertEqual(granted.status, .ok, granted.text)
            let after = try await f.send(.get, "\(f.base)/users/\(leaver)/archive-permission", as: f.admin)
            XCTAssertEqual(after.object["allowed"] as? Bool, true)
            XCTAssertEqual(after.object["grantedBy"] as? String, f.head)
            let actions = try await f.auditEntries().map { "\($0.entry.action) \($0.entry.subject) by \($0.entry.actor)" }
            XCTAssertTrue(actions.contains("user.leave \(leaver) by \(f.head)"), "\(actions)")
            XCTAssertTrue(actions.contains("user.archive_granted \(leaver) by \(f.head)"), "\(actions)")
        }
    }

    func testDirectoryLooksUpForTheWorkflow() async throws {
        try await withPeople { f in
            let leaders = try await Directory.leaders(ofAgency: PeopleFixtures.agency, schema: f.schema, on: f.database)
            XCTAssertEqual(leaders.map(\.account), [f.head, f.deputy])
            let user = try await Directory.user(f.departmentHead, schema: f.schema, on: f.database)
            XCTAssertEqual(user, UserRecord(account: f.departmentHead, agency: PeopleFixtures.agency, departmentId: f.departmentId,
                                            fullName: "Đặng Đình Đạt", roles: [.departmentHead], isActive: true))
            try await assertNil(try await Directory.user("khongco.ubnd", schema: f.schema, on: f.database))
            let members = try await Directory.members(ofDepartment: f.departmentId, schema: f.schema, on: f.database)
            XCTAssertEqual(members.map(\.account), [f.departmentHead] + f.specialists)
        }
    }
}
