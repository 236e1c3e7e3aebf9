import Auth
import Foundation

/// A person leaves the agency (nghỉ việc): the account is handed over to an active colleague (art. 22.2.b) and
/// its sessions end.
struct LeaveAgency: Sendable {
    var agency: String
    var account: String
    var handedOverTo: String

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Person> {
        let leaving = try await accounts.person(account, agency: agency)
        try AccountPolicy.mayManage(Set(leaving.roles.compactMap(Role.init(rawValue:))), caller: context.acting.roles)
        let person = try await accounts.leave(account, agency: agency, handedOverTo: handedOverTo, by: context.acting.account)
        var record = context.record()
        try record.revokeAccess(account, agency: agency, reason: "left")
        record.audit("user.leave", subject: account, details: ["handedOverTo": handedOverTo])
        return record.outcome(person)
    }
}

/// The admin or head sets a new password (already hashed); only the agency admin resets a head's or an admin's, and
/// nobody resets their own.
struct ResetPassword: Sendable {
    var agency: String
    var account: String
    var hash: String

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Void> {
        try AccountPolicy.mayResetPassword(ofAccount: account, caller: context.acting.account)
        let person = try await accounts.person(account, agency: agency)
        try AccountPolicy.mayResetPassword(of: Set(person.roles.compactMap(Role.init(rawValue:))), caller: context.acting.roles)
        try await accounts.setPassword(account, hash: hash)
        var record = context.record()
        try record.revokeAccess(account, agency: agency, reason: "password_reset")
        record.audit("user.password_reset", subject: account)
        return record.outcome(())
    }
}

/// Ends every session of the account at once (a lost phone, a shared computer); the person signs in again.
struct RevokeSessions: Sendable {
    var agency: String
    var account: String

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Void> {
        let person = try await accounts.person(account, agency: agency)
        // The operator's sessions are the operator's to end: an agency admin could otherwise keep them signed out.
        if person.roles.contains(Role.operator.rawValue), account != context.acting.account { throw AccountPolicy.operatorRefusal }
        var record = context.record()
        try record.revokeAccess(account, agency: agency, reason: "sessions_revoked")
        record.audit("user.sessions_revoked", subject: account)
        return record.outcome(())
    }
}

/// The head allows a person who left to download the account's documents as one archive (art. 22.1.c).
struct GrantArchive: Sendable {
    var agency: String
    var account: String

    func run(_ context: CommandContext, accounts: some Accounts) async throws -> Outcome<Person> {
        let person = try await accounts.grantArchive(account, agency: agency, by: context.acting.account)
        var record = context.record()
        record.audit("user.archive_granted", subject: account)
        return record.outcome(person)
    }
}
