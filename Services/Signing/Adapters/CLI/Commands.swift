import ArgumentParser
import Foundation
import PDFSign

/// `signing prepare|fill|sign|verify` (and the hidden `sample-pdf`, test input).
struct SigningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing", abstract: "PAdES signing for QLVB (without a subcommand: run the service).",
        subcommands: [Prepare.self, Fill.self, Sign.self, Verify.self, SamplePDF.self])
    static let names: Set<String> = ["prepare", "fill", "sign", "verify", "sample-pdf", "help", "--help", "-h"]
}

struct Prepare: SigningAction {
    static let configuration = CommandConfiguration(
        abstract: "Add the số/ký hiệu and date text fields and empty LeaderSig/AgencySig signature fields (if missing).")
    @Option(name: .customLong("in"), help: "Input PDF") var input: String
    @Option(name: .customLong("out"), help: "Output PDF") var output: String

    func execute() async throws {
        let doc = try PDFDocument(path: input)
        if let updated = try DocumentLayout.prepare(doc) {
            try updated.write(to: output)
            print("prepared: fields \(DocumentLayout.numberField), \(DocumentLayout.dateField), \(DocumentLayout.leaderField), \(DocumentLayout.agencyField)")
        } else {
            try FileManager.default.copyItem(atPath: input, toPath: output)
            print("already prepared: copied unchanged")
        }
    }
}

struct Fill: SigningAction {
    static let configuration = CommandConfiguration(abstract: "Fill text fields as an incremental update (form filling only).")
    @Option(name: .customLong("in")) var input: String
    @Option(name: .customLong("out")) var output: String
    @Option(name: .customLong("set"), parsing: .upToNextOption, help: "FIELD=TEXT (repeatable)") var values: [String]
    @Option(name: .customLong("font-size")) var fontSize: Double = 13

    func execute() async throws {
        let pairs = try values.map { v -> (name: String, value: String) in
            guard let eq = v.firstIndex(of: "=") else { throw ValidationError("--set expects FIELD=TEXT, got '\(v)'") }
            return (String(v[..<eq]), String(v[v.index(after: eq)...]))
        }
        guard !pairs.isEmpty else { throw ValidationError("nothing to fill: give --set FIELD=TEXT") }
        try FormPreparer.fill(try PDFDocument(path: input), values: pairs, fontSize: fontSize).write(to: output)
    }
}

struct Sign: SigningAction {
    static let configuration = CommandConfiguration(
        abstract: "Sign a PDF (PAdES B-B, or B-T with --tsa) with a PKCS#12 key or a key on a PKCS#11 token.")
    @Option(help: "PKCS#12 file (.p12/.pfx)") var pkcs12: String?
    @Option(help: "Token key file (module, key URI, certificate; see docs/signing.md); the password is the PIN") var pkcs11: String?
    @Option(name: .customLong("password-env"), help: "Name of the environment variable holding the password or PIN") var passwordEnv: String
    @Option(name: .customLong("in")) var input: String
    @Option(name: .customLong("out")) var output: String
    @Option(help: "Signature field: an existing empty one, or a new one") var field: String = "Signature1"
    @Option var reason: String?
    @Option(help: "New visible field: PAGE,X,Y,W,H (page from 1, points)") var visible: String?
    @Option(help: "Signature image (PNG) drawn in the field") var image: String?
    @Flag(help: "Agency seal appearance (image fills the field, no text)") var seal = false
    @Option(help: "RFC 3161 timestamp authority URL (B-T)") var tsa: String?

    func execute() async throws {
        guard let password = ProcessInfo.processInfo.environment[passwordEnv] else {
            throw ValidationError("environment variable \(passwordEnv) is not set")
        }
        let key: any SignatureKey
        switch (pkcs12, pkcs11) {
        case (let file?, nil): key = try PKCS12SignatureKey(path: file, password: password)
        case (nil, let token?): key = try TokenKeyFile.read(URL(fileURLWithPath: token)).open(pin: password)
        default: throw ValidationError("give exactly one of --pkcs12 FILE and --pkcs11 FILE")
        }
        var placement: FieldPlacement?
        if let visible {
            let n = visible.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard n.count == 5, n[0] >= 1 else { throw ValidationError("--visible expects PAGE,X,Y,W,H with PAGE from 1") }
            placement = FieldPlacement(page: Int(n[0]) - 1, rect: PDFRect(x: n[1], y: n[2], width: n[3], height: n[4]))
        }
        let png = try image.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let options = SignatureOptions(
            fieldName: field, placement: placement, appearance: png.map { seal ? .agencySeal(image: $0) : .leader(image: $0) },
            reason: reason, timestampAuthority: try tsa.map { t -> HTTPTimestampAuthority in
                guard let url = URL(string: t) else { throw ValidationError("--tsa is not a URL") }
                return HTTPTimestampAuthority(url: url)
            })
        try await PDFSigner.signFile(input: input, output: output, key: key, options: options)
        print("signed \(field) by \(key.certificate.commonName) → \(output)")
    }
}

struct Verify: SigningAction {
    static let configuration = CommandConfiguration(
        abstract: "Verify every signature; exit 1 if any is invalid (or there is none).")
    @Option(help: "Trusted root certificates (PEM, repeatable)") var trust: [String] = []
    @Argument var file: String

    func execute() async throws {
        var roots: [Certificate] = []
        for path in trust { roots += try Certificate.fromPEM(String(contentsOfFile: path, encoding: .utf8)) }
        if roots.isEmpty { print("note: no --trust root given; no certificate can be trusted") }
        let reports = try PDFVerifier.verifyFile(file, trustedRoots: roots)
        for r in reports {
            print("\(r) signer=\"\(r.signer?.commonName ?? "?")\" time=\(r.claimedTime ?? "?")\(r.timestamp != nil ? " timestamped" : "")")
        }
        if reports.isEmpty { print("no signatures") }
        print(reports.isEmpty || !reports.allSatisfy(\.isValid) ? "RESULT: INVALID" : "RESULT: VALID (\(reports.count) signature(s))")
        if reports.isEmpty || !reports.allSatisfy(\.isValid) { throw ExitCode(1) }
    }
}

/// A subcommand's work. (`run()` would be ambiguous between ArgumentParser's sync and async
/// requirements when called from top-level code, and the sync default only prints help.)
protocol SigningAction: ParsableCommand {
    func execute() async throws
}
