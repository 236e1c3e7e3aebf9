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
    /// Only the documents this account was assigned (need to know); nil: the whole register.
    var readableBy: String?

    static let maxLimit = 500
    /// The print takes a whole period in one go; a register of a year stays well below this.
    static let printLimit = 100_000
}

/// The incoming register (Sổ đăng ký văn bản đến).
enum IncomingRegister {
    static let code = "VBDEN"
    static let title = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
}
