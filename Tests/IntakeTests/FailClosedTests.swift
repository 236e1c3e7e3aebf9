import Foundation
import ServiceKit
import Testing

@testable import IntakeService

/// Intake fails closed: without axis credentials it does not start, its poller talks https only, and a secret is
/// compared whole — unless a developer sets QLVB_DEVELOPMENT=1 on purpose.
struct FailClosedTests {
    static let base = ["QLVB_INTAKE_AGENCIES": "000.00.00.H52=UBND tỉnh Sơn La=ubnd"]
    static let credentials = ["QLVB_INTAKE_AXIS_CREDENTIALS": "axis:0123456789abcdef0123"]

    func problems(_ environment: [String: String]) -> [String] {
        do {
            _ = try IntakeSettings.load(environment)
            return []
        } catch {
            return error.problems.map(\.message)
        }
    }

    @Test func withoutCredentialsIntakeDoesNotStart() {
        let found = problems(Self.base)
        #expect(found.count == 1)
        #expect(found.first?.contains("QLVB_INTAKE_AXIS_CREDENTIALS is not set") == true, "\(found)")
        #expect(problems(Self.base.merging(Self.credentials) { a, _ in a }).isEmpty)
    }

    @Test func theDevelopmentSwitchMustBeExplicit() {
        #expect(problems(Self.base.merging(["QLVB_DEVELOPMENT": "1"]) { a, _ in a }).isEmpty)
        #expect(!problems(Self.base.merging(["QLVB_DEVELOPMENT": "true"]) { a, _ in a }).isEmpty, "only the exact switch opens it")
        #expect(!problems(Self.base.merging(["QLVB_DEVELOPMENT": "0"]) { a, _ in a }).isEmpty)
    }

    @Test func thePollerTalksHTTPSOnly() {
        let env = Self.base.merging(Self.credentials) { a, _ in a }
            .merging(["QLVB_INTAKE_POLL_CREDENTIALS": "qlvb-sonla:fedcba9876543210fedc"]) { a, _ in a }
        #expect(problems(env.merging(["QLVB_INTAKE_POLL_URL": "https://axis.example.vn/feed"]) { a, _ in a }).isEmpty)
        let plain = problems(env.merging(["QLVB_INTAKE_POLL_URL": "http://axis.example.vn/feed"]) { a, _ in a })
        #expect(plain.count == 1 && plain[0].contains("https"), "\(plain)")
        let dev = env.merging(["QLVB_INTAKE_POLL_URL": "http://127.0.0.1:8090/feed", "QLVB_DEVELOPMENT": "1"]) { a, _ in a }
        #expect(problems(dev).isEmpty)
    }

    @Test func thePollerHasCredentialsOfItsOwn() throws {
        let env = Self.base.merging(Self.credentials) { a, _ in a }
            .merging(["QLVB_INTAKE_POLL_CREDENTIALS": "qlvb-sonla:fedcba9876543210fedc"]) { a, _ in a }
        let settings = try IntakeSettings.load(env)
        #expect(settings.pollSystems.map(\.systemId) == ["qlvb-sonla"])
        #expect(settings.pollSystems.first?.secret == "fedcba9876543210fedc")
        #expect(!problems(Self.base.merging(Self.credentials) { a, _ in a }.merging(["QLVB_INTAKE_POLL_CREDENTIALS": "short:abc"]) { a, _ in a }).isEmpty)
        // One system per hosted agency.
        let two = try IntakeSettings.load(env.merging(["QLVB_INTAKE_POLL_CREDENTIALS": "000.00.00.H52:fedcba9876543210fedc;000.00.12.H52:0123456789abcdef0"]) { _, b in b })
        #expect(two.pollSystems.map(\.systemId) == ["000.00.00.H52", "000.00.12.H52"])
        // Polling without signing keys is refused at start: the axis refuses unsigned calls.
        let unsigned = problems(Self.base.merging(Self.credentials) { a, _ in a }.merging(["QLVB_INTAKE_POLL_URL": "https://axis.example.vn/XrdAdapter/adapter"]) { a, _ in a })
        #expect(unsigned.count == 1 && unsigned[0].contains("QLVB_INTAKE_POLL_CREDENTIALS"), "\(unsigned)")
    }

    @Test func secretsOfDifferentLengthsNeverMatch() {
        let secret = Array("0123456789abcdef".utf8)
        #expect(AxisCredentials.equalInConstantTime(secret, secret))
        // 256 bytes longer, the extra ones zero: a byte-sized length check folded 16 ^ 272 to 0 and let this pass.
        #expect(!AxisCredentials.equalInConstantTime(secret, secret + [UInt8](repeating: 0, count: 256)))
        #expect(!AxisCredentials.equalInConstantTime(secret + [UInt8](repeating: 0, count: 256), secret))
        #expect(!AxisCredentials.equalInConstantTime(secret, Array(secret.dropLast())))
        #expect(!AxisCredentials.equalInConstantTime([], secret))
        let credentials = AxisCredentials(["axis": "0123456789abcdef"])
        #expect(credentials.system(id: "axis", secret: "0123456789abcdef") == "axis")
        #expect(credentials.system(id: "axis", secret: "0123456789abcdef" + String(repeating: "\u{0}", count: 256)) == nil)
    }
}
