/// A sender (Nơi gửi) of the agency's documents, as the search page offers it.
struct Sender: Codable, Sendable, Equatable {
    var name: String
    /// The sender's organ code (mã định danh), when the documents carried one.
    var code: String?
}

/// The senders matching what was typed, by name without diacritics.
struct SenderList: Codable, Sendable, Equatable {
    var items: [Sender]
}
