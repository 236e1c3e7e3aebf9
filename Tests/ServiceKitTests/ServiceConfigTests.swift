import Auth
import Foundation
import Logging
import ServiceKit
import Testing

struct ServiceConfigTests {
    func problems(_ environment: [String: String]) -> [ConfigError.Problem] {
        do {
            _ = try ServiceConfig.load(service: "numbering", environment: environment)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func requiredVariablesAloneGiveTheDocumentedDefaults() throws {
        let config = try ServiceConfig.load(service: "numbering", environment: TestEnvironment.required)

        #expect(config.service == "numbering")
        #expect(config.amqpURL.absoluteString == "amqp://qlvb:qlvb@127.0.0.1:5672/%2F")
        #expect(config.pgURL.host == "127.0.0.1")
        #expect(config.httpHost == "127.0.0.1")
        #expect(config.httpPort == 8081)
        #expect(config.logLevel == .info)
        #expect(config.logFormat == .json)
        #expect(config.prefetch == 32)
        #expect(config.concurrency == 8)
        #expect(config.pgPoolSize == 10)
        #expect(config.blobRoot.path == "/var/lib/qlvb/blobs")
        #expect(config.authPublicKeyPEM == nil)
        #expect(config.retryDelays == [.seconds(1), .seconds(10), .seconds(60)])
        #expect(config.amqpHeartbeat == .seconds(30))
        #expect(config.amqpTLSCAFile == nil)
        #expect(config.amqpUsesTLS == false)
        #expect(config.outboxPollInterval == .milliseconds(500))
        #expect(config.shutdownGrace == .seconds(30))
    }

    @Test(arguments: ["QLVB_AMQP_URL", "QLVB_HTTP_PORT", "QLVB_BLOB_ROOT"])
    func missingRequiredVariableIsNamed(_ name: String) {
        let problems = problems(TestEnvironment.with([name: nil]))

        #expect(problems.map(\.variable) == [name])
        #expect(problems.first?.message.hasPrefix("\(name) is not set: ") == true)
    }

    @Test func missingPostgresURLExplainsWhatIsExpected() {
        let problems = problems(TestEnvironment.with(["QLVB_PG_URL": nil]))

        #expect(problems.map(\.message) == [
            "QLVB_NUMBERING_PG_URL is not set: PostgreSQL URL of numbering's own role, e.g. postgresql://qlvb_numbering:…@127.0.0.1:55432/qlvb"])
    }

    /// Each service connects as its own role; one shared role for all is a developer's convenience only.
    @Test func theSharedDatabaseURLIsRefusedOutsideDevelopment() throws {
        let production = TestEnvironment.with(["QLVB_DEVELOPMENT": nil])
        let problems = problems(production)
        #expect(problems.map(\.variable) == ["QLVB_NUMBERING_PG_URL"])
        #expect(problems.first?.message.contains("QLVB_DEVELOPMENT=1") == true)

        let own = "postgresql://qlvb_numbering:secret@db.internal:5432/qlvb"
        let config = try ServiceConfig.load(service: "numbering", environment: production.merging(["QLVB_NUMBERING_PG_URL": own]) { _, b in b })
        #expect(config.pgURL.absoluteString == own)
        // The service's own URL wins over the shared one, in development too.
        let both = try ServiceConfig.load(service: "numbering", environment: TestEnvironment.with(["QLVB_NUMBERING_PG_URL": own]))
        #expect(both.pgURL.absoluteString == own)
    }

    @Test func blankValueCountsAsUnset() {
        #expect(problems(TestEnvironment.with(["QLVB_HTTP_PORT": "  "])).map(\.variable) == ["QLVB_HTTP_PORT"])
    }

    @Test(arguments: [
        ("QLVB_PREFETCH", "abc", "QLVB_PREFETCH='abc' is not a whole number between 1 and 1000"),
        ("QLVB_PREFETCH", "0", "QLVB_PREFETCH='0' is not a whole number between 1 and 1000"),
        ("QLVB_HTTP_PORT", "70000", "QLVB_HTTP_PORT='70000' is not a whole number between 1 and 65535"),
        ("QLVB_CONCURRENCY", "1.5", "QLVB_CONCURRENCY='1.5' is not a whole number between 1 and 256"),
        ("QLVB_LOG_LEVEL", "verbose", "QLVB_LOG_LEVEL='verbose' is not one of trace|debug|info|notice|warning|error|critical"),
        ("QLVB_LOG_FORMAT", "xml", "QLVB_LOG_FORMAT='xml' is not one of json|text"),
        ("QLVB_OUTBOX_POLL", "500", "QLVB_OUTBOX_POLL='500' is not a duration with a unit such as 500ms, 10s, 1m or 1h between 10ms and 60s"),
        ("QLVB_RETRY_DELAYS", "1s,soon", "QLVB_RETRY_DELAYS='1s,soon' is not a comma-separated list of durations such as 1s,10s,60s (units ms, s, m, h)"),
        ("QLVB_BLOB_ROOT", "blobs", "QLVB_BLOB_ROOT='blobs' is not an absolute path: directory of the shared blob store, e.g. /var/lib/qlvb/blobs"),
        ("QLVB_AMQP_TLS_CA", "/nonexistent/ca.pem", "QLVB_AMQP_TLS_CA='/nonexistent/ca.pem' is not a readable file"),
    ])
    func invalidValueIsNamedWithWhatIsExpected(_ name: String, _ value: String, _ message: String) {
        #expect(problems(TestEnvironment.with([name: value])).map(\.message) == [message])
    }

