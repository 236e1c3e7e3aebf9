// qlvbctl — the operators' command line.
//
//   qlvbctl keys --out DIR                         make an Ed25519 key pair for signing user tokens
//   qlvbctl token --key PRIVATE.pem --account vietnd.ubnd --agency 000.00.00.H52 --role clerk [--ttl 3600]
//   qlvbctl dead-letters list|groups|show|edit|replay|replays|cancel|discard|audit   (see --help)
//   qlvbctl backup create|list|verify, qlvbctl restore      daily backup of every schema and the blob store
//   qlvbctl handover export|verify                          the yearly handover package (BagIt)
import ArgumentParser
import Auth
import Foundation

@main
struct QLVBCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qlvbctl", abstract: "QLVB operators' tool.", subcommands: [Keys.self, Token.self, DeadLetters.self, Backup.self, Restore.self, Handover.self])
}

/// Key pair for user tokens: the private key stays with the issuer (routing), the public key
/// goes to every service as QLVB_AUTH_PUBLIC_KEY.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make an Ed25519 key pair for user tokens.")
    @Option var out: String

    func run() async throws {
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let (privatePEM, publicPEM) = AuthKeys.generate()
        let privateURL = dir.appendingPathComponent("token-private.pem")
        try privatePEM.write(to: privateURL, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: privateURL.path)
        try publicPEM.write(to: dir.appendingPathComponent("token-public.pem"), atomically: true, encoding: .utf8)
        print(dir.path)
    }
}

/// A signed token for scripts and the demo; people get theirs from routing's sign-in.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Issue a user token (scripts, demo, support).")
    @Option var key: String
    @Option var account: String
    @Option var agency: String
    @Option(parsing: .upToNextOption) var role: [String]
    @Option var ttl = 3600
    @Option(parsing: .upToNextOption, help: "Services the token is for (default: those the roles need).")
    var audience: [String] = []

    func run() async throws {
        if let unknown = audience.first(where: { !Audience.services.contains($0) }) {
            throw ValidationError("unknown service '\(unknown)'; one of \(Audience.services.joined(separator: ", "))")
        }
        let roles = try Set(role.map { name -> Role in
            guard let r = Role(rawValue: name) else {
                throw ValidationError("unknown role '\(name)'; one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return r
        })
        let issuer = try TokenIssuer(privateKeyPEM: String(contentsOfFile: key, encoding: .utf8))
        print(try await issuer.issue(
            Identity(account: account, agency: agency, roles: roles, onBehalfOf: nil), audience: audience.isEmpty ? nil : audience,
            ttl: .seconds(ttl)))
    }
}
