import Foundation

/// An incoming document entered in the incoming register (Sổ đăng ký văn bản đến) with its số đến.
public struct DocumentRegistered: Event {
    public static let type = "document.registered"
    public static let version = 1

    public var documentId: UUID
    /// Register code, e.g. `VBDEN` for the agency's main incoming register.
    public var register: String
    public var year: Int
    /// Số đến: from 1 on 1 January, no gaps, no duplicates per agency × register × year.
    public var number: Int
    public var registeredAt: Date

    public init(documentId: UUID, register: String, year: Int, number: Int, registeredAt: Date) {
        self.documentId = documentId
        self.register = register
        self.year = year
        self.number = number
        self.registeredAt = registeredAt
    }
}
