import Auth
import Contracts
import Foundation
import Logging
import Storage

/// At start: the hosted agencies and the installation's operator from configuration, so a fresh install can sign in.
/// The operator (người vận hành) is the only account that holds the operator role — no API call grants it — and is
/// also the admin of its own agency. Idempotent: what exists is left as it is (a password is never reset by a
/// restart), except that the configured account is given the operator role if it lacks it (an installation from
/// before the role existed: its first admin becomes the operator).
enum Bootstrap {
    static func run(_ config: RoutingSettings, people: PeopleService, logger: Logger) async throws {
        let store = PeopleStore(schema: people.schema)
        try await people.database.withTransaction { tx in
            // One starter at a time when several instances start together.
            _ = try await tx.query("LOCK TABLE \(identifier: people.schema).agencies IN EXCLUSIVE MODE")
            for agency in config.agencies {
                if let existing = try await store.agency(agency.code, on: tx) {
                    if existing.shortName != agency.shortName {
                        logger.warning("configured agency differs from the stored one; the stored one is kept",
                                       metadata: ["code": "\(agency.code)", "stored_short_name": "\(existing.shortName)"])
                    }
                    continue
                }
                try await store.createAgency(agency, in: tx)
                try await AuditLog.append(
                    AuditEntry(actor: "system", agency: agency.code, action: "agency.create", subject: agency.code,
                               details: ["name": agency.name, "shortName": agency.shortName, "by": "configuration"]),
                    schema: people.schema, in: tx)
                logger.info("agency created from configuration", metadata: ["code": "\(agency.code)"])
            }
            guard let admin = config.admin else { return }
            if let existing = try await store.account(admin.account, on: tx) {
                guard !existing.roles.contains(.operator) else { return }
                _ = try await store.update(
                    admin.account, agency: existing.agency, roles: existing.roles.union([.operator]), departmentId: nil, tx: tx)
                try await AuditLog.append(
                    AuditEntry(actor: "system", agency: existing.agency, action: "user.update", subject: admin.account,
                               details: ["roles": "+operator", "by": "configuration"]),
                    schema: people.schema, in: tx)
                logger.notice("configured account made the installation's operator", metadata: ["account": "\(admin.account)"])
                return
            }
            let short = String(admin.account.split(separator: ".").last ?? "")
            guard let agency = try await store.agency(shortName: short, on: tx) else {
                throw PeopleError.badRequest(
                    "QLVB_ROUTING_ADMIN_ACCOUNT \(admin.account): no agency has the short name '\(short)'; add it to QLVB_ROUTING_AGENCIES")
            }
            let hash = try PasswordHash.make(admin.password, parameters: people.settings.passwordParameters)
            _ = try await store.createPerson(
                .init(fullName: admin.fullName, roles: [.operator, .admin], passwordHash: hash, explicitAccount: admin.account),
                in: agency, tx: tx)
            try await AuditLog.append(
                AuditEntry(actor: "system", agency: agency.code, action: "user.create", subject: admin.account,
                           details: ["roles": "operator,admin", "by": "configuration"]),
                schema: people.schema, in: tx)
            logger.notice("operator account created from configuration", metadata: ["account": "\(admin.account)"])
        }
    }
}
