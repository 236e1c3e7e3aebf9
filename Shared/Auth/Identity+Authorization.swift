extension Identity {
    /// Checks that this identity may act: it holds at least one of `roles` (any role if empty)
    /// and, when `agency` is given, belongs to that agency.
    /// - Throws: `AuthError.forbiddenRole` or `AuthError.otherAgency`.
    public func authorize(roles required: Set<Role>, agency: String? = nil) throws(AuthError) {
        if !required.isEmpty, roles.isDisjoint(with: required) {
            throw .forbiddenRole(required: required)
        }
        if let agency, agency != self.agency {
            throw .otherAgency(agency)
        }
    }
}
