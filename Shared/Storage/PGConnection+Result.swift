import CLibPQ

extension PGConnection {
    /// Copies a `PGresult` into Swift values, or turns an error result into a `PGError`. Does not `PQclear`.
    static func makeResult(_ result: OpaquePointer?, on conn: OpaquePointer) throws -> PGResult {
        guard let result else { throw connectionError(conn) }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            let rowCount = PQntuples(result), columnCount = PQnfields(result)
            let columns = (0..<columnCount).map { string(PQfname(result, $0)) }
            var rows: [PGRow] = []
            rows.reserveCapacity(Int(rowCount))
            for r in 0..<rowCount {
                let values: [String?] = (0..<columnCount).map { c in
                    guard PQgetisnull(result, r, c) == 0, let bytes = PQgetvalue(result, r, c) else { return nil }
                    let buffer = UnsafeRawBufferPointer(start: bytes, count: Int(PQgetlength(result, r, c)))
                    return String(decoding: buffer, as: UTF8.self)
                }
                rows.append(PGRow(columns: columns, values: values))
            }
            return PGResult(rows: rows, affectedRows: Int(string(PQcmdTuples(result))) ?? 0)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            throw PGError(code: .queryFailed, message: "COPY is not supported by this client")
        default:
            let state = field(result, "C")
            guard state != nil || PQstatus(conn) == CONNECTION_OK else { throw connectionError(conn) }
            let message = field(result, "M") ?? oneLine(string(PQresultErrorMessage(result)))
            var code = PGError.Code.forSQLState(state)
            if PQstatus(conn) != CONNECTION_OK { code = .connectionLost }
            throw PGError(code: code, sqlState: state, message: message, detail: field(result, "D"))
        }
    }

    /// The connection-level error after a failed call (e.g. "server closed the connection unexpectedly").
    private static func connectionError(_ conn: OpaquePointer) -> PGError {
        let message = oneLine(string(PQerrorMessage(conn)))
        let lost = PQstatus(conn) != CONNECTION_OK
        return PGError(code: lost ? .connectionLost : .queryFailed, message: message.isEmpty ? "no result from libpq" : message)
    }

    private static func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        PQresultErrorField(result, Int32(UInt8(ascii: code))).map { String(cString: $0) }
    }
}
