import HTTPTypes

/// The reverse proxies (and the web front end) whose `X-Forwarded-For` is believed: addresses or CIDR blocks,
/// IPv4 or IPv6. A header from anyone else is whatever its sender wrote, so it must not choose the address that
/// sign-in throttling counts failures under — rotating it would reset the count at every attempt.
public struct TrustedProxies: Sendable, Equatable {
    /// One block: the address's bytes and how many leading bits must match.
    struct Block: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = prefix
            for (a, b) in zip(address, bytes) where left > 0 {
                let bits = min(8, left)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if a & mask != b & mask { return false }
                left -= bits
            }
            return true
        }
    }

    var blocks: [Block]

    /// Nobody is trusted: the connection's address is the client's.
    public static let none = TrustedProxies(blocks: [])
    /// The same machine only (a front end or proxy on the host): the default.
    public static let loopback = try! TrustedProxies(parsing: "127.0.0.0/8,::1")

    init(blocks: [Block]) { self.blocks = blocks }

    /// `10.0.0.5, 10.1.0.0/16, fd00::/8`; nil when an entry is neither an address nor a block.
    public init(parsing list: String) throws(ParseError) {
        var blocks: [Block] = []
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.bytes(of: parts[0]) else { throw ParseError(entry: entry) }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let p = Int(parts[1]), (0...bytes.count * 8).contains(p) else { throw ParseError(entry: entry) }
                prefix = p
            }
            blocks.append(Block(bytes: bytes, prefix: prefix))
        }
        self.blocks = blocks
    }

    public struct ParseError: Error, Sendable { public var entry: String }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return blocks.contains { $0.contains(bytes) } || (Self.unmapped(bytes).map { v4 in blocks.contains { $0.contains(v4) } } ?? false)
    }

    /// `::ffff:a.b.c.d` (how a dual-stack socket reports an IPv4 peer) as its IPv4 bytes.
    static func unmapped(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return Array(bytes[12...])
    }

    /// The address's bytes (4 for IPv4, 16 for IPv6), nil when it is not an address.
    static func bytes(of text: String) -> [UInt8]? {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        if !text.contains(":") { return ipv4(text) }
        // IPv6: groups of hex, one "::" at most, perhaps an IPv4 tail.
        var tail: [UInt8] = []
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = ipv4(text[text.index(after: lastColon)...]) else { return nil }
            tail = v4
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt8]? {
            if s.isEmpty { return [] }
            var out: [UInt8] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(g.count), let v = UInt16(g, radix: 16) else { return nil }
                out += [UInt8(v >> 8), UInt8(v & 0xFF)]
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        let rest = halves.count == 2 ? groups(halves[1]) : []
        guard let rest else { return nil }
        let known = head.count + rest.count + tail.count
        if halves.count == 1 { return known == 16 ? head + tail : nil }
        guard known < 16 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - known) + rest + tail
    }

    static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard (1...3).contains(p.count), p.allSatisfy(\.isASCII), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }
}

/// The address of the person behind a request, as far as it can be trusted (địa chỉ máy trạm).
public enum ClientAddress {
    public static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    public static let realIP = HTTPField.Name("X-Real-IP")!

    /// The connection's address, unless it is a trusted proxy: then the address that proxy names — the right-most
    /// entry of `X-Forwarded-For` that is not itself a trusted proxy (entries further left were written by whoever
    /// reached the first proxy, so they prove nothing), else `X-Real-IP`. A request with no socket (in-process
    /// tests) believes its headers. Nil only when nothing names an address.
    public static func of(_ headers: HTTPFields, peer: String?, trusted: TrustedProxies) -> String? {
        if let peer, !trusted.contains(peer) { return peer }
        let chain = headers[values: forwardedFor]
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { TrustedProxies.bytes(of: $0) != nil }
        if let client = chain.last(where: { !trusted.contains($0) }) ?? chain.first { return client }
        if let real = headers[realIP]?.trimmingCharacters(in: .whitespaces), TrustedProxies.bytes(of: real) != nil { return real }
        return peer
    }
}
