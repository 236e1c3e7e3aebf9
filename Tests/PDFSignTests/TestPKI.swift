import Foundation
import PDFSign

/// A throwaway PKI made with the openssl CLI: root → intermediate → leader, agency; root → TSA. Nothing is committed.
final class TestPKI: Sendable {
    let dir: String
    let password = "p12-test-secret"
    var rootPEM: String { dir + "/root.pem" }
    var leaderP12: String { dir + "/leader.p12" }
    var agencyP12: String { dir + "/agency.p12" }

    static let shared: TestPKI = {
        do { return try TestPKI() } catch { fatalError("test PKI setup failed: \(error)") }
    }()

    private init() throws {
        dir = Tools.tempDir("pki")
        func ossl(_ args: [String]) throws {
            let o = try Tools.run("openssl", args, cwd: dir)
            guard o.status == 0 else { throw PKIError(message: "openssl \(args.joined(separator: " ")): \(o.all)") }
        }
        let ca = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
        let ee = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
        let tsa = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
        try ca.write(toFile: dir + "/ca.ext", atomically: true, encoding: .utf8)
        try ee.write(toFile: dir + "/ee.ext", atomically: true, encoding: .utf8)
        try tsa.write(toFile: dir + "/tsa.ext", atomically: true, encoding: .utf8)
        try ossl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem", "-days", "3650", "-utf8",
            "-subj", "/C=VN/O=QLVB Test/CN=QLVB Test Root CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        func issue(_ name: String, subject: String, issuer: String, ext: String) throws {
            try ossl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-utf8", "-subj", subject])
            try ossl([
                "x509", "-req", "-in", "\(name).csr", "-CA", "\(issuer).pem", "-CAkey", "\(issuer).key", "-CAcreateserial", "-days", "3000",
                "-extfile", ext, "-out", "\(name).pem",
            ])
        }
        try issue("inter", subject: "/C=VN/O=QLVB Test/CN=QLVB Test Issuing CA", issuer: "root", ext: "ca.ext")
        try issue("leader", subject: "/C=VN/O=UBND tỉnh Sơn La/CN=Nguyễn Văn Ánh", issuer: "inter", ext: "ee.ext")
        try issue("agency", subject: "/C=VN/L=Sơn La/O=UBND tỉnh Sơn La/CN=UBND tỉnh Sơn La", issuer: "inter", ext: "ee.ext")
        try issue("tsa", subject: "/C=VN/O=Test TSA/CN=Test TSA", issuer: "root", ext: "tsa.ext")
        for who in ["leader", "agency"] {
            try ossl([
                "pkcs12", "-export", "-inkey", "\(who).key", "-in", "\(who).pem", "-certfile", "inter.pem", "-out", "\(who).p12",
                "-passout", "pass:\(password)",
            ])
        }
        let cnf = """
            [tsa]
            default_tsa = tsa_config1
            [tsa_config1]
            serial = ./tsaserial
            signer_cert = ./tsa.pem
            certs = ./tsa.pem
            signer_key = ./tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256,sha384,sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_alg = sha256

            """
        try cnf.write(toFile: dir + "/tsa.cnf", atomically: true, encoding: .utf8)
        try "01\n".write(toFile: dir + "/tsaserial", atomically: true, encoding: .utf8)
    }

    var roots: [Certificate] { (try? Certificate.fromPEM(String(contentsOfFile: rootPEM, encoding: .utf8))) ?? [] }

    func leaderKey() throws -> PKCS12SignatureKey { try PKCS12SignatureKey(path: leaderP12, password: password) }
    func agencyKey() throws -> PKCS12SignatureKey { try PKCS12SignatureKey(path: agencyP12, password: password) }
}

struct PKIError: Error { let message: String }

/// A TSA that runs `openssl ts -reply` in the PKI folder.
struct OpenSSLTimestampAuthority: TimestampAuthority {
    let pki: TestPKI
    func respond(to request: [UInt8]) async throws -> [UInt8] {
        let id = UUID().uuidString
        let q = pki.dir + "/\(id).tsq", r = pki.dir + "/\(id).tsr"
        try Tools.write(request, to: q)
        let o = try Tools.run("openssl", ["ts", "-reply", "-config", "tsa.cnf", "-queryfile", q, "-out", r], cwd: pki.dir)
        guard o.status == 0 else { throw PKIError(message: "openssl ts: \(o.all)") }
        return try Tools.read(r)
    }
}
