import Testing
import Storage

@Suite(.serialized) struct MigratorTests {
    static let migrations = [
        Migration(version: 2, name: "seed", sql: "INSERT INTO registers (code) VALUES ('den'); INSERT INTO log (version) VALUES (2);"),
        Migration(version: 1, name: "create_registers", sql: """
            CREATE TABLE registers (id serial PRIMARY KEY, code text NOT NULL UNIQUE);
            CREATE TABLE log (version int NOT NULL);
            INSERT INTO log (version) VALUES (1);
            """),
        Migration(version: 3, name: "add_index", sql: "ALTER TABLE registers ADD COLUMN title text NOT NULL DEFAULT 'Sổ đến'; INSERT INTO log VALUES (3);"),
    ]

    private func migrator(_ schema: String, _ migrations: [Migration] = Self.migrations) -> Migrator {
        Migrator(schema: schema, migrations: migrations, logger: TestDatabase.logger)
    }

    private func appliedVersions(_ client: PGClient, _ schema: String) async throws -> [Int] {
        try await client.query("SELECT version FROM \(identifier: schema).schema_migrations ORDER BY version").rows
            .map { try $0.decode(Int.self, "version") }
    }

    private func logEntries(_ client: PGClient, _ schema: String) async throws -> [Int] {
        try await client.query("SELECT version FROM \(identifier: schema).log ORDER BY version").rows.map { try $0.decode(Int.self, "version") }
    }

    @Test func migrationsCreateTheSchemaAndApplyInVersionOrderInsideIt() async throws {
        try await TestDatabase.withSchema(create: false) { client, schema in
            try await migrator(schema).migrate(on: client)
            #expect(try await appliedVersions(client, schema) == [1, 2, 3])
            #expect(try await logEntries(client, schema) == [1, 2, 3])
            let title = try await client.query("SELECT title FROM \(identifier: schema).registers").rows[0].decode(String.self, "title")
            #expect(title == "Sổ đến")
            let checksum = try await client.query("""
                SELECT checksum = encode(sha256(convert_to(\(Self.migrations[1].sql), 'UTF8')), 'hex') AS ok, applied_at
                FROM \(identifier: schema).schema_migrations WHERE version = 1
                """).rows[0]
            #expect(try checksum.decode(Bool.self, "ok"))
        }
    }

    @Test func runningMigrationsAgainChangesNothing() async throws {
        try await TestDatabase.withSchema { client, schema in
            try await migrator(schema).migrate(on: client)
            try await migrator(schema).migrate(on: client)
            #expect(try await appliedVersions(client, schema) == [1, 2, 3])
            #expect(try await logEntries(client, schema) == [1, 2, 3])
        }
    }

    @Test func newMigrationsAreAppliedOnTopOfOldOnes() async throws {
        try await TestDatabase.withSchema { client, schema in
            try await migrator(schema, Array(Self.migrations.prefix(2))).migrate(on: client)
            #expect(try await appliedVersions(client, schema) == [1, 2])
            try await migrator(schema).migrate(on: client)
            #expect(try await appliedVersions(client, schema) == [1, 2, 3])
        }
    }

    @Test func anEditedMigrationIsDetectedAndNamed() async throws {
        try await TestDatabase.withSchema { client, schema in
            try await migrator(schema).migrate(on: client)
            var edited = Self.migrations
            edited[2] = Migration(version: 3, name: "add_index", sql: "CREATE INDEX ON registers (code);")
            let error = await #expect(throws: MigrationError.self) { try await migrator(schema, edited).migrate(on: client) }
            #expect(error?.kind == .edited(version: 3, name: "add_index"))
            #expect(error?.description.hasPrefix("migration 3 'add_index' in schema \(schema) was edited after it was applied (checksum ") == true)
            #expect(error?.description.hasSuffix("restore it and add a new migration instead") == true)
        }
    }

