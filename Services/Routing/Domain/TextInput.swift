import Contracts
import Foundation

/// Free text a user writes (a note, a result, a comment): trimmed, required, and not longer than the field allows.
enum TextInput {
    static func required(_ value: String?, field: String, max: Int = 2000) throws -> String {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !trimmed.isEmpty else {
            throw Refusal.badRequest("field_missing", "Thiếu nội dung trường \(field)", "field \(field) is missing or empty")
        }
        guard trimmed.count <= max else {
            throw Refusal.badRequest("field_too_long", "Trường \(field) dài quá \(max) ký tự", "field \(field) is longer than \(max) characters")
        }
        return trimmed
    }
}
