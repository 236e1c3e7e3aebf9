import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ServiceLifecycle

/// The HTTP side of the document axis (trục liên thông), shared by dispatch's sends and intake's poller.
///
/// One `HTTPClient` per process, on NIO's shared event loops, with a pool of kept-alive connections.
/// FoundationNetworking's `URLSession` kept about 150 bytes per request that it never gave back
/// (dispatch grew 56 → 78 MB over 120,000 status packets, issue 16); AsyncHTTPClient holds nothing
/// per finished request. The client is shut down after everything that uses it has stopped
/// (`AxisHTTP.Shutdown`, run first in the service group so that it stops last).
public struct AxisHTTP: Sendable {
    public let client: HTTPClient

    /// What the axis answered: the status and at most `maxAnswerBytes` of the body.
    public struct Answer: Sendable {
        public let status: Int
        public let body: Data
    }

    /// The axis could not be reached, or did not answer in time; worth trying again later.
    public struct Unreachable: Error, CustomStringConvertible {
        public let url: String
        public let reason: String
        public var description: String { "the axis at \(url) cannot be reached: \(reason)" }
    }

    /// The answer was longer than the caller's bound: asking again gives the same answer.
    public struct AnswerTooLarge: Error, CustomStringConvertible {
        public let url: String
        public let limit: Int
        public var description: String { "the answer of \(url) is over \(limit) bytes" }
    }

    public init(client: HTTPClient) { self.client = client }

    /// AsyncHTTPClient's process-wide client, which needs no shutdown: for tests and `--print-topology`.
    public static var shared: AxisHTTP { AxisHTTP(client: .shared) }

    /// A client for a service process; pair it with `Shutdown` in the service group.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(30)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends one request and reads the whole answer (up to `maxAnswerBytes`; more is an error).
    public func send(
        _ method: HTTPMethod, _ url: URL, headers: [(String, String)] = [], body: Data? = nil,
        timeout: Duration = .seconds(30), maxAnswerBytes: Int = 64 * 1024 * 1024
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
            var bytes = try await response.body.collect(upTo: maxAnswerBytes)
            return Answer(status: Int(response.status.code), body: bytes.readData(length: bytes.readableBytes) ?? Data())
        } catch is NIOTooManyBytesError {
            throw AnswerTooLarge(url: url.absoluteString, limit: maxAnswerBytes)
        } catch {
            throw Unreachable(url: url.absoluteString, reason: "\(error)")
        }
    }

    /// Keeps the client until the service group shuts down, then closes its connections.
    public struct Shutdown: Service {
        public let client: HTTPClient
        public init(client: HTTPClient) { self.client = client }

    /// AsyncHTTPClient's process-wide client, which needs no shutdown: for tests and `--print-topology`.
    public static var shared: AxisHTTP { AxisHTTP(client: .shared) }

        public func run() async throws {
            try? await gracefulShutdown()
            try await client.shutdown()
        }
    }
}
