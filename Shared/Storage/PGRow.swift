/// One result row in libpq's text format. Decode values with `decode(_:_:)`.
public struct PGRow: Sendable {
    public let columns: [String]
    /// Raw text values; nil is SQL NULL.
    public let values: [String?]

    public init(columns: [String], values: [String?]) {
        precondition(columns.count == values.count, "PGRow needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The raw text of `column`, or nil for NULL or an unknown column.
    public subscript(_ column: String) -> String? {
        columns.firstIndex(of: column).flatMap { values[$0] }
    }

    public func decode<T: PGDecodable>(_: T.Type, _ column: String) throws -> T {
        guard let index = columns.firstIndex(of: column) else {
            throw PGError(code: .decoding, message: "no column '\(column)' in row (columns: \(columns.joined(separator: ", ")))")
        }
        return try decodeValue(T.self, at: index)
    }

    public func decode<T: PGDecodable>(_: T.Type, at index: Int) throws -> T {
        guard values.indices.contains(index) else {
            throw PGError(code: .decoding, message: "no column at index \(index) (row has \(values.count))")
        }
        return try decodeValue(T.self, at: index)
    }

    private func decodeValue<T: PGDecodable>(_: T.Type, at index: Int) throws -> T {
        guard let text = values[index] else {
            if let nullable = T.self as? any PGNullable.Type, let null = nullable.pgNull as? T { return null }
            throw PGError(code: .decoding, message: "column '\(columns[index])' is NULL but \(T.self) is not optional")
        }
        do {
            return try T(pgText: text)
        } catch var error as PGError {
            error.message = "column '\(columns[index])': \(error.message)"
            throw error
        }
    }
}

/// The rows of a statement plus the count from its command tag (rows inserted, updated, deleted or selected).
public struct PGResult: Sendable {
    public var rows: [PGRow]
    public var affectedRows: Int

    public init(rows: [PGRow] = [], affectedRows: Int = 0) {
        self.rows = rows
        self.affectedRows = affectedRows
    }
}
