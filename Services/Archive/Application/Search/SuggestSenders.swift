import Storage

/// Gợi ý nơi gửi: the agency's senders whose name (with or without diacritics) or code has what the user typed, for the
/// search's "Nơi gửi" field. Every member who may search sees the names: they are organisations' names, and the
/// documents themselves stay behind need to know.
struct SuggestSenders: Sendable {
    let database: PGClient
    let store: SearchIndexStore

    static let maxLimit = 500

    func run(agency: String, typed: String?, limit: Int) async throws -> SenderList {
        SenderList(items: try await store.senders(agency: agency, matching: typed, limit: limit, executor: database))
    }
}
