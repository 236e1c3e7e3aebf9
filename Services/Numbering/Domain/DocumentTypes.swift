/// Tên loại văn bản hành chính and their abbreviations (Decree 30/2020 art. 7, Phụ lục III), looked up without
/// case or diacritics ("quyet dinh", "Quyết định"). Công văn has no abbreviation: its ký hiệu names the drafting
/// unit instead (`05/UBND-KT`).
enum DocumentTypes {
    static let congVan = "cong van"

    static let abbreviations: [String: String] = {
        let pairs: [(String, String)] = [
            ("Nghị quyết", "NQ"), ("Quyết định", "QĐ"), ("Chỉ thị", "CT"), ("Quy chế", "QC"), ("Quy định", "QyĐ"),
            ("Thông cáo", "TC"), ("Thông báo", "TB"), ("Hướng dẫn", "HD"), ("Chương trình", "CTr"), ("Kế hoạch", "KH"),
            ("Phương án", "PA"), ("Đề án", "ĐA"), ("Dự án", "DA"), ("Báo cáo", "BC"), ("Biên bản", "BB"), ("Tờ trình", "TTr"),
            ("Hợp đồng", "HĐ"), ("Công điện", "CĐ"), ("Bản ghi nhớ", "BGN"), ("Bản thỏa thuận", "BTT"), ("Giấy ủy quyền", "GUQ"),
            ("Giấy mời", "GM"), ("Giấy giới thiệu", "GGT"), ("Giấy nghỉ phép", "GNP"), ("Phiếu gửi", "PG"), ("Phiếu chuyển", "PC"),
            ("Phiếu báo", "PB"),
        ]
        var table: [String: String] = [:]
        for (name, abbreviation) in pairs { table[SearchFolding.fold(name)] = abbreviation }
        return table
    }()

    static func isCongVan(_ type: String) -> Bool { SearchFolding.fold(type) == congVan }

    /// `QĐ` for "Quyết định"; nil for công văn and for a type the decree does not name.
    static func abbreviation(of type: String) -> String? { abbreviations[SearchFolding.fold(type)] }
}
