/// One schema change. Never edit a migration once it has run anywhere: add a new one.
/// Each runs in its own transaction, so statements that refuse transactions (CREATE INDEX CONCURRENTLY) don't fit.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Why the code's migrations and the database's `schema_migrations` disagree.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Hashable {
        /// An applied migration's SQL no longer matches its recorded checksum.
        case edited(version: Int, name: String)
        /// Two migrations in the code share a version.
        case duplicateVersion(Int)
        /// A version below 1.
        case invalidVersion(Int)
        /// A pending migration is older than one already applied (added in the middle of the history).
        case outOfOrder(version: Int, name: String, latestApplied: Int)
        /// The database has a migration the code does not know (code rolled back, or wrong schema).
        case missingFromCode(version: Int, name: String)
    }

    public var kind: Kind
    public var schema: String
    public var description: String

    static func edited(_ m: Migration, schema: String, applied: String, code: String) -> MigrationError {
        MigrationError(
            kind: .edited(version: m.version, name: m.name), schema: schema,
            description: "migration \(m.version) '\(m.name)' in schema \(schema) was edited after it was applied "
                + "(checksum \(applied.prefix(12))…≠\(code.prefix(12))…); restore it and add a new migration instead")
    }

    static func duplicateVersion(_ version: Int, names: [String], schema: String) -> MigrationError {
        MigrationError(
            kind: .duplicateVersion(version), schema: schema,
            description: "migrations for schema \(schema) use version \(version) more than once (\(names.map { "'\($0)'" }.joined(separator: ", "))); give each its own version")
    }

    static func invalidVersion(_ m: Migration, schema: String) -> MigrationError {
        MigrationError(
            kind: .invalidVersion(m.version), schema: schema,
            description: "migration '\(m.name)' for schema \(schema) has version \(m.version); versions start at 1")
    }

    static func outOfOrder(_ m: Migration, latestApplied: Int, schema: String) -> MigrationError {
        MigrationError(
            kind: .outOfOrder(version: m.version, name: m.name, latestApplied: latestApplied), schema: schema,
            description: "migration \(m.version) '\(m.name)' in schema \(schema) is pending but \(latestApplied) is already applied; "
                + "give it a version above \(latestApplied)")
    }

    static func missingFromCode(version: Int, name: String, schema: String) -> MigrationError {
        MigrationError(
            kind: .missingFromCode(version: version, name: name), schema: schema,
            description: "migration \(version) '\(name)' is applied in schema \(schema) but missing from the code; "
                + "is this an older build, or the wrong schema?")
    }
}
