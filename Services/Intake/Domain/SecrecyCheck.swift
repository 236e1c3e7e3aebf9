import Contracts
import EdXML
import Foundation

/// Finds a secrecy mark (độ mật: Mật, Tối mật, Tuyệt mật; domain.md §3.5). Classified documents never travel on the
/// axis (QĐ 28/2018, Sơn La regulation art. 1.2), so a marked packet is refused.
/// The fields read: SphereOfPromulgation, each appendix line, the type name, and the subject (see `SecrecyMark`).
enum SecrecyCheck {
    static func check(_ header: EdXMLMessageHeader) throws(IntakeRefusal) {
        var fields: [(String, String?)] = [
            ("OtherInfo/SphereOfPromulgation", header.otherInfo?.sphereOfPromulgation),
            ("DocumentType/TypeName", header.documentType?.typeName),
        ]
        fields += (header.otherInfo?.appendixes ?? []).map { ("OtherInfo/Appendixes/Appendix", $0) }
        for (field, value) in fields {
            if let value, let mark = SecrecyMark.inField(value) { throw .secret(mark, field: field) }
        }
        if let mark = SecrecyMark.leading(header.subject) { throw .secret(mark, field: "Subject") }
    }
}
