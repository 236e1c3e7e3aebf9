import Auth

/// The signer's chức vụ and quyền hạn ký (SignerInfo Position and Competence; Decree 30 Phụ lục I, II.7): a collective
/// body (ủy ban nhân dân) signs "TM." (thay mặt) the committee with the chairman as position; a deputy signs "KT."
/// (ký thay) the head; the head of an agency led by one person signs in their own name (no competence line).
enum SignerTitle {
    /// - Parameters:
    ///   - roles: the signer's roles (`head` or `deputy`; any other leader is treated as a deputy).
    ///   - agencyName: the issuing agency's name, which says whether it is a people's committee.
    static func of(roles: Set<Role>, agencyName: String) -> (position: String, competence: String) {
        let lower = agencyName.lowercased()
        let committee = lower.hasPrefix("ubnd") || lower.hasPrefix("ủy ban nhân dân") || lower.hasPrefix("uỷ ban nhân dân")
        let headTitle = committee ? "Chủ tịch" : "Giám đốc"
        if roles.contains(.head) {
            return (headTitle, committee ? "TM. ỦY BAN NHÂN DÂN" : "")
        }
        return ("Phó \(headTitle.lowercased())", "KT. \(headTitle.uppercased())")
    }
}
