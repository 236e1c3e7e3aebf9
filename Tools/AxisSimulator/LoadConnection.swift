import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection of the load generator, on SwiftNIO: requests go one after the
/// other, as an axis sender sends them. URLSession (libcurl underneath) cost more CPU per request than
/// intake itself, and on a 2-core machine the load generator's CPU is taken from the system it measures.
struct LoadConnection {
    private var outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let host: String

    struct Closed: Error, CustomStringConvertible {
        var description: String { "the server closed the connection before answering" }
    }

    /// Opens a connection, runs `body` with it, and closes it.
    static func with<T: Sendable>(
        host: String, port: Int, group: any EventLoopGroup, _ body: (inout LoadConnection) async throws -> T
    ) async throws -> T {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = LoadConnection(outbound: outbound, inbound: inbound.makeAsyncIterator(), host: host)
            return try await body(&connection)
        }
    }

    /// Posts `body` to `path`; returns the response status (the response body is read and dropped).
    mutating func post(path: String, body: ByteBuffer, contentType: String, headers: [(name: String, value: String)]) async throws -> Int {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Content-Type", value: contentType)
        head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        for header in headers { head.headers.add(name: header.name, value: header.value) }
        try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(body)), .end(nil)])
        var status = 0
        while let part = try await inbound.next() {
            switch part {
            case .head(let response): status = Int(response.status.code)
            case .body: continue
            case .end: return status
            }
        }
        throw Closed()
    }
}
