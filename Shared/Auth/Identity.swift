/// Who is calling, as asserted by a verified token.
public struct Identity: Sendable, Codable, Hashable {
    /// Account name, e.g. `vietnd.ubnd`.
    public var account: String
    /// Agency code (mã định danh), e.g. `000.00.00.H53`; users act only inside their agency.
    public var agency: String
    public var roles: Set<Role>
    /// The account this user acts for under a delegation (ủy quyền), if any.
    public var onBehalfOf: String?

    public init(account: String, agency: String, roles: Set<Role>, onBehalfOf: String? = nil) {
        self.account = account
        self.agency = agency
        self.roles = roles
        self.onBehalfOf = onBehalfOf
    }
}
