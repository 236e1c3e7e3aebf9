import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import ServiceKit
import Synchronization
import Testing

struct OperationalRoutesTests {
    func makeApp(readiness: Readiness = Readiness()) throws -> some ApplicationProtocol {
        let config = try ServiceConfig.load(service: "numbering", environment: TestEnvironment.required)
        return makeHTTPApplication(config: config, readiness: readiness, tokenVerifier: nil, logger: Logger(label: "test")) { router in
            router.get("registers") { _, _ in "sổ đến" }
        }
    }

    /// The operations listener (`QLVB_OPS_PORT`): `/health`, `/ready`, `/metrics`.
    func makeOps(readiness: Readiness = Readiness()) throws -> some ApplicationProtocol {
        let config = try ServiceConfig.load(service: "numbering", environment: TestEnvironment.required)
        return makeOperationsApplication(config: config, readiness: readiness, logger: Logger(label: "test"))
    }

    /// Over a real socket the context knows the peer's address, whatever `X-Forwarded-For` claims.
    @Test func theContextCarriesThePeerAddressOfTheConnection() async throws {
        let config = try ServiceConfig.load(service: "numbering", environment: TestEnvironment.required)
        let app = makeHTTPApplication(config: config, readiness: Readiness(), tokenVerifier: nil, logger: Logger(label: "test")) { router in
            router.get("peer") { _, context in context.peerAddress ?? "none" }
        }
        try await app.test(.live) { client in
            try await client.execute(uri: "/peer", method: .get, headers: [.init("X-Forwarded-For")!: "198.51.100.4"]) { response in
                #expect(String(buffer: response.body) == "127.0.0.1")
            }
        }
    }

    @Test func healthAnswersOkWithTheServiceName() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(String(buffer: response.body) == #"{"service":"numbering","status":"ok"}"#)
            }
        }
    }

    @Test func readyAnswers503NamingFailingChecksThen200WhenTheyPass() async throws {
        let readiness = Readiness()
        let brokerUp = Atomic<Bool>(false)
        readiness.register("amqp") { brokerUp.load(ordering: .relaxed) }
        readiness.register("postgres") { true }

        try await makeOps(readiness: readiness).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["failing"] as? [String] == ["amqp"])
                #expect(body?["status"] as? String == "not_ready")
            }
            brokerUp.store(true, ordering: .relaxed)
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func hungCheckCountsAsFailed() async throws {
        let readiness = Readiness()
        readiness.register("stuck") {
            try? await Task.sleep(for: .seconds(60))
            return true
        }

        let results = await readiness.evaluate(timeout: .milliseconds(50))

        #expect(results == ["stuck": false])
    }

    @Test func metricsExposeACounterIncrementedThroughSwiftMetrics() async throws {
        MetricsBootstrap.bootstrap()
        MetricsBootstrap.bootstrap()
        Counter(label: "qlvb_test_documents_registered_total", dimensions: [("service", "numbering")]).increment(by: 3)

        try await makeOps().test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(String(buffer: response.body).contains(#"qlvb_test_documents_registered_total{service="numbering"} 3"#))
            }
        }
    }

    /// What a user can reach is the public port: readiness details and metrics are not there, `/health` is.
    @Test func readyAndMetricsAreNotOnThePublicPort() async throws {
        let readiness = Readiness()
        readiness.register("postgres") { true }
        try await makeApp(readiness: readiness).test(.live) { client in
            for uri in ["/metrics", "/ready"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri) on the public port")
                    #expect(!String(buffer: response.body).contains("qlvb_"), "\(uri) leaks nothing")
                }
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
        try await makeOps(readiness: readiness).test(.live) { client in
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func theOperationsPortDefaultsBesideTheHTTPPortAndMustDiffer() throws {
        var env = TestEnvironment.required
        env["QLVB_HTTP_PORT"] = "8084"
        #expect(try ServiceConfig.load(service: "numbering", environment: env).opsPort == 8184)
        env["QLVB_OPS_PORT"] = "9090"
        #expect(try ServiceConfig.load(service: "numbering", environment: env).opsPort == 9090)
        env["QLVB_OPS_PORT"] = "8084"
        #expect(throws: ConfigError.self) { try ServiceConfig.load(service: "numbering", environment: env) }
    }

    @Test func serviceRoutesAreServedAlongside() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/registers", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "sổ đến")
            }
        }
    }
}
