/// Who signs: the leader in person, or the agency's seal (chữ ký số của cơ quan).
public enum SignatureKind: String, Codable, Sendable, Hashable {
    case leader
    case agency
}
