import CLibPQ
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PGConnection {
    /// Opens a connection on `threadPool` (`PQconnectdbParams` blocks for up to `connect_timeout`).
    /// Failures throw a transient `connectionFailed` error naming host:port/db but never the password.
    static func connect(url: String, threadPool: NIOThreadPool) async throws -> PGConnection {
        do {
            return try await threadPool.runIfActive { try connectBlocking(url: url) }
        } catch is NIOThreadPoolError.ThreadPoolInactive {
            throw PGError.poolClosedError
        }
    }

    private static func connectBlocking(url: String) throws -> PGConnection {
        // Keywords before "dbname" are defaults that the URL may override (libpq processes them in order).
        let settings = [
            ("connect_timeout", "10"),
            ("application_name", applicationName),
            ("client_encoding", "UTF8"),
            ("dbname", url),
        ]
        let keys = settings.map { strdup($0.0) }
        let values = settings.map { strdup($0.1) }
        defer { (keys + values).forEach { free($0) } }
        let conn = withExtendedLifetime((keys, values)) {
            PQconnectdbParams(keys.map { UnsafePointer($0) } + [nil], values.map { UnsafePointer($0) } + [nil], 1)
        }
        guard let conn else {
            throw PGError(code: .connectionFailed, message: "cannot connect to PostgreSQL: libpq is out of memory")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = failureMessage(conn, url: url)
            PQfinish(conn)
            throw PGError(code: .connectionFailed, message: message)
        }
        PQsetNoticeProcessor(conn, { _, _ in }, nil)  // NOTICEs ("already exists, skipping") are not errors.
        // Fix the text formats the decoders rely on, whatever the server's defaults are.
        let setup = PQexec(conn, "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET bytea_output TO 'hex'")
        let setupResult = Result { try makeResult(setup, on: conn) }
        PQclear(setup)
        if case .failure(let error) = setupResult {
            PQfinish(conn)
            throw error
        }
        return PGConnection(handle: conn)
    }

    /// "cannot connect to PostgreSQL at host:port/db: <libpq message>", with the password scrubbed.
    private static func failureMessage(_ conn: OpaquePointer, url: String) -> String {
        let host = string(PQhost(conn)), port = string(PQport(conn)), db = string(PQdb(conn))
        let target = host.isEmpty && db.isEmpty ? redactURL(url) : "\(host.isEmpty ? "localhost" : host):\(port.isEmpty ? "5432" : port)/\(db)"
        var reason = oneLine(string(PQerrorMessage(conn)))
        // libpq may quote the URL it could not parse, so scrub the password as libpq read it and as written.
        for secret in [string(PQpass(conn)), password(in: url)] where !secret.isEmpty {
            reason = reason.replacingAll(secret, with: "***")
        }
        return "cannot connect to PostgreSQL at \(target): \(reason.isEmpty ? "unknown error" : reason)"
    }

    /// `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`; a key=value string loses its password value.
    static func redactURL(_ url: String) -> String {
        let secret = password(in: url)
        return secret.isEmpty ? url : url.replacingAll(secret, with: "***")
    }

    /// The password as written in a URL's user info or a key=value string; "" if none.
    static func password(in url: String) -> String {
        if let scheme = url.firstRange(of: "://") {
            guard let at = url[scheme.upperBound...].lastIndex(of: "@") else { return "" }
            let userInfo = url[scheme.upperBound..<at]
            return userInfo.firstIndex(of: ":").map { String(userInfo[userInfo.index(after: $0)...]) } ?? ""
        }
        let field = url.split(separator: " ").first { $0.hasPrefix("password=") }
        return field.map { String($0.dropFirst("password=".count)) } ?? ""
    }

    private static var applicationName: String {
        let executable = CommandLine.arguments.first?.split(separator: "/").last.map(String.init) ?? "qlvb"
        return String(executable.prefix(63))
    }
}

func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

/// libpq messages span lines with tabs; logs want one line.
func oneLine(_ message: String) -> String {
    message.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " ")
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        var out = "", rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
