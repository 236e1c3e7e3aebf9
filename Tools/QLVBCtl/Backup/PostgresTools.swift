import Foundation

/// pg_dump and pg_restore (Debian's postgresql-client): the password goes through PGPASSWORD, never on a command line.
enum PostgresTools {
    static func connection(_ url: String) -> (url: String, environment: [String: String]) {
        guard var components = URLComponents(string: url), let password = components.password else { return (url, [:]) }
        components.password = nil
        return (components.string ?? url, ["PGPASSWORD": password.removingPercentEncoding ?? password])
    }

    /// One schema in pg_dump's custom format, from the exported snapshot.
    static func dump(url: String, schema: String, snapshot: String, to file: String) async throws {
        let (dbname, env) = connection(url)
        try await Subprocess.run(
            "pg_dump", ["--format=custom", "--schema=\(schema)", "--snapshot=\(snapshot)", "--no-password", "--file=\(file)", "--dbname=\(dbname)"],
            environment: env)
    }

    /// Restores a schema dump into an existing schema: the dump's own CREATE SCHEMA entry is left out (the schema
    /// was made by `restore` or by the installation step), everything else — tables, data, sequences, owners,
    /// grants, triggers — goes in, stopping at the first error.
    static func restore(url: String, dump: String, scratch: URL) async throws {
        let (dbname, env) = connection(url)
        let list = scratch.appendingPathComponent(UUID().uuidString + ".list").path
        try await Subprocess.run("pg_restore", ["--list", "--file=\(list)", dump])
        let kept = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains(" SCHEMA - ") }.joined(separator: "\n")
        try kept.write(toFile: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: list) }
        try await Subprocess.run(
            "pg_restore", ["--use-list=\(list)", "--exit-on-error", "--no-password", "--dbname=\(dbname)", dump], environment: env)
    }

    /// Whether a dump file is readable by pg_restore (its table of contents).
    static func check(dump: String) async throws {
        try await Subprocess.run("pg_restore", ["--list", dump])
    }
}
