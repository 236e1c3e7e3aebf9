/// Where and how to reach the broker, parsed from `amqp://user:pass@host:port/vhost` (or `amqps://`).
public struct AMQPEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var vhost: String
    /// TLS: set for `amqps://`; `caCertificatePath` pins the broker's CA.
    public var tls: Bool
    public var caCertificatePath: String?
    /// Heartbeat interval in seconds; a dead peer is noticed within about twice this.
    public var heartbeat: Int

    public init(url: String, heartbeat: Int = 30, caCertificatePath: String? = nil) throws {
        let schemes = ["amqp://": false, "amqps://": true]
        guard let (prefix, tls) = schemes.first(where: { url.hasPrefix($0.key) }).map({ ($0.key, $0.value) }) else {
            throw AMQPError.invalidURL("\(Self.redact(url)): expected amqp:// or amqps://")
        }
        var rest = Substring(url.dropFirst(prefix.count))
        var user = "guest", password = "guest"
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = (parts[0].removingPercentEncoding ?? String(parts[0]))
            if parts.count > 1 { password = parts[1].removingPercentEncoding ?? String(parts[1]) }
        }
        var vhost = "/"
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            if !path.isEmpty { vhost = String(path).removingPercentEncoding ?? String(path) }
            rest = rest[..<slash]
        }
        var host = String(rest), port = tls ? 5671 : 5672
        if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
                throw AMQPError.invalidURL("\(Self.redact(url)): bad port")
            }
            port = p
        }
        guard !host.isEmpty else { throw AMQPError.invalidURL("\(Self.redact(url)): no host") }
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.vhost = vhost
        self.tls = tls
        self.caCertificatePath = caCertificatePath
        self.heartbeat = heartbeat
    }

    /// Never prints the password.
    public var description: String { "\(tls ? "amqps" : "amqp")://\(user)@\(host):\(port)\(vhost == "/" ? "/" : "/" + vhost)" }

    static func redact(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

extension Substring {
    fileprivate var removingPercentEncoding: String? { String(self).removingPercentEncoding }
}

extension String {
    fileprivate var removingPercentEncoding: String? {
        var bytes: [UInt8] = []
        var it = self.utf8.makeIterator()
        while let c = it.next() {
            if c == UInt8(ascii: "%") {
                guard let h = it.next(), let l = it.next(), let v = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(v)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
