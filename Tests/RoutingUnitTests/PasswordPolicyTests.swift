import Foundation
import Testing

@testable import RoutingService

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test("At least the minimum length in characters after NFC, at most 1024 bytes")
    func length() {
        let policy = PasswordPolicy()
        #expect(refusal { try policy.check("ngắn") } == "bad_request")
        #expect(refusal { try policy.check("mật-khẩu-đủ-dài") } == nil)
        #expect(refusal { try policy.check(String(repeating: "x", count: 2000)) } == "bad_request")
        // Nine letters typed with combining marks are still nine characters, not more.
        let decomposed = "ắ".decomposedStringWithCanonicalMapping
        #expect(decomposed.unicodeScalars.count == 3)
        #expect(refusal { try policy.check(String(repeating: decomposed, count: 9)) } == "bad_request")
        #expect(refusal { try PasswordPolicy(minimumLength: 8).check("Sơn-La-26") } == nil)
    }

    @Test("Common passwords are refused whatever their case, diacritics or spaces", arguments: [
        "matkhau123", "Mật khẩu 123", "MATKHAU@123", "123456789a", "Password123", "anhyeuem123", "1234567890", "qwertyuiop",
    ])
    func common(_ password: String) {
        let refused = refusalValue { try PasswordPolicy(minimumLength: 8).check(password) }
        #expect(refused?.code == "bad_request")
        #expect(refused?.english.contains("common") == true)
        #expect(refused?.vietnamese.contains("phổ biến") == true)
    }

    @Test("The short list holds the Vietnamese favourites, folded")
    func list() {
        #expect(PasswordPolicy.isCommon("matkhau") && PasswordPolicy.isCommon("123456a@") && PasswordPolicy.isCommon("Đăng nhập") == false)
        #expect(CommonPasswords.list.count >= 200)
        #expect(CommonPasswords.list.allSatisfy { PasswordPolicy.folded($0) == $0 })
        #expect(PasswordPolicy.folded("Đặng Văn") == "dangvan")
    }

    @Test("A refusal keeps both languages apart and names the length")
    func languages() {
        let refused = refusalValue { try PasswordPolicy(minimumLength: 12).check("ngắn") }
        #expect(refused?.vietnamese == "mật khẩu cần ít nhất 12 ký tự")
        #expect(refused?.english == "the password needs at least 12 characters")
        #expect(refused?.kind == .badRequest)
    }

    @Test("Composed and decomposed diacritics hash and verify the same")
    func normalisation() throws {
        let composed = "Mật khẩu Sơn La".precomposedStringWithCanonicalMapping
        let decomposed = composed.decomposedStringWithCanonicalMapping
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let cheap = PasswordHash.Parameters(n: 1 << 10, r: 8, p: 1)
        let fromDecomposed = try PasswordHash.make(decomposed, parameters: cheap)
        #expect(PasswordHash.verify(composed, against: fromDecomposed))
        #expect(PasswordHash.verify(decomposed, against: try PasswordHash.make(composed, parameters: cheap)))
        #expect(!PasswordHash.verify("Mat khau Son La", against: fromDecomposed))
    }
}
