import Foundation

/// An outgoing document given its số, ký hiệu and date by the system (văn bản đi).
public struct DocumentNumbered: Event {
    public static let type = "document.numbered"
    public static let version = 1

    public var documentId: UUID
    public var register: String
    public var year: Int
    public var number: Int
    /// Ký hiệu, e.g. `UBND-VP`; the full reference is `\(number)/\(notation)`.
    public var notation: String
    public var issuedOn: Date

    public init(documentId: UUID, register: String, year: Int, number: Int, notation: String, issuedOn: Date) {
        self.documentId = documentId
        self.register = register
        self.year = year
        self.number = number
        self.notation = notation
        self.issuedOn = issuedOn
    }
}
