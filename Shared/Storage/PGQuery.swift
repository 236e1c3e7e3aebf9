/// A SQL statement plus its bind values, built from string interpolation.
///
/// Interpolated values become `$n` parameters sent apart from the SQL text, so they can never change the
/// statement: `"SELECT * FROM t WHERE id = \(id)"` has `sql` `SELECT * FROM t WHERE id = $1`.
/// Raw text only gets in through names that say so: `init(unsafeSQL:)` and `\(unsafe:)`.
public struct PGQuery: ExpressibleByStringInterpolation, Sendable, CustomStringConvertible {
    public var sql: String
    /// Parameters in PostgreSQL's text format; `nil` is SQL NULL.
    public var binds: [String?]

    /// Uses `sql` verbatim. Only for SQL that contains no untrusted text.
    public init(unsafeSQL sql: String, binds: [String?] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// The SQL only: bind values may be personal data and are not shown.
    public var description: String { sql }

    /// Quotes an identifier (schema, table, column) for PostgreSQL: `a"b` → `"a""b"`.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.doublingQuotes() + "\""
    }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        public typealias StringLiteralType = String

        var sql = ""
        var binds: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A bind parameter: `$n` in the SQL, the value's text in `binds`.
        public mutating func appendInterpolation<Value: PGEncodable>(_ value: Value) {
            binds.append(value.pgText)
            sql += "$\(binds.count)"
        }

        /// An optional bind parameter: `nil` is SQL NULL. (Its own overload so optionals don't draw a compiler warning.)
        public mutating func appendInterpolation<Value: PGEncodable>(_ value: Value?) {
            binds.append(value?.pgText)
            sql += "$\(binds.count)"
        }

        /// Raw SQL text, e.g. a schema name from configuration. Never pass user input here.
        public mutating func appendInterpolation(unsafe raw: String) {
            sql += raw
        }

        /// Another query's SQL and binds, its `$n` renumbered after this one's: for conditions
        /// composed at run time (`WHERE true \(fragment: filter)`). The fragment's own text must
        /// not contain `$` followed by digits other than its parameters.
        public mutating func appendInterpolation(fragment: PGQuery) {
            let offset = binds.count
            sql += offset == 0 ? fragment.sql : fragment.sql.replacing(/\$([0-9]+)/) { "$\(Int($0.output.1)! + offset)" }
            binds += fragment.binds
        }

        /// A safely quoted identifier, e.g. `\(identifier: schema)`.
        public mutating func appendInterpolation(identifier name: String) {
            sql += PGQuery.quoteIdentifier(name)
        }
    }
}

extension String {
    /// Doubles every `"`, as PostgreSQL identifiers require.
    fileprivate func doublingQuotes() -> String {
        var out = ""
        out.reserveCapacity(count)
        for ch in self {
            if ch == "\"" { out += "\"\"" } else { out.append(ch) }
        }
        return out
    }
}
