import Foundation

/// The password policy (chính sách mật khẩu) for new passwords — created, reset or changed: long enough, and not one of
/// the passwords tried first by anyone guessing.
///
/// Passwords are compared and hashed in Unicode NFC: Vietnamese keyboards (Telex, VNI; Windows, macOS, phones) send
/// "ắ" either as one precomposed character or as a letter and combining marks, and the same password typed on another
/// machine must still match.
struct PasswordPolicy: Sendable, Equatable {
    /// Characters, counted after NFC (so "ắ" is one whichever way it was typed).
    var minimumLength = 10
    /// Longer passwords are refused: scrypt hashes every byte of them.
    static let maximumBytes = 1024

    /// The NFC form hashed and verified.
    static func normalized(_ password: String) -> String { password.precomposedStringWithCanonicalMapping }

    /// Refuses a password too short, too long or common.
    func check(_ password: String) throws {
        let normalized = Self.normalized(password)
        guard normalized.count >= minimumLength, normalized.utf8.count <= Self.maximumBytes else {
            throw PeopleError.badRequest(
                "mật khẩu cần ít nhất \(minimumLength) ký tự / the password needs at least \(minimumLength) characters")
        }
        if Self.isCommon(normalized) {
            throw PeopleError.badRequest(
                "mật khẩu quá phổ biến, dễ bị đoán: hãy chọn mật khẩu khác / the password is too common and easily guessed: choose another")
        }
    }

    /// In the list of common passwords ignoring case and diacritics ("Mật khẩu" is "matkhau"), since guessers try those
    /// variants first.
    static func isCommon(_ password: String) -> Bool {
        CommonPasswords.list.contains(folded(password))
    }

    static func folded(_ password: String) -> String {
        password.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: " ", with: "")
    }
}
