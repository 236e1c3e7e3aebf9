import Contracts

/// A series of outgoing numbers (sổ văn bản đi): the document types that share one sequence, from 01 on 1 January
/// (Decree 30/2020 art. 15, Phụ lục I). The head of the agency decides which administrative types share one; each
/// legal-normative type (văn bản quy phạm pháp luật) has its own sequence whatever the configuration says, and its
/// ký hiệu carries the year (`30/2026/QĐ-UBND`). Secret documents are never numbered here.
struct OutgoingSeries: Sendable, Equatable, Codable {
    /// The register code in `register_counters`, e.g. `VBDI-QD`, or `QPPL-QD` for normative Quyết định.
    var code: String
    var title: String
    /// Folded type names; empty for the catch-all series (every type no other series names).
    var types: [String]
    var normative: Bool
}

/// The series of the installation: `QLVB_NUMBERING_SERIES` as `CODE=Type,Type;CODE=*`, e.g.
/// `QD=Quyết định;CV=Công văn;VB=*` (the default). Codes are upper-case ASCII letters and digits; `*` is the catch-all.
struct SeriesBook: Sendable {
    var series: [OutgoingSeries]

    static let prefix = "VBDI-"
    static let normativePrefix = "QPPL-"
    static let defaultText = "QD=Quyết định;CV=Công văn;VB=*"

    init(parsing text: String) throws(ConfigProblem) {
        var out: [OutgoingSeries] = []
        var catchAll = false
        for part in text.split(separator: ";") {
            guard let eq = part.firstIndex(of: "=") else { throw ConfigProblem("'\(part)' is not CODE=Type,Type") }
            let code = part[..<eq].trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty, code.count <= 16, code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                throw ConfigProblem("series code '\(code)' must be 1–16 upper-case letters or digits")
            }
            let names = part[part.index(after: eq)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            if names == ["*"] {
                catchAll = true
                out.append(OutgoingSeries(code: Self.prefix + code, title: "Văn bản hành chính", types: [], normative: false))
            } else {
                guard !names.isEmpty else { throw ConfigProblem("series \(code) names no document type") }
                out.append(OutgoingSeries(
                    code: Self.prefix + code, title: names.joined(separator: ", "), types: names.map(SearchFolding.fold), normative: false))
            }
        }
        let named = out.flatMap(\.types)
        guard Set(named).count == named.count else { throw ConfigProblem("a document type is named in two series") }
        guard Set(out.map(\.code)).count == out.count else { throw ConfigProblem("two series have the same code") }
        guard catchAll else { throw ConfigProblem("no series takes the remaining types (CODE=*)") }
        series = out
    }

    /// The series a document of `type` is numbered in.
    func series(for type: String, normative: Bool) -> OutgoingSeries {
        let folded = SearchFolding.fold(type)
        if normative {
            let abbreviation = DocumentTypes.abbreviation(of: type) ?? folded
            let code = Self.normativePrefix + String(SearchFolding.fold(abbreviation).uppercased().filter { $0.isLetter || $0.isNumber })
            return OutgoingSeries(code: code, title: "Văn bản quy phạm pháp luật: \(type)", types: [folded], normative: true)
        }
        return series.first { $0.types.contains(folded) } ?? series.first { $0.types.isEmpty }!
    }

    /// The title of a register code, for the print: configured, normative, or the code itself.
    func title(of code: String) -> String {
        if let s = series.first(where: { $0.code == code }) { return s.title }
        if code.hasPrefix(Self.normativePrefix) { return "Văn bản quy phạm pháp luật (\(code.dropFirst(Self.normativePrefix.count)))" }
        return code
    }
}

/// A setting that cannot be read.
struct ConfigProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
