import Foundation
import XCTest

@testable import RoutingService

/// Runs `body` over fresh fixtures and drops their schema afterwards, also when the body throws.
func withPeople(
    settings: PeopleSettings? = nil, _ body: (PeopleFixtures) async throws -> Void
) async throws {
    let fixtures = try await PeopleFixtures.make(settings: settings)
    do {
        try await body(fixtures)
    } catch {
        await fixtures.cleanUp()
        throw error
    }
    await fixtures.cleanUp()
}

extension PeopleFixtures {
    var base: String { "/agencies/\(Self.agency)" }

    /// JSON text of a dictionary, for request bodies.
    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Creates an account through the API as `actor`; returns the reply.
    func createUser(as actor: String, agency: String = PeopleFixtures.agency, _ fields: [String: Any]) async throws -> Reply {
        try await send(.post, "/agencies/\(agency)/users", as: actor, json: Self.json(fields))
    }

    /// Signs in through the API.
    func signIn(_ account: String, _ password: String = PeopleFixtures.password, onBehalfOf: String? = nil) async throws -> Reply {
        var body: [String: Any] = ["account": account, "password": password]
        if let onBehalfOf { body["onBehalfOf"] = onBehalfOf }
        return try await send(.post, "/auth/sign-in", token: nil, json: Self.json(body))
    }

    /// The schema of the audit log (`<schema>_audit`).
    var audit: String { AuditLog.schema(for: schema) }

    /// The audit entries of the fixture agency, oldest first.
    func auditEntries() async throws -> [StoredAuditEntry] {
        try await AuditLog.list(agency: Self.agency, limit: 1000, schema: schema, on: database).reversed()
    }
}

// XCTest's assertions take synchronous autoclosures; these take asynchronous ones, so `try await` fits inside.

func assertEqual<T: Equatable>(
    _ a: @autoclosure () async throws -> T, _ b: @autoclosure () async throws -> T, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) async throws {
    let (x, y) = (try await a(), try await b())
    XCTAssertEqual(x, y, message, file: file, line: line)
}

func assertTrue(_ a: @autoclosure () async throws -> Bool, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) async throws {
    let x = try await a()
    XCTAssertTrue(x, message, file: file, line: line)
}

func assertFalse(_ a: @autoclosure () async throws -> Bool, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) async throws {
    let x = try await a()
    XCTAssertFalse(x, message, file: file, line: line)
}

func assertNil<T>(_ a: @autoclosure () async throws -> T?, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) async throws {
    let x = try await a()
    XCTAssertNil(x, message, file: file, line: line)
}
