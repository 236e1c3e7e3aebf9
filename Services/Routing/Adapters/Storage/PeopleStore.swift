import Auth
import Contracts
import Foundation
import Storage

/// Agencies, departments and accounts in one schema. Writes take the caller's transaction so the audit entry
/// commits with the change.
struct PeopleStore: Sendable {
    let schema: String

    // MARK: Agencies

    func agencies(on executor: some PGExecutor) async throws -> [Agency] {
        try await executor.query("SELECT code, name, short_name FROM \(identifier: schema).agencies ORDER BY code")
            .rows.map(Agency.init(row:))
    }

    func agency(_ code: String, on executor: some PGExecutor) async throws -> Agency? {
        try await executor.query("SELECT code, name, short_name FROM \(identifier: schema).agencies WHERE code = \(code)")
            .rows.first.map(Agency.init(row:))
    }

    func agency(shortName: String, on executor: some PGExecutor) async throws -> Agency? {
        try await executor.query("SELECT code, name, short_name FROM \(identifier: schema).agencies WHERE short_name = \(shortName)")
            .rows.first.map(Agency.init(row:))
    }

    /// Creates the agency; refuses a code or short name already in use.
    func createAgency(_ agency: Agency, in tx: PGTransaction) async throws {
        try Agency.validate(code: agency.code, name: agency.name, shortName: agency.shortName)
        do {
            _ = try await tx.query("""
                INSERT INTO \(identifier: schema).agencies (code, name, short_name) VALUES (\(agency.code), \(agency.name), \(agency.shortName))
                """)
        } catch let error as PGError where error.code == .uniqueViolation {
            throw PeopleError.conflict(
                "mã định danh \(agency.code) hoặc tên viết tắt \(agency.shortName) đã được dùng / agency code \(agency.code) or short name \(agency.shortName) is already in use")
        }
    }

    // MARK: Departments

    func departments(of agency: String, on executor: some PGExecutor) async throws -> [Department] {
        try await executor.query("""
            SELECT id, agency, name FROM \(identifier: schema).departments WHERE agency = \(agency) ORDER BY name
            """).rows.map(Department.init(row:))
    }

