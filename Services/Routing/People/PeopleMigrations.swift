import Storage

/// Agencies, departments, accounts, delegations and the audit log: versions 10–19.
enum PeopleMigrations {
    static let all: [Migration] = []
}
