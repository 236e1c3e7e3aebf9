import Foundation
import Storage

/// Tìm kiếm văn bản: one search by one user, read-your-writes included.
///
/// The index is fed by events, so it trails the services that write documents by the time a message takes (usually
/// milliseconds). A caller that has just written or seen a document passes its id in `after` (the consistency token);
/// the search then waits, up to `maxWait`, until the index shows that document to this caller, and only then runs.
/// What was still missing when the wait ran out is named in the page's `pending`, so the page can say so rather
/// than silently show an older state.
struct SearchDocuments: Sendable {
    let database: PGClient
    let store: SearchIndexStore
    var maxWait: Duration = .seconds(3)
    var pollEvery: Duration = .milliseconds(20)

    func run(_ query: SearchQuery, after: [UUID]) async throws -> SearchPage {
        var pending = after
        if !pending.isEmpty {
            let deadline = ContinuousClock.now + maxWait
            while true {
                let seen = try await store.visible(pending, agency: query.agency, readableBy: query.readableBy, executor: database)
                pending.removeAll { seen.contains($0) }
                if pending.isEmpty || ContinuousClock.now >= deadline { break }
                try await Task.sleep(for: pollEvery)
            }
        }
        let items = try await store.search(query, database: database)
        return SearchPage(
            items: items, limit: query.limit, offset: query.offset,
            next: items.count == query.limit ? query.offset + query.limit : nil, pending: pending)
    }
}
