import Storage

/// PostgreSQL array literals for `unnest($1::text[])`, so a batch of rows goes in one statement
/// and still as a bound parameter, never as SQL text.
enum PGArray {
    static func literal(_ values: [String?]) -> String {
        "{" + values.map { v in
            guard let v else { return "NULL" }
            return "\"" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }
}