    func createDepartment(agency: String, name: String, in tx: PGTransaction) async throws -> Department {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw PeopleError.badRequest("thiếu tên phòng ban / the department name is missing") }
        let department = Department(id: UUID(), agency: agency, name: name)
        do {
            _ = try await tx.query("""
                INSERT INTO \(identifier: schema).departments (id, agency, name) VALUES (\(department.id), \(agency), \(name))
                """)
        } catch let error as PGError where error.code == .uniqueViolation {
            throw PeopleError.conflict("phòng ban '\(name)' đã có / department '\(name)' already exists")
        }
        return department
    }

    // MARK: Accounts

    func people(of agency: String, on executor: some PGExecutor) async throws -> [Person] {
        try await executor.query("""
            SELECT \(unsafe: Person.columns) FROM \(identifier: schema).users WHERE agency = \(agency) ORDER BY account
            """).rows.map(Person.init(row:))
    }

    /// The person with `account` in `agency`; nil for an unknown account or one of another agency.
    func person(_ account: String, agency: String, on executor: some PGExecutor) async throws -> Person? {
        try await executor.query("""
            SELECT \(unsafe: Person.columns) FROM \(identifier: schema).users WHERE account = \(account) AND agency = \(agency)
            """).rows.first.map(Person.init(row:))
    }

    func requirePerson(_ account: String, agency: String, on executor: some PGExecutor) async throws -> Person {
        guard let person = try await person(account, agency: agency, on: executor) else {
            throw PeopleError.notFound("không có tài khoản \(account) trong cơ quan / no account \(account) in this agency")
        }
        return person
    }

    func accountExists(_ account: String, on executor: some PGExecutor) async throws -> Bool {
        try await !executor.query("SELECT 1 FROM \(identifier: schema).users WHERE account = \(account)").rows.isEmpty
    }

    /// An account's agency and roles, whatever its agency (for the start-up bootstrap).
    func account(_ account: String, on executor: some PGExecutor) async throws -> (agency: String, roles: Set<Role>)? {
        try await executor.query("""
            SELECT agency, array_to_string(roles, ',') AS roles FROM \(identifier: schema).users WHERE account = \(account)
            """).rows.first.map { (try $0.decode(String.self, "agency"), Role.parseList(try $0.decode(String.self, "roles"))) }
    }

    /// A new account (tài khoản) for a person. The name follows art. 6.4 (`AccountName`) unless `explicitAccount` is
    /// given, which the admin does after a clash that the birth year does not resolve.
    struct NewPerson: Sendable {
        var fullName: String
        var givenName: String?
        var birthYear: Int?
        var departmentId: UUID?
        var roles: Set<Role>
        var passwordHash: String?
        var explicitAccount: String?
    }

    func createPerson(_ new: NewPerson, in agency: Agency, tx: PGTransaction) async throws -> Person {
        let fullName = new.fullName.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        if let year = new.birthYear, !(1900...2100).contains(year) {
            throw PeopleError.badRequest("năm sinh \(year) không hợp lệ / birth year \(year) is not plausible")
        }
        guard !new.roles.isEmpty else { throw PeopleError.badRequest("cần ít nhất một vai trò / at least one role is required") }
        let account = try await chooseAccount(new, fullName: fullName, agency: agency, on: tx)
        if let department = new.departmentId {
            guard try await departments(of: agency.code, on: tx).contains(where: { $0.id == department }) else {
                throw PeopleError.badRequest("phòng ban \(department) không thuộc cơ quan / department \(department) is not in this agency")
            }
        }
        do {
            _ = try await tx.query("""
                INSERT INTO \(identifier: schema).users
                    (account, agency, department_id, full_name, given_name, birth_year, roles, password_hash)
                VALUES (\(account), \(agency.code), \(new.departmentId), \(fullName), \(new.givenName), \(new.birthYear),
                    \(Role.arrayLiteral(new.roles))::text[], \(new.passwordHash))
                """)
        } catch let error as PGError where error.code == .uniqueViolation {
            throw PeopleError.accountClash(tried: [account], needsBirthYear: false)
        }
        return try await requirePerson(account, agency: agency.code, on: tx)
    }

    /// `vietnd.ubnd`; if taken, `vietnd1978.ubnd` (needs the birth year); if that is taken too, the admin decides.
    private func chooseAccount(_ new: NewPerson, fullName: String, agency: Agency, on tx: PGTransaction) async throws -> String {
        if let explicit = new.explicitAccount {
            guard AccountName.isValidExplicit(explicit, agencyShortName: agency.shortName) else {
                throw PeopleError.badRequest(
                    "tên tài khoản '\(explicit)' phải gồm chữ thường, số và kết thúc bằng .\(agency.shortName) / account '\(explicit)' must be lowercase letters and digits ending in .\(agency.shortName)")
            }
            guard try await !accountExists(explicit, on: tx) else {
                throw PeopleError.accountClash(tried: [explicit], needsBirthYear: false)
            }
            return explicit
        }
        let stem = try AccountName.stem(fullName: fullName, givenName: new.givenName)
        let plain = AccountName.account(stem: stem, agencyShortName: agency.shortName)
        guard try await accountExists(plain, on: tx) else { return plain }
        guard let year = new.birthYear else { throw PeopleError.accountClash(tried: [plain], needsBirthYear: true) }
        let withYear = AccountName.account(stem: stem, agencyShortName: agency.shortName, year: year)
        guard try await accountExists(withYear, on: tx) else { return withYear }
        throw PeopleError.accountClash(tried: [plain, withYear], needsBirthYear: false)
    }

    /// Changes roles and/or department of an active account.
    func update(_ account: String, agency: String, roles: Set<Role>?, departmentId: UUID??, tx: PGTransaction) async throws -> Person {
        let person = try await requirePerson(account, agency: agency, on: tx)
        guard person.status == "active" else {
            throw PeopleError.conflict("tài khoản \(account) đã nghỉ việc / account \(account) has left")
        }
        if let roles {
            guard !roles.isEmpty else { throw PeopleError.badRequest("cần ít nhất một vai trò / at least one role is required") }
            _ = try await tx.query("""
                UPDATE \(identifier: schema).users SET roles = \(Role.arrayLiteral(roles))::text[] WHERE account = \(account)
                """)
        }
        if let departmentId {
            if let id = departmentId, try await !departments(of: agency, on: tx).contains(where: { $0.id == id }) {
                throw PeopleError.badRequest("phòng ban \(id) không thuộc cơ quan / department \(id) is not in this agency")
            }
            _ = try await tx.query("UPDATE \(identifier: schema).users SET department_id = \(departmentId) WHERE account = \(account)")
        }
        return try await requirePerson(account, agency: agency, on: tx)
    }

    /// Art. 22.2.b: the person hands the account over to the agency — kept, marked `left`, handed to `handedOverTo`
    /// (an active account of the same agency). Sign-in is refused from now on and delegations from or to them end.
    func leave(_ account: String, agency: String, handedOverTo: String, by actor: String, tx: PGTransaction) async throws -> Person {
        let leaver = try await requirePerson(account, agency: agency, on: tx)
        guard leaver.status == "active" else {
            throw PeopleError.conflict("tài khoản \(account) đã bàn giao / account \(account) was already handed over")
        }
        guard handedOverTo != account else {
            throw PeopleError.badRequest("không thể bàn giao cho chính mình / an account cannot be handed over to itself")
        }
        guard let receiver = try await person(handedOverTo, agency: agency, on: tx), receiver.status == "active" else {
            throw PeopleError.badRequest(
                "người nhận bàn giao \(handedOverTo) phải là tài khoản đang hoạt động của cơ quan / \(handedOverTo) must be an active account of this agency")
        }
        _ = try await tx.query("""
            UPDATE \(identifier: schema).users SET status = 'left', left_at = now(), handed_over_to = \(handedOverTo)
            WHERE account = \(account)
            """)
        _ = try await tx.query("""
            UPDATE \(identifier: schema).delegations SET status = 'revoked', decided_by = \(actor), decided_at = now()
            WHERE (delegator = \(account) OR delegate = \(account)) AND status IN ('requested', 'approved')
            """)
        return try await requirePerson(account, agency: agency, on: tx)
    }

    /// Art. 22.1.c: the head allows the person who left to download the account's documents.
    func grantArchive(_ account: String, agency: String, by head: String, tx: PGTransaction) async throws -> Person {
        let person = try await requirePerson(account, agency: agency, on: tx)
        guard person.status == "left" else {
            throw PeopleError.conflict(
                "chỉ cho phép tải dữ liệu khi người dùng nghỉ việc hoặc chuyển công tác / only a person who left can be allowed to download the account's data")
        }
        _ = try await tx.query("""
            UPDATE \(identifier: schema).users SET archive_granted_by = \(head), archive_granted_at = now() WHERE account = \(account)
            """)
        return try await requirePerson(account, agency: agency, on: tx)
    }

    func setPassword(_ account: String, hash: String, on executor: some PGExecutor) async throws {
        _ = try await executor.query("UPDATE \(identifier: schema).users SET password_hash = \(hash) WHERE account = \(account)")
    }

    /// The active account's password hash, if it has one.
    func passwordHash(of account: String, on executor: some PGExecutor) async throws -> String? {
        try await executor.query("""
            SELECT password_hash FROM \(identifier: schema).users WHERE account = \(account) AND status = 'active'
            """).rows.first?.decode(String?.self, "password_hash") ?? nil
    }
}
