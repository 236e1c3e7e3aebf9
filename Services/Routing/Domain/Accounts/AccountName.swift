import Contracts
/// Account names (tên tài khoản) by the Sơn La regulation, art. 6.4: the given name in full, then the initials of the
/// family and middle names, lowercase without diacritics, then `.` and the agency's short name: Nguyễn Đức Việt of
/// `ubnd` is `vietnd.ubnd`. On a clash the birth year follows the name part: `vietnd1978.ubnd`.
enum AccountName {
    /// The name part (`vietnd`) of `fullName`. `givenName` is a compound given name (tên kép) recorded by HR, e.g.
    /// "Ngọc Ánh" for Hoàng Thị Ngọc Ánh (`ngocanhht`); it must be the last words of the full name.
    static func stem(fullName: String, givenName: String? = nil) throws(Refusal) -> String {
        let words = fullName.split(whereSeparator: { $0.isWhitespace }).map(String.init).filter { !fold($0).isEmpty }
        var givenCount = 1
        if let givenName, !givenName.allSatisfy(\.isWhitespace) {
            let given = givenName.split(whereSeparator: { $0.isWhitespace }).map { fold(String($0)) }.filter { !$0.isEmpty }
            guard !given.isEmpty, given.count < words.count, words.suffix(given.count).map(fold) == given else {
                throw PeopleError.badName("tên kép '\(givenName)' phải là các chữ cuối của họ tên '\(fullName)' / the compound given name '\(givenName)' must be the last words of the full name '\(fullName)'")
            }
            givenCount = given.count
        }
        guard words.count >= 2 else {
            throw PeopleError.badName("họ tên '\(fullName)' cần có họ và tên / the full name '\(fullName)' needs a family name and a given name")
        }
        let given = words.suffix(givenCount).map(fold).joined()
        let initials = words.dropLast(givenCount).map { String(fold($0).prefix(1)) }.joined()
        return given + initials
    }

    /// `stem.short`, or `stem<year>.short` when `withYear` is given.
    static func account(stem: String, agencyShortName: String, year: Int? = nil) -> String {
        "\(stem)\(year.map(String.init) ?? "").\(agencyShortName)"
    }

    /// Lowercase ASCII letters and digits only: diacritics removed (NFD, combining marks U+0300–U+036F dropped),
    /// đ/Đ (and the look-alike ð/Ð) mapped to d, everything else dropped.
    static func fold(_ text: String) -> String {
        var out = ""
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue
            case 0x0110, 0x0111, 0x00D0, 0x00F0: out.append("d")
            case 0x41...0x5A: out.append(Character(Unicode.Scalar(scalar.value + 0x20)!))
            case 0x61...0x7A, 0x30...0x39: out.append(Character(scalar))
            default: continue
            }
        }
        return out
    }

    /// An account name an admin chooses by hand after a clash: letters and digits, then `.short`.
    static func isValidExplicit(_ account: String, agencyShortName: String) -> Bool {
        let suffix = "." + agencyShortName
        guard account.hasSuffix(suffix) else { return false }
        let stem = account.dropLast(suffix.count)
        return !stem.isEmpty && stem.count <= 64 && stem.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
