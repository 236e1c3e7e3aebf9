/// Which statements of one connection are prepared on the server (automatic preparation, as pgjdbc and Npgsql do).
///
/// A statement text seen a second time is prepared under a name of its own and from then on runs with
/// `PQexecPrepared`: the server parses, analyses and plans it once per connection instead of at every call, which
/// was a third of PostgreSQL's CPU on the incoming path. Texts seen once (built with literals) never are.
/// Prepared statements outlive rolled-back transactions and die with the connection, so the cache lives and
/// dies with its `PQHandle`. Both sets are bounded: past the limit, statements run unprepared as before.
struct PGStatementCache {
    static let maxPrepared = 256
    static let maxSeen = 1024

    private var names: [String: String] = [:]
    private var seen: Set<String> = []

    /// The prepared statement's name, if `sql` has one.
    func name(for sql: String) -> String? { names[sql] }

    /// Notes one more run of `sql`; returns the name to prepare it under when this is its second run.
    mutating func shouldPrepare(_ sql: String) -> String? {
        guard names.count < Self.maxPrepared else { return nil }
        if seen.remove(sql) != nil { return "qlvb_s\(names.count + 1)" }
        if seen.count >= Self.maxSeen { seen.removeAll(keepingCapacity: true) }
        seen.insert(sql)
        return nil
    }

    /// Records a successful preparation.
    mutating func prepared(_ sql: String, as name: String) { names[sql] = name }
}
