/// What a clerk asks of the incoming register: a period, a số đến, a sender, words of the subject.
struct RegisterFilter: Sendable {
    var agency: String
    var register: String = IncomingRegister.code
    /// Vietnam dates, `YYYY-MM-DD`, both inclusive.
    var fromDay: String?
    var toDay: String?
    var number: Int?
    var year: Int?
    /// Sender code (exact) or part of its name (without diacritics).
    var sender: String?
    /// Words of the type, subject, số ký hiệu or sender, matched without diacritics.
    var text: String?
    var limit: Int = 50
    var offset: Int = 0
    /// Newest first (a clerk looks at today's documents) unless the register order is asked for (the print).
    var newestFirst = true
    /// Keyset paging: the lines after this one in the listing's order (the `next` of the previous page).
    var cursor: RegisterCursor?
    /// Whether to count every matching line (a scan of the year's lines: only when asked).
    var countTotal = false
    /// Only the documents this account was assigned (need to know); nil: the whole register.
    var readableBy: String?

    static let maxLimit = 500
    /// The print takes a whole period in one go; a register of a year stays well below this.
    static let printLimit = 100_000
}

/// A place in the register, `2026-123` (year, số đến): where the next page of a listing starts.
struct RegisterCursor: Sendable, Equatable {
    var year: Int
    var number: Int

    init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let y = Int(parts[0]), let n = Int(parts[1]), (1900...9999).contains(y), n >= 0, n <= Int(Int32.max)
        else { return nil }
        self.init(year: y, number: n)
    }

    var text: String { "\(year)-\(number)" }
}

/// The incoming register (Sổ đăng ký văn bản đến).
enum IncomingRegister {
    static let code = "VBDEN"
    static let title = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
}
