import EdXML

/// Why intake refused a packet: a stable code for logs and tests, and the reason in Vietnamese (sent back to the
/// sender in the 02 status packet, shown to the clerk) and in English.
struct IntakeRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    var code: String
    var vietnamese: String
    var english: String

    init(code: String, vietnamese: String, english: String) {
        self.code = code
        self.vietnamese = vietnamese
        self.english = english
    }

    init(_ error: EdXMLError) {
        self.init(code: error.code, vietnamese: error.vietnamese, english: error.english)
    }

    /// The Description of the 02 status packet: both languages, within the 2000 characters allowed.
    var statusDescription: String {
        String("Từ chối tiếp nhận văn bản điện tử: \(vietnamese). Refused: \(english).".prefix(2000))
    }

    var description: String { "\(code): \(english)" }

    static let notAddressedHere = IntakeRefusal(
        code: "not_addressed_here",
        vietnamese: "Văn bản không gửi đến cơ quan nào sử dụng hệ thống này (trả lại nơi gửi theo khoản 2 Điều 21 Nghị định 30/2020/NĐ-CP)",
        english: "the packet is not addressed to any agency hosted here (returned to the sender, Decree 30/2020 art. 21(2))")

    static func signatureMissing() -> IntakeRefusal {
        IntakeRefusal(
            code: "signature_missing", vietnamese: "Gói tin không có chữ ký số XML, bắt buộc theo cấu hình tiếp nhận",
            english: "the packet has no XML signature, which this installation requires")
    }

    static func signatureInvalid(_ reason: String) -> IntakeRefusal {
        IntakeRefusal(
            code: "signature_invalid", vietnamese: "Chữ ký số của gói tin không hợp lệ (gói tin có thể đã bị thay đổi sau khi ký): \(reason)",
            english: "the packet's XML signature is invalid: \(reason)")
    }

    static func signatureUntrusted(subject: String, _ reason: String) -> IntakeRefusal {
        IntakeRefusal(
            code: "signature_untrusted",
            vietnamese: "Chữ ký số của gói tin (\(subject)) không được chấp nhận: chứng thư số không do tổ chức cung cấp dịch vụ tin cậy cấp, đã hết hạn, bị thu hồi, hoặc dùng thuật toán SHA-1 (\(reason))",
            english: "the packet's XML signature (\(subject)) does not count: \(reason)")
    }

    static func secret(_ mark: String, field: String) -> IntakeRefusal {
        IntakeRefusal(
            code: "secret_document",
            vietnamese: "Văn bản có độ mật \"\(mark)\" (trường \(field)): văn bản mật không được gửi, nhận qua hệ thống (Điều 1 khoản 2 Quy chế tỉnh Sơn La)",
            english: "the document is marked \"\(mark)\" (field \(field)); classified documents are not exchanged electronically")
    }

    static func internalError() -> IntakeRefusal {
        IntakeRefusal(code: "internal_error", vietnamese: "Lỗi hệ thống khi tiếp nhận gói tin, đề nghị gửi lại sau",
                      english: "internal error while receiving the packet; please resend later")
    }
}
