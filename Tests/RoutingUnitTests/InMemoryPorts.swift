import Contracts
import Foundation
import Synchronization

@testable import RoutingService

/// In-memory twins of the ports, enough to run the drafting commands without PostgreSQL.
final class InMemoryDrafts: Drafts, Sendable {
    private struct State {
        var drafts: [UUID: Draft] = [:]
        var versions: [UUID: [DraftVersion]] = [:]
        var reviewers: [UUID: [String]] = [:]
        var comments: [UUID: [DraftComment]] = [:]
    }
    private let state = Mutex(State())

    var all: [Draft] { state.withLock { Array($0.drafts.values) } }

    func create(_ draft: Draft, _ first: DraftVersion) async throws {
        state.withLock {
            $0.drafts[draft.id] = draft
            $0.versions[draft.id] = [first]
        }
    }
    func recordRecall(_ id: UUID, _ recall: DraftRecall) async throws { state.withLock { $0.drafts[id]?.recall = recall } }
    func draft(_ id: UUID, agency: String, forUpdate: Bool) async throws -> Draft? {
        state.withLock { $0.drafts[id].flatMap { $0.agency == agency ? $0 : nil } }
    }
    func version(_ id: UUID, _ version: Int) async throws -> DraftVersion? {
        state.withLock { $0.versions[id]?.first { $0.version == version } }
    }
    func addVersion(_ version: DraftVersion) async throws {
        state.withLock {
            $0.versions[version.draftId, default: []].append(version)
            $0.drafts[version.draftId]?.currentVersion = version.version
        }
    }
    func update(_ id: UUID, state new: Draft.State, leader: String?, signingRequestId: UUID?, at: Date) async throws {
        state.withLock {
            $0.drafts[id]?.state = new
            $0.drafts[id]?.leader = leader
            if let signingRequestId { $0.drafts[id]?.signingRequestId = signingRequestId }
        }
    }
    func addReviewers(_ id: UUID, _ accounts: [String], by: String, at: Date) async throws {
        state.withLock { $0.reviewers[id, default: []] += accounts }
    }
    func reviewers(_ id: UUID) async throws -> [String] { state.withLock { $0.reviewers[id] ?? [] } }
    func handOver(from: String, to: String, agency: String, at: Date) async throws -> [UUID] {
        state.withLock { s in
            let ids = s.drafts.values.filter { $0.author == from && $0.agency == agency && $0.state != .approved }.map(\.id)
            for id in ids { s.drafts[id]?.author = to; s.drafts[id]?.updatedAt = at }
            return ids
        }
    }
    func drafts(of person: String, isHead: Bool, agency: String, limit: Int, offset: Int) async throws -> [Draft] {
        state.withLock { s in
            s.drafts.values.filter { d in
                d.agency == agency
                    && (d.author == person || (s.reviewers[d.id] ?? []).contains(person) || d.leader == person || (isHead && d.state == .forwarded))
            }
        }
    }
    func versions(_ id: UUID) async throws -> [DraftVersion] { state.withLock { $0.versions[id] ?? [] } }
    func addComment(
        _ id: UUID, version: Int, author: String, onBehalfOf: String?, kind: DraftComment.Kind, body: String, at: Date
    ) async throws -> DraftComment {
        state.withLock {
            let comment = DraftComment(
                id: ($0.comments[id]?.count ?? 0) + 1, version: version, author: author, onBehalfOf: onBehalfOf, kind: kind, body: body,
                createdAt: at)
            $0.comments[id, default: []].append(comment)
            return comment
        }
    }
    func comments(_ id: UUID) async throws -> [DraftComment] { state.withLock { $0.comments[id] ?? [] } }
}

/// A fixed directory of colleagues.
struct InMemoryStaff: StaffDirectory {
    var colleagues: [Colleague]

    func colleague(_ account: String) async throws -> Colleague? { colleagues.first { $0.account == account } }
    func members(ofDepartment id: UUID) async throws -> [Colleague] { colleagues.filter { $0.departmentId == id && $0.isActive } }
    func organization(_ agency: String) async throws -> Organization { Organization(code: agency, name: "UBND tỉnh") }
}
