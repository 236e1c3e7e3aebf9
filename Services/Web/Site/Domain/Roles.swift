import Auth

/// Roles as the pages name them, and what each one sees in the menu.
enum RoleNames {
    static func label(_ role: String) -> String {
        switch role {
        case Role.clerk.rawValue: "Văn thư"
        case Role.head.rawValue: "Thủ trưởng"
        case Role.deputy.rawValue: "Phó thủ trưởng"
        case Role.departmentHead.rawValue: "Trưởng phòng"
        case Role.specialist.rawValue: "Chuyên viên"
        case Role.archivist.rawValue: "Lưu trữ"
        case Role.admin.rawValue: "Quản trị"
        case "operator": "Vận hành hệ thống"
        default: role
        }
    }

    static func labels(_ roles: some Sequence<Role>) -> String {
        Role.allCases.filter { roles.contains($0) }.map { label($0.rawValue) }.joined(separator: ", ")
    }
}

extension Identity {
    var isLeader: Bool { !roles.isDisjoint(with: [.head, .deputy, .departmentHead]) }
    var seesIncoming: Bool { !roles.isDisjoint(with: [.clerk, .head, .deputy]) }
    var isAdmin: Bool { roles.contains(.admin) }
}
