import Contracts
import Foundation
import ServiceKit

/// `intake check --agency CODE FILE.xml`: validates a packet offline as if delivered to the hosted agency CODE.
///
/// Exit 0 accepted, 1 refused (the reason on stdout), 2 only for a wrong command line. No database, no broker.
enum CheckCommand {
    static let usage = "usage: intake check --agency CODE [--signature required|optional] FILE.xml"

    static func run(_ arguments: [String]) async -> Int32 {
        var agencyCode: String?
        var file: String?
        var settings = IntakeSettings.forOfflineCheck()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--agency" where index + 1 < arguments.count:
                agencyCode = arguments[index + 1]
                index += 1
            case "--signature" where index + 1 < arguments.count:
                guard let policy = SignaturePolicy(rawValue: arguments[index + 1]) else { return fail("unknown signature policy") }
                settings.signature = policy
                index += 1
            default:
                guard file == nil, !argument.hasPrefix("--") else { return fail("unexpected argument \(argument)") }
                file = argument
            }
            index += 1
        }
        guard let agencyCode, let file else { return fail("missing --agency or FILE") }
        guard Organization.isValidCode(agencyCode) else { return fail("\(agencyCode) is not an organisation code") }
        let agency = settings.agency(agencyCode) ?? HostedAgency(code: agencyCode, name: agencyCode, shortName: agencyCode)
        settings.agencies = [agency]
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: url.path) else { return fail("cannot read \(file)") }
        let inspection: Inspection
        do {
            inspection = try await PacketInspector(settings: settings, blobs: nil).inspect(url)
        } catch {
            inspection = .refused(.internalError())
        }
        print(verdict(inspection, agency: agency))
        return inspection.accepted ? 0 : 1
    }

    static func verdict(_ inspection: Inspection, agency: HostedAgency) -> String {
        if let refusal = inspection.refusal {
            return "REFUSED \(refusal.code)\n  vi: \(refusal.vietnamese)\n  en: \(refusal.english)"
        }
        var lines = ["ACCEPTED for \(agency.code)"]
        if let sender = inspection.sender { lines.append("  from: \(sender.organId) \(sender.organName ?? "")") }
        if let id = inspection.edxmlDocumentId { lines.append("  document: \(id)") }
        if let signer = inspection.signer { lines.append("  signed by: \(signer)") }
        lines += inspection.warnings.map { "  warning: \($0)" }
        return lines.joined(separator: "\n")
    }

    static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("intake check: \(message)\n\(usage)\n".utf8))
        return 2
    }
}
