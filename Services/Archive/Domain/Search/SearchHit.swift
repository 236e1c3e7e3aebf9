import Foundation

/// A document the search found, with what the result list shows.
struct SearchHit: Codable, Sendable, Equatable {
    var documentId: UUID
    var direction: String
    var register: String?
    var year: Int?
    /// Số đến (incoming) or số (outgoing).
    var number: Int?
    /// Số và ký hiệu as written on the document, e.g. `123/STC-NS` or `05/QĐ-UBND`.
    var reference: String?
    var documentType: String?
    var subject: String?
    var sender: String?
    var signerName: String?
    var day: String?
    /// Where the words were found in the text of the PDFs, the matches between « and ».
    var snippet: String?
}

/// A page of hits; `pending` lists the `after` documents not yet indexed when the wait ran out.
struct SearchPage: Codable, Sendable, Equatable {
    var items: [SearchHit]
    var limit: Int
    var offset: Int
    /// `offset` of the next page; absent on the last one.
    var next: Int?
    var pending: [UUID]
}
