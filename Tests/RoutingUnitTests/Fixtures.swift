import Auth
import Contracts
import Foundation

@testable import RoutingService

/// Small builders for the rules' inputs: people, drafts, documents and tasks of one agency.
enum Fixture {
    static let agency = "000.00.00.H52"
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// Someone acting for themself.
    static func acting(_ account: String, _ roles: Set<Role>) -> Acting {
        Acting(account: account, principal: account, agency: agency, roles: roles)
    }

    /// A delegate acting for `principal`, with the principal's roles.
    static func delegate(_ account: String, for principal: String, _ roles: Set<Role>) -> Acting {
        Acting(account: account, principal: principal, agency: agency, roles: roles)
    }

    static let head = acting("thutruong", [.head])
    static let deputy = acting("phothutruong", [.deputy])
    static let otherDeputy = acting("phothutruong2", [.deputy])
    static let clerk = acting("vanthu", [.clerk])
    static let specialist = acting("chuyenvien", [.specialist])
    static let departmentHead = acting("truongphong", [.departmentHead])

    static func colleague(_ account: String, _ roles: Set<Role>, agency: String = agency, active: Bool = true) -> Colleague {
        Colleague(account: account, agency: agency, departmentId: nil, fullName: account, roles: roles, isActive: active)
    }

    static func draft(_ state: Draft.State, author: String = "chuyenvien", leader: String? = nil) -> Draft {
        Draft(
            id: UUID(), agency: agency, author: author, state: state, currentVersion: 1, leader: leader, signingRequestId: nil,
            createdAt: now, updatedAt: now)
    }

    static func document(_ state: IncomingDocument.State) -> IncomingDocument {
        IncomingDocument(documentId: UUID(), agency: agency, state: state, correlationId: UUID())
    }

    static func task(_ role: HandlingRole, _ state: HandlingTask.State, assignee: String = "chuyenvien") -> HandlingTask {
        HandlingTask(
            id: UUID(), agency: agency, documentId: UUID(), assignee: assignee, role: role, state: state, assignedBy: "thutruong",
            assignedAt: now)
    }
}

/// The refusal's code, or nil when the rule let the action through.
func refusal(_ rule: () throws -> Void) -> String? {
    do {
        try rule()
        return nil
    } catch let refusal as Refusal {
        return refusal.code
    } catch {
        return "unexpected: \(error)"
    }
}

/// The refusal itself, for checks on its kind and message.
func refusalValue(_ rule: () throws -> Void) -> Refusal? {
    do {
        try rule()
        return nil
    } catch {
        return error as? Refusal
    }
}

/// The refusal's code of an async command, or nil when it went through.
func asyncRefusal(_ command: () async throws -> Void) async -> String? {
    do {
        try await command()
        return nil
    } catch let refusal as Refusal {
        return refusal.code
    } catch {
        return "unexpected: \(error)"
    }
}
