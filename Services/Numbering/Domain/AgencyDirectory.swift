import Foundation
import ServiceKit

/// Names of the agencies this installation keeps registers for, printed on the register's title.
///
/// Read from `QLVB_NUMBERING_AGENCIES` as `code=name` pairs separated by `;`, e.g.
/// `000.00.00.H52=Ủy ban nhân dân tỉnh Sơn La;000.00.01.H52=Sở Tài chính tỉnh Sơn La`.
/// An agency that is not listed is printed with its code.
struct AgencyDirectory: Sendable {
    var names: [String: String]

    static let defaults = ["000.00.00.H52": "Ủy ban nhân dân tỉnh Sơn La"]

    init(names: [String: String] = AgencyDirectory.defaults) { self.names = names }

    /// The directory as `QLVB_NUMBERING_AGENCIES` in `environment` gives it (read by ``NumberingSettings``).
    init(environment: [String: String]) {
        self.init(parsing: environment[EnvironmentReader.name(service: "numbering", "AGENCIES")] ?? "")
    }

    /// Parses `code=name;…`; malformed pairs are skipped, the defaults stay unless overridden.
    init(parsing text: String) {
        var names = Self.defaults
        for pair in text.split(separator: ";") {
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let code = pair[..<eq].trimmingCharacters(in: .whitespaces)
            let name = pair[pair.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if !code.isEmpty, !name.isEmpty { names[code] = name }
        }
        self.init(names: names)
    }

    func name(of code: String) -> String { names[code] ?? code }
}
