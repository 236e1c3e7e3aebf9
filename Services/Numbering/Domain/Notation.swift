import Contracts

/// Ký hiệu of an outgoing document (Decree 30/2020 Phụ lục I II.3): `QĐ-UBND` for a named type, `UBND-KT` for a
/// công văn (the agency, then the drafting unit or field), `2026/QĐ-UBND` for a normative document. Capitals, `-`
/// between groups, no spaces.
enum Notation {
    static func make(type: String, agency: String, unit: String?, normative: Bool, year: Int) throws(Refusal) -> String {
        if DocumentTypes.isCongVan(type) {
            guard !normative else {
                throw Refusal.unprocessable(
                    "not_normative", "Công văn không phải văn bản quy phạm pháp luật", "a công văn is not a legal-normative document")
            }
            guard let unit = unit.map(clean), !unit.isEmpty else {
                throw Refusal.unprocessable(
                    "unit_required", "Công văn cần chữ viết tắt của đơn vị soạn thảo (ví dụ KT) để ghi ký hiệu",
                    "a công văn needs the drafting unit's abbreviation (e.g. KT) for its notation")
            }
            return "\(agency)-\(unit)"
        }
        guard let abbreviation = DocumentTypes.abbreviation(of: type) else {
            throw Refusal.unprocessable(
                "unknown_document_type", "Tên loại văn bản \"\(type)\" không có trong Phụ lục III Nghị định 30/2020",
                "the document type \"\(type)\" is not one of Decree 30/2020 Phụ lục III")
        }
        return normative ? "\(year)/\(abbreviation)-\(agency)" : "\(abbreviation)-\(agency)"
    }

    /// A unit abbreviation as written in a ký hiệu: upper case, no spaces; letters (Vietnamese ones too) and digits only.
    static func clean(_ unit: String) -> String {
        String(unit.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    /// As the clerk must send it: capitals and digits, 1–10 of them (`KT`, `VX`, `TCKH`).
    static func isValidUnit(_ unit: String) -> Bool {
        !unit.isEmpty && unit.count <= 10 && clean(unit) == unit
    }
}
