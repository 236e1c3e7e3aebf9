import Contracts
import Foundation

/// What a draft may say: recipients as organisation codes, and nothing classified (văn bản mật is never drafted
/// on this system).
enum DraftContent {
    /// Organisation codes (mã định danh) like `000.00.00.H52`: three digits, two, two and a letter with two digits.
    /// Returns them without repeats, in order.
    static func recipients(_ codes: [String]) throws -> [String] {
        let shape = try Regex("^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$")
        for code in codes where code.wholeMatch(of: shape) == nil {
            throw Refusal.badRequest(
                "recipient_invalid", "Nơi nhận \"\(code)\" không phải mã định danh (dạng 000.00.00.H52)",
                "recipient \"\(code)\" is not an organisation code such as 000.00.00.H52")
        }
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }

    /// Refuses a secrecy mark in the field or at the start of the subject.
    static func refuseSecret(secrecy: String?, subject: String) throws {
        if let mark = secrecy.flatMap(SecrecyMark.inField) ?? SecrecyMark.leading(subject) {
            throw Refusal.unprocessable(
                "secret_refused", "Văn bản có độ mật \"\(mark)\" không được soạn thảo và xử lý trên hệ thống",
                "a document marked \"\(mark)\" (classified) must not be drafted or handled in this system")
        }
    }
}
