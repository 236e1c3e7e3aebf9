import Foundation
import Hummingbird

/// Why a workflow action was refused, as an HTTP answer with a stable code and a Vietnamese / English message,
/// like `AuthFailure`: `{"error":"conflict","code":"illegal_transition","message":"… / …"}`.
struct WorkflowError: HTTPResponseError, CustomStringConvertible {
    let status: HTTPResponse.Status
    let code: String
    let vietnamese: String
    let english: String

    var message: String { "\(vietnamese) / \(english)" }
    var description: String { "\(code): \(english)" }

    private struct Body: Encodable {
        let error: String
        let code: String
        let message: String
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let error = status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
        let data = try encoder.encode(Body(error: error, code: code, message: message))
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func badRequest(_ code: String, _ vietnamese: String, _ english: String) -> WorkflowError {
        WorkflowError(status: .badRequest, code: code, vietnamese: vietnamese, english: english)
    }

    static func unprocessable(_ code: String, _ vietnamese: String, _ english: String) -> WorkflowError {
        WorkflowError(status: .unprocessableContent, code: code, vietnamese: vietnamese, english: english)
    }

    static func forbidden(_ code: String, _ vietnamese: String, _ english: String) -> WorkflowError {
        WorkflowError(status: .forbidden, code: code, vietnamese: vietnamese, english: english)
    }

    static func notFound(_ vietnamese: String, _ english: String) -> WorkflowError {
        WorkflowError(status: .notFound, code: "not_found", vietnamese: vietnamese, english: english)
    }

    /// An action the current state does not allow (409).
    static func illegal(_ action: String, state: String, vietnamese: String, english: String) -> WorkflowError {
        WorkflowError(
            status: .conflict, code: "illegal_transition", vietnamese: "\(vietnamese) (trạng thái hiện tại: \(state))",
            english: "\(english) (current state: \(state); action: \(action))")
    }
}
