import Contracts

/// The abbreviation of each hosted agency's name in ký hiệu (`UBND` in `12/QĐ-UBND`), set by the head of the
/// agency: `QLVB_NUMBERING_ABBREVIATIONS` as `code=ABBR` pairs separated by `;`.
struct AgencyAbbreviations: Sendable {
    var abbreviations: [String: String]

    static let defaults = ["000.00.00.H52": "UBND"]

    init(parsing text: String) {
        var out = Self.defaults
        for pair in text.split(separator: ";") {
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let code = pair[..<eq].trimmingCharacters(in: .whitespaces)
            let abbreviation = Notation.clean(String(pair[pair.index(after: eq)...]))
            if !code.isEmpty, !abbreviation.isEmpty { out[code] = abbreviation }
        }
        abbreviations = out
    }

    func abbreviation(of agency: String) throws(Refusal) -> String {
        guard let a = abbreviations[agency] else {
            throw Refusal.unprocessable(
                "agency_abbreviation_missing", "Chưa cấu hình chữ viết tắt tên cơ quan \(agency) (QLVB_NUMBERING_ABBREVIATIONS)",
                "the agency \(agency) has no abbreviation configured (QLVB_NUMBERING_ABBREVIATIONS)")
        }
        return a
    }
}
