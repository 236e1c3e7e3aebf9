/// A role in the agency's document workflow; tokens carry roles and routes require them.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Văn thư: registers incoming documents, numbers and dispatches outgoing ones.
    case clerk
    /// Thủ trưởng: head of the agency, assigns and signs.
    case head
    /// Phó thủ trưởng: deputy head, signs on delegation.
    case deputy
    /// Trưởng phòng: head of a department, distributes work inside it.
    case departmentHead
    /// Chuyên viên: specialist who handles and drafts.
    case specialist
    /// Lưu trữ cơ quan: the agency archive's keeper; accepts or returns transferred dossiers, proposes disposal lists.
    case archivist
    /// Quản trị cơ quan: the agency's administrator (its accounts and departments, its dead letters); one agency only.
    case admin
    /// Người vận hành hệ thống: the operator of the installation (hosts agencies, sees every service's dead letters).
    /// Created at installation from configuration; no API call grants or takes it away.
    case `operator`
}
