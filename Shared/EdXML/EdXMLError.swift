/// Why a packet was refused, or could not be built or signed.
///
/// Every case has a stable machine `code` and a reason in Vietnamese (for the status-02 description sent back to the
/// sender and for the clerk) and in English (for logs). Field paths are relative to `MessageHeader` unless they say otherwise.
public enum EdXMLError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooLarge(limit: Int)
    case tooDeep(limit: Int)
    case tooManyElements(limit: Int)
    case doctypeForbidden
    case malformed(line: Int, detail: String)
    case notEdXML(root: String)
    case wrongNamespace(element: String, namespace: String)
    case missingField(String)
    case duplicateElement(String)
    case fieldTooLong(field: String, max: Int)
    case badDate(field: String, value: String)
    case badValue(field: String, value: String)
    case badOrganizationCode(String)
    case duplicateRecipient(String)
    case unknownStatusCode(String)
    case badBase64(contentId: String)
    case badZip(contentId: String, reason: String)
    case attachmentTooLarge(contentId: String, limit: Int64)
    case duplicateContentId(String)
    case attachmentWithoutManifest(String)
    case wrongPacketKind(expected: String)
    case unreadable(path: String, reason: String)
    case signingFailed(String)

    /// A stable identifier for logs, metrics and tests.
    public var code: String {
        switch self {
        case .empty: "empty"
        case .tooLarge: "too_large"
        case .tooDeep: "too_deep"
        case .tooManyElements: "too_many_elements"
        case .doctypeForbidden: "doctype_forbidden"
        case .malformed: "malformed"
        case .notEdXML: "not_edxml"
        case .wrongNamespace: "wrong_namespace"
        case .missingField: "missing_field"
        case .duplicateElement: "duplicate_element"
        case .fieldTooLong: "field_too_long"
        case .badDate: "bad_date"
        case .badValue: "bad_value"
        case .badOrganizationCode: "bad_organization_code"
        case .duplicateRecipient: "duplicate_recipient"
        case .unknownStatusCode: "unknown_status_code"
        case .badBase64: "bad_base64"
        case .badZip: "bad_zip"
        case .attachmentTooLarge: "attachment_too_large"
        case .duplicateContentId: "duplicate_content_id"
        case .attachmentWithoutManifest: "attachment_without_manifest"
        case .wrongPacketKind: "wrong_packet_kind"
        case .unreadable: "unreadable"
        case .signingFailed: "signing_failed"
        }
    }

    /// The reason in Vietnamese.
    public var vietnamese: String {
        switch self {
        case .empty: "Gói tin rỗng"
        case .tooLarge(let limit): "Gói tin vượt quá dung lượng cho phép (\(limit) byte)"
        case .tooDeep(let limit): "Cấu trúc XML lồng nhau quá \(limit) cấp"
        case .tooManyElements(let limit): "Gói tin có quá \(limit) phần tử XML"
        case .doctypeForbidden: "Gói tin chứa khai báo DOCTYPE, không được phép"
        case .malformed(let line, let detail): "XML không hợp lệ tại dòng \(line): \(detail)"
        case .notEdXML(let root): "Không phải gói tin edXML (phần tử gốc là \(root))"
        case .wrongNamespace(let element, let namespace):
            "Phần tử \(element) có không gian tên sai (\(namespace.isEmpty ? "không có" : namespace))"
        case .missingField(let field): "Thiếu trường bắt buộc \(field)"
        case .duplicateElement(let field): "Trường \(field) xuất hiện nhiều lần"
        case .fieldTooLong(let field, let max): "Trường \(field) dài quá \(max) ký tự"
        case .badDate(let field, let value): "Trường \(field) không phải ngày hợp lệ: \"\(value)\""
        case .badValue(let field, let value): "Trường \(field) có giá trị không hợp lệ: \"\(value)\""
        case .badOrganizationCode(let value): "Mã định danh cơ quan không hợp lệ: \"\(value)\""
        case .duplicateRecipient(let value): "Cơ quan nhận \(value) bị lặp"
        case .unknownStatusCode(let value): "Mã trạng thái không xác định: \"\(value)\""
        case .badBase64(let id): "Nội dung tệp đính kèm \(id) không phải base64 hợp lệ"
        case .badZip(let id, let reason): "Tệp nén của đính kèm \(id) bị lỗi: \(reason)"
        case .attachmentTooLarge(let id, let limit): "Tệp đính kèm \(id) vượt quá \(limit) byte sau khi giải nén"
        case .duplicateContentId(let id): "Mã nội dung đính kèm \(id) bị lặp"
        case .attachmentWithoutManifest(let id): "Tệp đính kèm \(id) không có trong danh mục (manifest)"
        case .wrongPacketKind(let expected): "Gói tin không phải loại \(expected == "status" ? "trạng thái" : "văn bản")"
        case .unreadable(let path, let reason): "Không đọc được tệp \(path): \(reason)"
        case .signingFailed(let reason): "Không ký được gói tin: \(reason)"
        }
    }

    /// The reason in English.
    public var english: String {
        switch self {
        case .empty: "the packet is empty"
        case .tooLarge(let limit): "the packet exceeds \(limit) bytes"
        case .tooDeep(let limit): "elements are nested deeper than \(limit) levels"
        case .tooManyElements(let limit): "the packet has more than \(limit) elements"
        case .doctypeForbidden: "the packet has a DOCTYPE declaration, which is forbidden"
        case .malformed(let line, let detail): "malformed XML at line \(line): \(detail)"
        case .notEdXML(let root): "not an edXML packet (root element \(root))"
        case .wrongNamespace(let element, let namespace):
            "element \(element) is in the wrong namespace (\(namespace.isEmpty ? "none" : namespace))"
        case .missingField(let field): "required field \(field) is missing"
        case .duplicateElement(let field): "field \(field) occurs more than once"
        case .fieldTooLong(let field, let max): "field \(field) is longer than \(max) characters"
        case .badDate(let field, let value): "field \(field) is not a valid date: \"\(value)\""
        case .badValue(let field, let value): "field \(field) has an invalid value: \"\(value)\""
        case .badOrganizationCode(let value): "invalid organisation code \"\(value)\""
        case .duplicateRecipient(let value): "recipient \(value) is listed twice"
        case .unknownStatusCode(let value): "unknown status code \"\(value)\""
        case .badBase64(let id): "attachment \(id) is not valid base64"
        case .badZip(let id, let reason): "the ZIP wrapping attachment \(id) is broken: \(reason)"
        case .attachmentTooLarge(let id, let limit): "attachment \(id) exceeds \(limit) bytes once decoded"
        case .duplicateContentId(let id): "attachment content id \(id) is used twice"
        case .attachmentWithoutManifest(let id): "attachment \(id) is not listed in the manifest"
        case .wrongPacketKind(let expected): "the packet is not a \(expected) packet"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .signingFailed(let reason): "cannot sign the packet: \(reason)"
        }
    }

    public var description: String { "\(code): \(english)" }
}
