import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Reads the register's query parameters, answering 400 with a message a clerk can act on.
enum RegisterQueryParser {
    static func filter(agency: String, request: Request, forPrint: Bool = false) throws -> RegisterFilter {
        let q = request.uri.queryParameters
        var f = RegisterFilter(agency: agency)
        f.fromDay = try day(q["from"].map(String.init), name: "from")
        f.toDay = try day(q["to"].map(String.init), name: "to")
        if let from = f.fromDay, let to = f.toDay, from > to {
            throw Refusal.badRequest(
                "invalid_parameter", "Ngày bắt đầu (\(from)) sau ngày kết thúc (\(to))", "'from' (\(from)) is after 'to' (\(to))")
        }
        f.number = try int(q["number"].map(String.init), name: "number", range: 1...Int(Int32.max))
        f.year = try int(q["year"].map(String.init), name: "year", range: 1900...9999)
        f.sender = nonEmpty(q["sender"].map(String.init))
        f.text = nonEmpty(q["q"].map(String.init))
        if forPrint {
            f.limit = RegisterFilter.printLimit
            f.newestFirst = false
        } else {
            switch q["order"].map(String.init) ?? "newest" {
            case "newest": f.newestFirst = true
            case "oldest": f.newestFirst = false
            default:
                throw Refusal.badRequest("invalid_parameter", "'order' là newest hoặc oldest", "'order' is newest or oldest")
            }
            if let text = nonEmpty(q["cursor"].map(String.init)) {
                guard let cursor = RegisterCursor(text) else {
                    throw Refusal.badRequest(
                        "invalid_parameter", "'cursor' là giá trị 'next' của trang trước (năm-số đến)",
                        "'cursor' is the previous page's 'next' (year-number)")
                }
                f.cursor = cursor
            }
            switch q["count"].map(String.init) ?? "0" {
            case "1", "true": f.countTotal = true
            case "0", "false", "": f.countTotal = false
            default: throw Refusal.badRequest("invalid_parameter", "'count' là 1 hoặc 0", "'count' is 1 or 0")
            }
            f.limit = try int(q["limit"].map(String.init), name: "limit", range: 1...RegisterFilter.maxLimit) ?? 50
            f.offset = try int(q["offset"].map(String.init), name: "offset", range: 0...Int(Int32.max)) ?? 0
        }
        return f
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let t = s?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
        return t
    }

    private static func day(_ s: String?, name: String) throws -> String? {
        guard let s = nonEmpty(s) else { return nil }
        guard VietnamTime.parseDay(s) != nil else {
            throw Refusal.badRequest("invalid_parameter", "'\(name)' phải là ngày dạng YYYY-MM-DD", "'\(name)' must be a date YYYY-MM-DD")
        }
        return s
    }

    private static func int(_ s: String?, name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let s = nonEmpty(s) else { return nil }
        guard let v = Int(s), range.contains(v) else {
            throw Refusal.badRequest(
                "invalid_parameter", "'\(name)' phải là số nguyên trong khoảng \(range.lowerBound)…\(range.upperBound)",
                "'\(name)' must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }
}
