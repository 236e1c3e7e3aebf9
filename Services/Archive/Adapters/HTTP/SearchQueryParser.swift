import Contracts
import Foundation
import Hummingbird

/// The query string of `GET /search` into a ``SearchQuery``; anything malformed is a 400 in both languages.
enum SearchQueryParser {
    /// The request's query parameters, the first of each name.
    static func parameters(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where out[String(key)] == nil { out[String(key)] = String(value) }
        return out
    }

    static func query(agency: String, _ p: [String: String]) throws -> SearchQuery {
        var q = SearchQuery(agency: agency)
        q.text = try text("q", p, max: SearchQuery.maxTextLength)
        q.sender = try text("sender", p, max: 200)
        q.documentType = try text("type", p, max: 100)
        q.register = try text("register", p, max: 50)
        q.fromDay = try day("from", p)
        q.toDay = try day("to", p)
        if let from = q.fromDay, let to = q.toDay, from > to {
            throw Refusal.badRequest("invalid_range", "'from' phải không sau 'to'", "'from' must not be after 'to'")
        }
        q.year = try int("year", p, 1900...9999)
        if let d = try text("dossier", p, max: 36) {
            guard let id = UUID(uuidString: d) else {
                throw Refusal.badRequest("invalid_parameter", "'dossier' phải là mã hồ sơ (UUID)", "'dossier' must be a dossier id (UUID)")
            }
            q.dossier = id
        }
        q.limit = try int("limit", p, 1...SearchQuery.maxLimit) ?? 20
        q.offset = try int("offset", p, 0...10_000) ?? 0
        if let d = try text("direction", p, max: 20) {
            guard let direction = SearchQuery.Direction(rawValue: d) else {
                throw Refusal.badRequest("invalid_parameter", "'direction' phải là incoming hoặc outgoing", "'direction' must be incoming or outgoing")
            }
            q.direction = direction
        }
        if let o = try text("sort", p, max: 20) {
            guard let order = SearchQuery.Order(rawValue: o) else {
                throw Refusal.badRequest("invalid_parameter", "'sort' phải là newest hoặc relevance", "'sort' must be newest or relevance")
            }
            q.order = order
        }
        return q
    }

    /// `after`: ids of documents the caller has just written or seen (comma-separated, at most 20).
    static func after(_ p: [String: String]) throws -> [UUID] {
        guard let raw = try text("after", p, max: 20 * 37) else { return [] }
        let parts = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count <= 20 else {
            throw Refusal.badRequest("invalid_parameter", "'after' nhận tối đa 20 mã văn bản", "'after' takes at most 20 document ids")
        }
        return try parts.map {
            guard let id = UUID(uuidString: $0) else {
                throw Refusal.badRequest("invalid_parameter", "'after' phải là các mã văn bản (UUID)", "'after' must be document ids (UUIDs)")
            }
            return id
        }
    }

    static func text(_ name: String, _ p: [String: String], max: Int) throws -> String? {
        guard let raw = p[name] else { return nil }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return nil }
        guard value.count <= max, !value.unicodeScalars.contains(where: { $0.value == 0 }) else {
            throw Refusal.badRequest(
                "invalid_parameter", "'\(name)' dài quá \(max) ký tự hoặc có ký tự không hợp lệ",
                "'\(name)' is longer than \(max) characters or has an invalid character")
        }
        return value
    }

    private static func day(_ name: String, _ p: [String: String]) throws -> String? {
        guard let value = try text(name, p, max: 10) else { return nil }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "yyyy-MM-dd"
        guard value.count == 10, let date = f.date(from: value), f.string(from: date) == value else {
            throw Refusal.badRequest("invalid_date", "'\(name)' phải là ngày dạng yyyy-MM-dd", "'\(name)' must be a date as yyyy-MM-dd")
        }
        return value
    }

    static func int(_ name: String, _ p: [String: String], _ range: ClosedRange<Int>) throws -> Int? {
        guard let value = try text(name, p, max: 12) else { return nil }
        guard let v = Int(value), range.contains(v) else {
            throw Refusal.badRequest(
                "invalid_parameter", "'\(name)' phải là số nguyên trong khoảng \(range.lowerBound)…\(range.upperBound)",
                "'\(name)' must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }
}
