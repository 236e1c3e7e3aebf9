import Foundation
import XCTest

/// The installation step is one script (infra/postgres/install, install.sql) run three ways: scripts/dev-up,
/// compose's db-install service (which mounts infra/postgres) and the Kubernetes Job, whose ConfigMap holds a copy.
/// The copy must be the script, and every service must get a database URL of its own role.
final class DatabaseInstallManifestTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let services = ["intake", "routing", "signing", "numbering", "dispatch", "archive", "notifications"]

    func text(_ path: String) throws -> String {
        try String(contentsOf: Self.repo.appendingPathComponent(path), encoding: .utf8)
    }

    /// The literal block `  <key>: |` of a ConfigMap's data, its 4-space indentation removed.
    func block(_ key: String, in yaml: String) throws -> String {
        let lines = yaml.components(separatedBy: "\n")
        let start = try XCTUnwrap(lines.firstIndex(of: "  \(key): |"), "no block \(key) in the ConfigMap")
        var out: [String] = []
        for line in lines[(start + 1)...] {
            if line.isEmpty { out.append(""); continue }
            guard line.hasPrefix("    ") else { break }
            out.append(String(line.dropFirst(4)))
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    func testTheKubernetesJobRunsTheSameScriptAsComposeAndTheDevScripts() throws {
        let manifest = try text("infra/k8s/04-db-install.yaml")
        XCTAssertEqual(try block("install.sql", in: manifest), try text("infra/postgres/install.sql"),
                       "infra/k8s/04-db-install.yaml holds an old copy of infra/postgres/install.sql: copy it again")
        XCTAssertEqual(try block("install", in: manifest), try text("infra/postgres/install"),
                       "infra/k8s/04-db-install.yaml holds an old copy of infra/postgres/install: copy it again")
        XCTAssertTrue(try text("compose/docker-compose.yml").contains("../infra/postgres:/qlvb-install:ro"))
    }

    func testEveryServiceConnectsAsItsOwnRoleInComposeAndKubernetes() throws {
        let compose = try text("compose/docker-compose.yml"), secrets = try text("infra/k8s/02-secret.yaml")
        XCTAssertFalse(compose.contains("QLVB_PG_URL"), "compose gives a service the shared database URL")
        XCTAssertFalse(secrets.contains("QLVB_PG_URL"), "Kubernetes gives the services the shared database URL")
        for service in Self.services {
            let variable = "QLVB_\(service.uppercased())_PG_URL"
            XCTAssertTrue(compose.contains("\(variable): postgresql://qlvb_\(service):"), "compose: \(service)")
            XCTAssertTrue(secrets.contains("name: qlvb-\(service)-db"), "02-secret.yaml: qlvb-\(service)-db")
            XCTAssertTrue(secrets.contains("\(variable): \"postgresql://qlvb_\(service):"), "02-secret.yaml: \(variable)")
            XCTAssertTrue(try text("infra/k8s/\(service).yaml").contains("name: qlvb-\(service)-db"), "\(service).yaml mounts its own URL")
            XCTAssertTrue(secrets.contains("QLVB_\(service.uppercased())_DB_PASSWORD"), "the Job sets \(service)'s password")
        }
    }
}