    @Test func anAppliedMigrationMissingFromTheCodeIsAnError() async throws {
        try await TestDatabase.withSchema { client, schema in
            try await migrator(schema).migrate(on: client)
            let error = await #expect(throws: MigrationError.self) {
                try await migrator(schema, Array(Self.migrations.prefix(2))).migrate(on: client)
            }
            #expect(error?.kind == .missingFromCode(version: 3, name: "add_index"))
        }
    }

    @Test func aMigrationInsertedBelowAppliedOnesIsRefused() async throws {
        try await TestDatabase.withSchema { client, schema in
            try await migrator(schema, [Self.migrations[1], Self.migrations[2]]).migrate(on: client)
            let error = await #expect(throws: MigrationError.self) { try await migrator(schema).migrate(on: client) }
            #expect(error?.kind == .outOfOrder(version: 2, name: "seed", latestApplied: 3))
        }
    }

    /// A platform migration (below 10) added in a later release reaches a schema whose own migrations went ahead;
    /// inside each sequence the order still holds.
    @Test func platformAndServiceMigrationsEachKeepTheirOwnOrder() async throws {
        try await TestDatabase.withSchema { client, schema in
            let own = [
                Migration(version: 10, name: "own_first", sql: "CREATE TABLE own (id int); INSERT INTO own VALUES (10);"),
                Migration(version: 11, name: "own_second", sql: "INSERT INTO own VALUES (11);"),
            ]
            try await migrator(schema, [Self.migrations[1]] + own).migrate(on: client)
            try await migrator(schema, Self.migrations + own).migrate(on: client)
            #expect(try await appliedVersions(client, schema) == [1, 2, 3, 10, 11])
            #expect(try await logEntries(client, schema) == [1, 2, 3])

            let later = Migration(version: 4, name: "platform_later", sql: "INSERT INTO log VALUES (4);")
            try await migrator(schema, Self.migrations + [later] + own).migrate(on: client)
            #expect(try await appliedVersions(client, schema) == [1, 2, 3, 4, 10, 11])
            #expect(try await logEntries(client, schema) == [1, 2, 3, 4])

            let thirteen = Migration(version: 13, name: "own_fourth", sql: "INSERT INTO own VALUES (13);")
            let twelve = Migration(version: 12, name: "own_third", sql: "INSERT INTO own VALUES (12);")
            try await migrator(schema, Self.migrations + [later] + own + [thirteen]).migrate(on: client)
            let error = await #expect(throws: MigrationError.self) {
                try await migrator(schema, Self.migrations + [later] + own + [twelve, thirteen]).migrate(on: client)
            }
            #expect(error?.kind == .outOfOrder(version: 12, name: "own_third", latestApplied: 13))
        }
    }

    @Test func duplicateVersionsAreRejectedBeforeTouchingTheDatabase() async throws {
        try await TestDatabase.withSchema(create: false) { client, schema in
            let twice = Self.migrations + [Migration(version: 2, name: "seed_again", sql: "SELECT 1")]
            let error = await #expect(throws: MigrationError.self) { try await migrator(schema, twice).migrate(on: client) }
            #expect(error?.kind == .duplicateVersion(2))
            #expect(error?.description.contains("'seed_again'") == true)
            let exists = try await client.query("SELECT count(*) AS n FROM pg_namespace WHERE nspname = \(schema)").rows[0]
            #expect(try exists.decode(Int.self, "n") == 0)
        }
    }

    @Test func aFailingMigrationLeavesEarlierOnesAppliedAndItselfUnrecorded() async throws {
        try await TestDatabase.withSchema { client, schema in
            var broken = Self.migrations
            broken[0] = Migration(version: 2, name: "seed", sql: "INSERT INTO log VALUES (2); INSERT INTO nowhere VALUES (1);")
            let error = await #expect(throws: PGError.self) { try await migrator(schema, broken).migrate(on: client) }
            #expect(error?.sqlState == "42P01")
            let applied = try await appliedVersions(client, schema), log = try await logEntries(client, schema)
            #expect(applied == [1])
            #expect(log == [1])
        }
    }

    @Test func twoMigratorsStartingTogetherApplyEachMigrationOnce() async throws {
        try await TestDatabase.withSchema(create: false) { client, schema in
            let slowFirst = Migration(version: 1, name: "create_registers", sql: Self.migrations[1].sql + "SELECT pg_sleep(0.3);")
            let slow = [slowFirst, Self.migrations[0], Self.migrations[2]]
            let other = TestDatabase.makeClient(maxConnections: 2)
            async let first: Void = migrator(schema, slow).migrate(on: client)
            async let second: Void = migrator(schema, slow).migrate(on: other)
            _ = try await (first, second)
            await other.shutdown()
            #expect(try await appliedVersions(client, schema) == [1, 2, 3])
            #expect(try await logEntries(client, schema) == [1, 2, 3])
        }
    }
}
