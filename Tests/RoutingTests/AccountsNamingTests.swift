import Foundation
import XCTest

@testable import RoutingService

/// Account names by the regulation (art. 6.4, domain.md §6): every row of the worked table, compound given names,
/// đ, and clashes resolved by the birth year or by the admin.
final class AccountsNamingTests: XCTestCase {
    func testEveryRowOfTheRegulationTable() throws {
        let rows: [(String, String?, String, String)] = [
            ("Nguyễn Đức Việt", nil, "ubnd", "vietnd.ubnd"),
            ("Đặng Đình Đạt", nil, "stc", "datdd.stc"),
            ("Lò Văn Đoàn", nil, "snv", "doanlv.snv"),
            ("Hoàng Thị Ngọc Ánh", nil, "vpubnd", "anhhtn.vpubnd"),
            ("Hoàng Thị Ngọc Ánh", "Ngọc Ánh", "vpubnd", "ngocanhht.vpubnd"),
            ("Sùng A Páo", nil, "snnmt", "paosa.snnmt"),
            ("Lê Hoa", nil, "stc", "hoal.stc"),
        ]
        for (name, given, agency, expected) in rows {
            let stem = try AccountName.stem(fullName: name, givenName: given)
            XCTAssertEqual(AccountName.account(stem: stem, agencyShortName: agency), expected, name)
        }
        XCTAssertEqual(AccountName.account(stem: "vietnd", agencyShortName: "ubnd", year: 1978), "vietnd1978.ubnd")
        XCTAssertEqual(AccountName.account(stem: "paosa", agencyShortName: "snnmt", year: 1990), "paosa1990.snnmt")
    }

    func testEveryVietnameseLetterFoldsToItsBaseLetter() {
        let groups: [(String, Character)] = [
            ("aàáảãạăằắẳẵặâầấẩẫậ", "a"), ("eèéẻẽẹêềếểễệ", "e"), ("iìíỉĩị", "i"),
            ("oòóỏõọôồốổỗộơờớởỡợ", "o"), ("uùúủũụưừứửữự", "u"), ("yỳýỷỹỵ", "y"), ("đĐðÐ", "d"),
        ]
        for (letters, base) in groups {
            XCTAssertEqual(AccountName.fold(letters), String(repeating: base, count: letters.count), letters)
            XCTAssertEqual(AccountName.fold(letters.uppercased()), String(repeating: base, count: letters.count), letters.uppercased())
        }
        // The same name typed precomposed (NFC) or decomposed (NFD) gives the same account.
        let nfd = "Nguyễn Đức Việt".decomposedStringWithCanonicalMapping
        XCTAssertEqual(try AccountName.stem(fullName: nfd), "vietnd")
        XCTAssertEqual(AccountName.fold("H'Mông  Đình-Đạt 2"), "hmongdinhdat2")
    }

    func testNamesThatGiveNoAccountAreRefusedWithAReason() {
        XCTAssertThrowsError(try AccountName.stem(fullName: "Páo")) { error in
            XCTAssertTrue("\(error)".contains("family name"), "\(error)")
        }
        XCTAssertThrowsError(try AccountName.stem(fullName: "Hoàng Thị Ngọc Ánh", givenName: "Ngọc Lan")) { error in
            XCTAssertTrue("\(error)".contains("must be the last words"), "\(error)")
        }
        XCTAssertThrowsError(try AccountName.stem(fullName: "Lê Hoa", givenName: "Lê Hoa"))
        XCTAssertTrue(AccountName.isValidExplicit("vietnd1978b.ubnd", agencyShortName: "ubnd"))
        XCTAssertFalse(AccountName.isValidExplicit("Việt.ubnd", agencyShortName: "ubnd"))
        XCTAssertFalse(AccountName.isValidExplicit("vietnd.stc", agencyShortName: "ubnd"))
    }

