import HTTPTypes
import ServiceKit
import Testing

/// Whose address a request is counted under: a forwarded header is believed only from a trusted proxy.
struct ClientAddressTests {
    let xff = ClientAddress.forwardedFor

    @Test func anUntrustedPeersHeaderIsIgnored() {
        let headers: HTTPFields = [xff: "198.51.100.4"]
        #expect(ClientAddress.of(headers, peer: "203.0.113.9", trusted: .loopback) == "203.0.113.9")
        #expect(ClientAddress.of(headers, peer: "127.0.0.1", trusted: .none) == "127.0.0.1")
    }

    @Test func aTrustedProxyNamesTheRightMostUntrustedHop() throws {
        let trusted = try TrustedProxies(parsing: "10.0.0.0/8, 127.0.0.1")
        // The client wrote "1.2.3.4" itself; the first proxy appended who really connected (198.51.100.4).
        let headers: HTTPFields = [xff: "1.2.3.4, 198.51.100.4, 10.0.0.7"]
        #expect(ClientAddress.of(headers, peer: "10.0.0.5", trusted: trusted) == "198.51.100.4")
        #expect(ClientAddress.of([xff: "10.0.0.9"], peer: "10.0.0.5", trusted: trusted) == "10.0.0.9", "all trusted: the first")
        #expect(ClientAddress.of([ClientAddress.realIP: "198.51.100.8"], peer: "127.0.0.1", trusted: trusted) == "198.51.100.8")
        #expect(ClientAddress.of([xff: "not-an-address"], peer: "127.0.0.1", trusted: trusted) == "127.0.0.1")
        #expect(ClientAddress.of([:], peer: nil, trusted: trusted) == nil)
    }

    @Test func blocksMatchIPv4IPv6AndMappedAddresses() throws {
        let trusted = try TrustedProxies(parsing: "10.42.0.0/16,fd00::/8,::1,192.168.1.7")
        #expect(trusted.contains("10.42.200.1"))
        #expect(!trusted.contains("10.43.0.1"))
        #expect(trusted.contains("fd12:3456::1"))
        #expect(!trusted.contains("fe80::1"))
        #expect(trusted.contains("::1"))
        #expect(trusted.contains("::ffff:10.42.0.9"), "an IPv4 peer on a dual-stack socket")
        #expect(trusted.contains("192.168.1.7"))
        #expect(!trusted.contains("192.168.1.8"))
        #expect(!trusted.contains("garbage"))
        #expect(TrustedProxies.loopback.contains("127.3.4.5"))
    }

    @Test func badListsAreRefused() {
        for bad in ["10.0.0.0/33", "300.1.1.1", "10.0.0", "fd00::/129", "1::2::3", "abc"] {
            #expect(throws: TrustedProxies.ParseError.self, "\(bad)") { try TrustedProxies(parsing: bad) }
        }
    }
}
