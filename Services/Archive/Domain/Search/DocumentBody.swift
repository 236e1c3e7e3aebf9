/// The text of a document's PDFs for the index: the files read and whether a budget cut it short.
struct DocumentBody: Sendable, Equatable {
    var text: String
    var files: Int
    var truncated: Bool

    static let empty = DocumentBody(text: "", files: 0, truncated: false)
}
