import Contracts
import Foundation

/// Thời hạn bảo quản: a number of years or permanent (vĩnh viễn), Decree 30 Phụ lục V. Kept as years, nil meaning
/// permanent, the way `dossier.closed` carries it.
struct Retention: Sendable, Equatable, Codable {
    /// Nil: permanent.
    var years: Int?

    static let permanent = Retention(years: nil)

    var isPermanent: Bool { years == nil }

    /// "Vĩnh viễn" or "10 năm", as the file list prints it.
    var display: String { years.map { "\($0) năm" } ?? "Vĩnh viễn" }

    /// Reads the API's pair (`permanent`, `retentionYears`): exactly one of them says what the retention is.
    static func from(permanent: Bool?, years: Int?) throws -> Retention? {
        switch (permanent, years) {
        case (nil, nil), (false?, nil): return nil
        case (true?, nil): return .permanent
        case (true?, _?):
            throw Refusal.badRequest(
                "retention_invalid", "Thời hạn bảo quản là vĩnh viễn hoặc một số năm, không thể cả hai",
                "retention is either permanent or a number of years, not both")
        case (_, let y?):
            guard (1...100).contains(y) else {
                throw Refusal.badRequest(
                    "retention_invalid", "Thời hạn bảo quản phải từ 1 đến 100 năm", "retention must be 1 to 100 years")
            }
            return Retention(years: y)
        }
    }

    /// Dossiers kept 5 years or more (and permanent ones) go to the agency archive (Decree 30 art. 31; domain §3.8).
    var mustBeTransferred: Bool { years.map { $0 >= 5 } ?? true }

    /// When a closed dossier's retention runs out (counted from the end of its work); nil for permanent.
    func expiry(endedAt: Date) -> Date? {
        years.flatMap { VietnamTime.calendar.date(byAdding: .year, value: $0, to: endedAt) }
    }
}
