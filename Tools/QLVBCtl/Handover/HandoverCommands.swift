import ArgumentParser
import Auth
import Foundation

/// `qlvbctl handover …`: the yearly handover package (gói giao nộp) in BagIt, and its check.
struct Handover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export an agency's year as a BagIt package (RFC 8493), and verify a package.",
        subcommands: [Export.self, Verify.self, PackBlobs.self])
}

extension Handover {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the documents, metadata, registers, dossiers and audit trail of an agency's year as a BagIt package.",
            discussion: """
                Reads numbering (registers, documents), routing (agency, audit log) and archive (dossiers) over their
                APIs: --url NAME=URL (repeatable) or QLVB_ADMIN_URLS, else the local ports of scripts/run. Tokens:
                --key (the token private key; a token per agency is made, account --account) or --token (one agency).
                With --blob-root (or QLVB_BLOB_ROOT) documents are copied from the blob store, checked against the
                SHA-256 the service gave. Killed, it resumes when run again with the same arguments.
                """)
        @Option(help: "Agency code (repeatable).") var agency: [String] = []
        @Flag(help: "Every agency hosted by routing, one after another.") var allAgencies = false
        @Option(help: "Year (Vietnam time).") var year: Int
        @Option(help: "Directory of the package (empty, or an unfinished export to resume).") var out: String
        @Option(help: "A service's URL, NAME=URL (routing, numbering, archive).") var url: [String] = []
        @Option(help: "Token private key (PEM) to make each agency's token.") var key: String?
        @Option(help: "A bearer token (one agency only); else QLVB_HANDOVER_TOKEN.") var token: String?
        @Option(help: "Account named in the tokens made with --key.") var account = "handover.operator"
        @Option(help: "Agency of the operator's token (listing agencies with --all-agencies).") var operatorAgency = "000.00.00.H52"
        @Option(help: "Root of the blob store; else QLVB_BLOB_ROOT.") var blobRoot: String?
        @Option(help: "PEM bundle of the CA roots incoming XML signatures are checked against; else QLVB_INTAKE_TRUST_ANCHORS.")
        var trustAnchors: String?
        @Option(help: "A PEM revocation list (CRL) intake checks signers against (repeatable); else QLVB_INTAKE_CRLS (':'-separated).")
        var crl: [String] = []

        func run() async throws {
            let env = ProcessInfo.processInfo.environment
            let tokens: ServiceAPI.TokenSource
            if let key {
                tokens = .key(try TokenIssuer(privateKeyPEM: String(contentsOfFile: key, encoding: .utf8)), account: account)
            } else if let token = token ?? env["QLVB_HANDOVER_TOKEN"] {
                guard !allAgencies, agency.count == 1 else { throw CLIError("a single --token serves one agency; give --key for several") }
                tokens = .fixed(token)
            } else {
                throw CLIError("a token is needed: --key (token private key) or --token / QLVB_HANDOVER_TOKEN")
            }
            let api = try ServiceAPI(specs: url, tokens: tokens)
            var agencies = agency
            if allAgencies {
                let data = try await api.require("routing", "agencies", agency: operatorAgency, roles: [.operator, .admin])
                let items = (try CanonicalJSON.object(data) as? [String: Any])?["items"] as? [[String: Any]] ?? []
                agencies = items.compactMap { $0["code"] as? String }.sorted()
            }
            guard !agencies.isEmpty else { throw CLIError("give --agency CODE or --all-agencies") }
            let root = URL(fileURLWithPath: out).standardizedFileURL
            let bag = try BagWriter(root: root, year: year, agencies: agencies)
            let blobs = (blobRoot ?? env["QLVB_BLOB_ROOT"]).map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            if bag.isResumed { FileHandle.standardError.write(Data("resuming the export in \(root.path) (\(bag.state.done.count) of \(agencies.count) agencies done)\n".utf8)) }

            try bag.begin("common")
            try bag.add("README.md", data: Data(HandoverReadme.text(year: year, agencies: agencies).utf8))
            // The signatures' validation data this installation checks with: the CA roots and the revocation lists.
            let anchors = trustAnchors ?? env["QLVB_INTAKE_TRUST_ANCHORS"].flatMap { $0.isEmpty ? nil : $0 }
            let crls = crl.isEmpty ? (env["QLVB_INTAKE_CRLS"] ?? "").split(separator: ":").map(String.init) : crl
            if let anchors { try bag.add("signatures/trust-anchors.pem", copying: anchors, expectedSHA256: nil) { _ in } }
            for (index, path) in crls.enumerated() {
                let name = HandoverExporter.safe(URL(fileURLWithPath: path).lastPathComponent)
                try bag.add("signatures/crls/\(String(format: "%02d", index + 1))_\(name)", copying: path, expectedSHA256: nil) { _ in }
            }
            try bag.end("common")
            for (index, code) in agencies.enumerated() where !bag.isDone(code) {
                let progress = ProgressBar("[\(index + 1)/\(agencies.count)] \(code)", total: 0)
                try await HandoverExporter(api: api, bag: bag, blobRoot: blobs, year: year, progress: progress).export(agency: code)
                progress.finish()
            }
            try bag.finish(
                info: [
                    ("Source-Organization", agencies.count == 1 ? agencies[0] : "\(agencies.count) agencies: \(agencies.joined(separator: ", "))"),
                    ("External-Identifier", "qlvb-handover-\(agencies.count == 1 ? agencies[0] : "all")-\(year)"),
                    ("External-Description", "QLVB yearly handover (giao nộp cơ sở dữ liệu) of \(year): documents, metadata, registers, dossiers, audit trail; see data/README.md"),
                    ("Bag-Software-Agent", "qlvbctl handover export"),
                    ("QLVB-Year", String(year)),
                ],
                parts: ["common"] + agencies)
            print("package \(root.path): \(agencies.count) agencies, year \(year)")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a package: every file's SHA-256, nothing missing, nothing extra.")
        @Argument(help: "The package's directory.") var dir: String

        func run() async throws {
            let problems = try BagVerifier.verify(URL(fileURLWithPath: dir).standardizedFileURL)
            if problems.isEmpty { return print("package \(dir): OK") }
            for p in problems { print(p) }
            throw ExitCode(1)
        }
    }
}

