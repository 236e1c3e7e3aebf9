/// Which services a token is for (`aud`): each service accepts only tokens that name it, so a token
/// taken from one service's logs or traffic cannot be played against another one (issue 16, need to know).
public enum Audience {
    /// The seven services, by the name each one verifies (its `QLVB_*` service name).
    public static let services = ["intake", "routing", "signing", "numbering", "dispatch", "archive", "notifications"]

    /// The services a person with `roles` has routes in: routing (work, people, sign-in), numbering (registers and
    /// attachments, filtered by need to know), dispatch (tình trạng gửi of outgoing documents), archive (the file
    /// list and dossiers everyone keeps, and search filtered by need to know) and notifications (one's own notices)
    /// for everyone; every service for an administrator, whose dead-letter admin API each service serves.
    public static func services(for roles: Set<Role>) -> [String] {
        roles.isDisjoint(with: [.admin, .operator]) ? ["routing", "numbering", "dispatch", "archive", "notifications"] : services
    }
}