    /// Through the API: the fixture already has vietnd.ubnd (born unknown) and paosa.ubnd.
    func testClashesAppendTheBirthYearThenAskTheAdmin() async throws {
        try await withPeople { f in
            let second = try await f.createUser(as: f.admin, ["fullName": "Nguyễn Đức Việt", "birthYear": 1978, "roles": ["specialist"]])
            XCTAssertEqual(second.status, .created, second.text)
            XCTAssertEqual(second.object["account"] as? String, "vietnd1978.ubnd")

            let third = try await f.createUser(as: f.admin, ["fullName": "Nguyễn Đức Việt", "birthYear": 1978, "roles": ["specialist"]])
            XCTAssertEqual(third.status, .conflict)
            XCTAssertEqual(third.object["code"] as? String, "account_clash")
            XCTAssertTrue(third.message.vi.contains("vietnd.ubnd, vietnd1978.ubnd"), third.text)
            XCTAssertTrue(third.message.en.contains("the admin must choose"), third.text)

            let noYear = try await f.createUser(as: f.admin, ["fullName": "Nguyễn  Đức   Việt", "roles": ["clerk"]])
            XCTAssertEqual(noYear.status, .conflict)
            XCTAssertTrue(noYear.message.en.contains("give the birth year"), noYear.text)

            let chosen = try await f.createUser(
                as: f.admin, ["fullName": "Nguyễn Đức Việt", "birthYear": 1978, "roles": ["specialist"], "account": "vietnd1978b.ubnd"])
            XCTAssertEqual(chosen.status, .created, chosen.text)
            XCTAssertEqual(chosen.object["account"] as? String, "vietnd1978b.ubnd")
            let taken = try await f.createUser(
                as: f.admin, ["fullName": "Lê Văn Tám", "roles": ["specialist"], "account": "vietnd1978b.ubnd"])
            XCTAssertEqual(taken.status, .conflict)
            let foreign = try await f.createUser(as: f.admin, ["fullName": "Lê Văn Tám", "roles": ["specialist"], "account": "tamlv.stc"])
            XCTAssertEqual(foreign.status, .badRequest)

            let pao = try await f.createUser(as: f.head, ["fullName": "Sùng A Páo", "birthYear": 1990, "roles": ["specialist"]])
            XCTAssertEqual(pao.object["account"] as? String, "paosa1990.ubnd")
            let compound = try await f.createUser(
                as: f.head, ["fullName": "Hoàng Thị Ngọc Ánh", "givenName": "Ngọc Ánh", "roles": ["specialist"]])
            XCTAssertEqual(compound.object["account"] as? String, "ngocanhht.ubnd")
            XCTAssertEqual(compound.object["givenName"] as? String, "Ngọc Ánh")
            let badName = try await f.createUser(as: f.head, ["fullName": "Páo", "roles": ["specialist"]])
            XCTAssertEqual(badName.status, .badRequest)
            XCTAssertEqual(badName.object["code"] as? String, "bad_name")
        }
    }

    /// The table's agencies, created by the installation's operator with their first admin, who then names the people.
    func testTheTableEndToEndInTheTablesAgencies() async throws {
        try await withPeople { f in
            let rows: [(code: String, short: String, people: [([String: Any], String)])] = [
                ("000.00.03.H52", "snv", [(["fullName": "Lò Văn Đoàn"], "doanlv.snv")]),
                ("000.00.04.H52", "vpubnd", [
                    (["fullName": "Hoàng Thị Ngọc Ánh"], "anhhtn.vpubnd"),
                    (["fullName": "Hoàng Thị Ngọc Ánh", "givenName": "Ngọc Ánh"], "ngocanhht.vpubnd"),
                ]),
                ("000.00.05.H52", "snnmt", [
                    (["fullName": "Sùng A Páo", "birthYear": 1988], "paosa.snnmt"),
                    (["fullName": "Sùng A Páo", "birthYear": 1990], "paosa1990.snnmt"),
                ]),
            ]
            for row in rows {
                let created = try await f.send(.post, "/agencies", as: f.operator, json: PeopleFixtures.json([
                    "code": row.code, "name": "Cơ quan \(row.short)", "shortName": row.short,
                    "admin": ["fullName": "Quản Trị Viên", "roles": ["admin"], "account": "quantri.\(row.short)", "password": "mat-khau-dai"],
                ]))
                XCTAssertEqual(created.status, .created, created.text)
                let token = try await f.token("quantri.\(row.short)")
                for (fields, expected) in row.people {
                    var body = fields
                    body["roles"] = ["specialist"]
                    let reply = try await f.send(.post, "/agencies/\(row.code)/users", token: token, json: PeopleFixtures.json(body))
                    XCTAssertEqual(reply.object["account"] as? String, expected, reply.text)
                }
            }
            // Đặng Đình Đạt and Lê Hoa in Sở Tài chính (stc), created by its head.
            for (name, expected) in [("Đặng Đình Đạt", "datdd.stc"), ("Lê Hoa", "hoal.stc")] {
                let reply = try await f.createUser(as: f.otherHead, agency: PeopleFixtures.otherAgency, ["fullName": name, "roles": ["specialist"]])
                XCTAssertEqual(reply.object["account"] as? String, expected, reply.text)
            }
        }
    }
}