    @Test func urlWithWrongSchemeIsNamedWithoutEchoingCredentials() {
        let problems = problems(TestEnvironment.with(["QLVB_PG_URL": "mysql://root:secret@db/qlvb"]))

        #expect(problems.map(\.variable) == ["QLVB_PG_URL"])
        #expect(problems.first?.message.contains("secret") == false)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let environment = TestEnvironment.with([
            "QLVB_AMQP_URL": nil, "QLVB_PG_URL": nil, "QLVB_PREFETCH": "abc", "QLVB_SHUTDOWN_GRACE": "forever",
        ])

        let error = #expect(throws: ConfigError.self) { try ServiceConfig.load(service: "archive", environment: environment) }

        #expect(error?.problems.map(\.variable) == ["QLVB_AMQP_URL", "QLVB_ARCHIVE_PG_URL", "QLVB_PREFETCH", "QLVB_SHUTDOWN_GRACE"])
        #expect(error?.description.hasPrefix("invalid configuration (4 problems):\n  - QLVB_AMQP_URL is not set") == true)
    }

    @Test func optionalValuesAreParsed() throws {
        let caFile = FileManager.default.temporaryDirectory.appendingPathComponent("qlvb-ca-\(UUID().uuidString).pem")
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: caFile)
        defer { try? FileManager.default.removeItem(at: caFile) }

        let config = try ServiceConfig.load(service: "dispatch", environment: TestEnvironment.with([
            "QLVB_HTTP_HOST": "0.0.0.0", "QLVB_LOG_LEVEL": "DEBUG", "QLVB_LOG_FORMAT": "text", "QLVB_PREFETCH": "100",
            "QLVB_RETRY_DELAYS": "250ms, 2s,5m", "QLVB_AMQP_HEARTBEAT": "0s", "QLVB_AMQP_TLS_CA": caFile.path,
            "QLVB_OUTBOX_POLL": "1s", "QLVB_SHUTDOWN_GRACE": "1m",
        ]))

        #expect(config.httpHost == "0.0.0.0")
        #expect(config.logLevel == .debug)
        #expect(config.logFormat == .text)
        #expect(config.prefetch == 100)
        #expect(config.retryDelays == [.milliseconds(250), .seconds(2), .seconds(300)])
        #expect(config.amqpHeartbeat == .zero)
        #expect(config.amqpUsesTLS)
        #expect(config.outboxPollInterval == .seconds(1))
        #expect(config.shutdownGrace == .seconds(60))
    }

    @Test func authPublicKeyIsReadFromTextOrFile() throws {
        let pem = AuthKeys.generate().publicPEM
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qlvb-auth-\(UUID().uuidString).pem")
        try Data(pem.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let fromText = try ServiceConfig.load(service: "routing", environment: TestEnvironment.with(["QLVB_AUTH_PUBLIC_KEY": pem]))
        let escaped = pem.replacingOccurrences(of: "\n", with: "\\n")
        let fromEscaped = try ServiceConfig.load(service: "routing", environment: TestEnvironment.with(["QLVB_AUTH_PUBLIC_KEY": escaped]))
        let fromFile = try ServiceConfig.load(service: "routing", environment: TestEnvironment.with(["QLVB_AUTH_PUBLIC_KEY": file.path]))

        #expect(fromText.authPublicKeyPEM?.contains("BEGIN PUBLIC KEY") == true)
        #expect(fromEscaped.authPublicKeyPEM == fromText.authPublicKeyPEM)
        #expect(fromFile.authPublicKeyPEM?.contains("BEGIN PUBLIC KEY") == true)
    }

    @Test func authPublicKeyThatIsNotEd25519IsNamed() {
        let problems = problems(TestEnvironment.with(["QLVB_AUTH_PUBLIC_KEY": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"]))

        #expect(problems.map(\.variable) == ["QLVB_AUTH_PUBLIC_KEY"])
    }

    @Test func serviceVariablesAreReadAndReportedWithTheShared() {
        let environment = TestEnvironment.with(["QLVB_PREFETCH": "abc", "QLVB_SIGNING_WORKERS": "many"])

        let error = #expect(throws: ConfigError.self) {
            try ServiceConfig.load(service: "signing", environment: environment) { env in
                (
                    keyDir: env.required(EnvironmentReader.name(service: "signing", "KEY_DIR"), "directory of signing keys"),
                    workers: env.int(EnvironmentReader.name(service: "signing", "WORKERS"), default: 2, range: 1...16)
                )
            }
        }

        #expect(error?.problems.map(\.variable) == ["QLVB_PREFETCH", "QLVB_SIGNING_KEY_DIR", "QLVB_SIGNING_WORKERS"])
    }

    @Test func serviceVariablesComeBackWithTheConfig() throws {
        let environment = TestEnvironment.with(["QLVB_SIGNING_KEY_DIR": "/etc/qlvb/keys"])

        let (config, keyDir) = try ServiceConfig.load(service: "signing", environment: environment) { env in
            env.absolutePath(EnvironmentReader.name(service: "signing", "KEY_DIR"), "directory of signing keys")
        }

        #expect(config.service == "signing")
        #expect(keyDir.path == "/etc/qlvb/keys")
    }
}
