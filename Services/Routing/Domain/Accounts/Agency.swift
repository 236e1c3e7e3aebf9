import Auth
import Contracts
import Foundation
import Storage

/// An agency (cơ quan, đơn vị) hosted on the system: its identifier (mã định danh, e.g. `000.00.00.H52`), name and
/// short name (tên viết tắt), which is both its sub-domain and the suffix of its accounts (`vietnd.ubnd`).
struct Agency: Sendable, Equatable, Codable {
    var code: String
    var name: String
    var shortName: String

    /// Checks the fields a caller sent; the table's constraints say the same.
    static func validate(code: String, name: String, shortName: String) throws(Refusal) {
        guard Organization.isValidCode(code) else {
            throw PeopleError.badRequest("mã định danh '\(code)' không hợp lệ (ví dụ 000.00.00.H52) / agency code '\(code)' is not an identifier such as 000.00.00.H52")
        }
        guard !name.allSatisfy(\.isWhitespace) else {
            throw PeopleError.badRequest("thiếu tên cơ quan / the agency name is missing")
        }
        guard (1...32).contains(shortName.count), shortName.wholeMatch(of: /[a-z0-9]+/) != nil else {
            throw PeopleError.badRequest("tên viết tắt '\(shortName)' chỉ gồm chữ thường không dấu và số, viết liền / short name '\(shortName)' must be lowercase letters and digits only")
        }
    }

    init(code: String, name: String, shortName: String) {
        self.code = code
        self.name = name
        self.shortName = shortName
    }

    init(row: PGRow) throws {
        code = try row.decode(String.self, "code")
        name = try row.decode(String.self, "name")
        shortName = try row.decode(String.self, "short_name")
    }
}

/// A department (phòng, ban) inside an agency.
struct Department: Sendable, Equatable, Codable {
    var id: UUID
    var agency: String
    var name: String

    init(id: UUID, agency: String, name: String) {
        self.id = id
        self.agency = agency
        self.name = name
    }

    init(row: PGRow) throws {
        id = try row.decode(UUID.self, "id")
        agency = try row.decode(String.self, "agency")
        name = try row.decode(String.self, "name")
    }
}

/// Everything about an account an admin or head sees (never the password hash).
struct Person: Sendable, Equatable, Codable {
    var account: String
    var agency: String
    var departmentId: UUID?
    var fullName: String
    var givenName: String?
    var birthYear: Int?
    var roles: [String]
    /// `active`, or `left` (nghỉ việc / chuyển công tác).
    var status: String
    var leftAt: Date?
    var handedOverTo: String?
    /// Set when the head allowed the person who left to download the account's documents (art. 22.1.c).
    var archiveGrantedBy: String?
    var archiveGrantedAt: Date?

    static let columns = """
        account, agency, department_id, full_name, given_name, birth_year, array_to_string(roles, ',') AS roles, status,
        left_at, handed_over_to, archive_granted_by, archive_granted_at
        """

    init(row: PGRow) throws {
        account = try row.decode(String.self, "account")
        agency = try row.decode(String.self, "agency")
        departmentId = try row.decode(UUID?.self, "department_id")
        fullName = try row.decode(String.self, "full_name")
        givenName = try row.decode(String?.self, "given_name")
        birthYear = try row.decode(Int?.self, "birth_year")
        roles = Role.parseList(try row.decode(String.self, "roles")).map(\.rawValue).sorted()
        status = try row.decode(String.self, "status")
        leftAt = try row.decode(Date?.self, "left_at")
        handedOverTo = try row.decode(String?.self, "handed_over_to")
        archiveGrantedBy = try row.decode(String?.self, "archive_granted_by")
        archiveGrantedAt = try row.decode(Date?.self, "archive_granted_at")
    }
}