/// data/README.md: what is where in the package, in Vietnamese and English.
enum HandoverReadme {
    static func text(year: Int, agencies: [String]) -> String {
        """
        # Gói giao nộp cơ sở dữ liệu QLVB — năm \(year) / QLVB yearly handover — \(year)

        Agencies (cơ quan): \(agencies.joined(separator: ", "))

        BagIt 1.0 (RFC 8493): `manifest-sha256.txt` lists every file under `data/` with its SHA-256;
        `tagmanifest-sha256.txt` covers the tag files; `bag-info.txt` says what the package is. Check it with
        `qlvbctl handover verify DIR` or any BagIt validator (e.g. `bagit.py --validate DIR`).

        All formats are open: PDF, XML (edXML), JSON (UTF-8, keys sorted), CSV (UTF-8, RFC 4180).

        ```
        data/README.md                                   this description
        data/<agency>/agency.json                        the agency (code, names) as routing hosts it
        data/<agency>/registers/incoming.csv             Sổ đăng ký văn bản đến of the year (numbering's print)
        data/<agency>/registers/outgoing.csv             Sổ đăng ký văn bản đi of the year
        data/<agency>/incoming/<số đến>_<id>/metadata.json       the register entry (sender, số/ký hiệu, dates, subject,
                                                                  recipient, hand-over, attachments with SHA-256)
        data/<agency>/incoming/<số đến>_<id>/packet.edxml        the edXML packet as received from the axis (sender's XML signature)
        data/<agency>/incoming/<số đến>_<id>/document.pdf        a paper document: its scan with the text layer and ĐẾN stamp
        data/<agency>/incoming/<số đến>_<id>/attachments/NN_name the documents of the packet (PDF …)
        data/<agency>/outgoing/<sổ>_<số>_<id>/metadata.json      the number (số, ký hiệu, issued, state) and the document record
        data/<agency>/outgoing/<sổ>_<số>_<id>/document.pdf       the issued PDF with its digital signatures
        data/<agency>/audit/entries.jsonl                one audit entry a line, oldest first, with the hash chain
                                                          (hash = SHA-256(previousHash ‖ canonical entry)); the chain
                                                          is the installation's, so previousHash may be the hash of
                                                          another agency's entry
        data/<agency>/audit/verification.json            routing's check of the whole chain at export time
        data/<agency>/dossiers/dossiers.json             the year's dossiers (hồ sơ) from archive, or NOT-INCLUDED.txt
        data/<agency>/dossiers/file-list.json            the year's file list (danh mục hồ sơ)
        data/<agency>/dossiers/<id>.json                 one dossier: its documents, signatures' verdicts, history
        data/<agency>/signatures/README.txt              where the signatures' validation data is
        data/signatures/trust-anchors.pem                the CA roots signatures are checked against (when given)
        data/signatures/crls/NN_name                     the revocation lists (CRLs) they are checked against (when given)
        ```

        Metadata files hold each record as the owning service's API returns it (docs/openapi/numbering.yaml,
        routing-people.yaml in the QLVB sources): field names in English, values as registered.

        """
    }
}
