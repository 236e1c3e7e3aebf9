import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import Testing

/// Every error answer has the one error body (`ErrorBody`), the framework's own included, and never the decoder's text.
struct ErrorBodyTests {
    struct Draft: Decodable { var title: String; var pages: Int }
    struct Broken: Error {}

    func makeApp() throws -> some ApplicationProtocol {
        let config = try ServiceConfig.load(service: "numbering", environment: TestEnvironment.required)
        return makeHTTPApplication(config: config, readiness: Readiness(), tokenVerifier: nil, logger: Logger(label: "test")) { router in
            router.post("drafts") { request, context in
                let draft = try await request.decode(as: Draft.self, context: context)
                return draft.title
            }
            router.get("items/:id") { _, _ in "item" }
            router.get("broken") { _, _ -> String in throw Broken() }
            router.get("legacy") { _, _ -> String in throw HTTPError(.conflict, message: "Đã có / already there") }
            router.get("damaged") { _, _ -> String in throw HTTPError(.internalServerError, message: "Tệp hỏng / a file is damaged") }
        }
    }

    func body(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }

    func english(_ json: [String: Any]) -> String { (json["message"] as? [String: String])?["en"] ?? "" }

    @Test func unknownPathIs404AndWrongMethod405WithAllow() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                let json = body(response)
                #expect(json["error"] as? String == "not_found")
                #expect(json["code"] as? String == "not_found")
                #expect((json["message"] as? [String: String])?["vi"]?.isEmpty == false)
            }
            try await client.execute(uri: "/items/7", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(body(response)["code"] as? String == "method_not_allowed")
            }
        }
    }

    @Test func decodingFailuresNameTheFieldNotTheDecoder() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/drafts", method: .post, body: ByteBuffer(string: #"{"title": "x"}"#)) { response in
                #expect(response.status == .badRequest)
                let json = body(response)
                #expect(json["code"] as? String == "missing_field")
                #expect(english(json) == "the field 'pages' is missing")
            }
            try await client.execute(uri: "/drafts", method: .post, body: ByteBuffer(string: #"{"title": 3, "pages": 1}"#)) { response in
                let json = body(response)
                #expect(json["code"] as? String == "invalid_field")
                #expect(english(json).contains("'title'"))
                #expect(!english(json).contains("String"))
            }
            try await client.execute(uri: "/drafts", method: .post, body: ByteBuffer(string: "not json")) { response in
                #expect(response.status == .badRequest)
                #expect(body(response)["code"] as? String == "invalid_json")
            }
        }
    }

    @Test func nulCharactersAndBodiesOverTheLimitAreRefusedBeforeTheyReachStorage() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/items/a%00b", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(body(response)["code"] as? String == "nul_character")
            }
            try await client.execute(uri: "/drafts", method: .post, body: ByteBuffer(string: #"{"title": "a\u0000", "pages": 1}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(body(response)["code"] as? String == "nul_character")
            }
            let large = ByteBuffer(repeating: UInt8(ascii: " "), count: 3 << 20)
            try await client.execute(uri: "/drafts", method: .post, body: large) { response in
                #expect(response.status == .contentTooLarge)
                #expect(body(response)["code"] as? String == "content_too_large")
            }
        }
    }

    @Test func otherErrorsAre500WithAGenericMessageAndLegacyErrorsKeepTheirStatus() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/broken", method: .get) { response in
                #expect(response.status == .internalServerError)
                let json = body(response)
                #expect(json["code"] as? String == "internal_error")
                #expect(!english(json).contains("Broken"))
            }
            try await client.execute(uri: "/legacy", method: .get) { response in
                #expect(response.status == .conflict)
                let json = body(response)
                #expect((json["message"] as? [String: String]) == ["vi": "Đã có", "en": "already there"])
            }
            try await client.execute(uri: "/damaged", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect((body(response)["message"] as? [String: String])?["en"] == "a file is damaged", "a deliberate 500 message is kept")
            }
        }
    }
}
