import Foundation

/// An outgoing document given its số, ký hiệu and date by the system (văn bản đi).
public struct DocumentNumbered: Event {
    public static let type = "document.numbered"
    public static let version = 1

    public var documentId: UUID
    public var register: String
    public var year: Int
    public var number: Int
    /// Ký hiệu, e.g. `QĐ-UBND`, `UBND-KT` (công văn) or `2026/QĐ-UBND` (normative); the full reference is
    /// `\(number)/\(notation)` with the number written on at least two digits (``codeText``).
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

    /// `05/UBND-KT`, `12/QĐ-UBND`, `30/2026/QĐ-UBND`: numbers below 10 take a leading zero (Decree 30 Phụ lục I II.3).
    public static func codeText(number: Int, notation: String) -> String {
        (number < 10 ? "0\(number)" : "\(number)") + "/" + notation
    }

    public var codeText: String { Self.codeText(number: number, notation: notation) }
}
