import Foundation
import Logging

/// Publishes with publisher confirms on a connection of its own, on a thread of its own.
///
/// `publish` returns only when the broker has confirmed every message. Unconfirmed messages are
/// published again after a reconnect, so a message is never dropped (it may arrive twice;
/// consumers are idempotent). Confirms are waited for in batches, so many concurrent callers
/// share the round trips.
public final class AMQPPublisher: Sendable {
    private final class Batch: @unchecked Sendable {
        var remaining: Int
        let continuation: CheckedContinuation<Void, any Error>
        init(remaining: Int, continuation: CheckedContinuation<Void, any Error>) {
            self.remaining = remaining
            self.continuation = continuation
        }
    }

    private struct Pending {
        let message: OutboundMessage
        let batch: Batch
    }

    private struct State {
        var queue: [Pending] = []
        var closing = false
        var closeDeadline: Date = .distantFuture
        var finished = false
        var connected = false
    }

    private let endpoint: AMQPEndpoint
    private let name: String
    private let logger: Logger
    private let shared = Guarded(State())
    private let wakeup = Wakeup()
    /// Largest number of unconfirmed messages in flight.
    private let window: Int

    /// - Parameter connects: false gives a publisher that never connects and refuses every
    ///   publish (`AMQPError.shutDown`): for tools that build a service without its broker.
    public init(endpoint: AMQPEndpoint, name: String, window: Int = 1_000, logger: Logger, connects: Bool = true) {
        self.endpoint = endpoint
        self.name = name
        self.window = window
        self.logger = logger
        guard connects else {
            shared.withLock { $0.finished = true }
            return
        }
        startThread(name: "amqp-pub-\(name)") { [self] in run() }
    }

    /// True while a confirmed channel is open (for readiness).
    public var isConnected: Bool { shared.withLock { $0.connected } }

    /// Publishes and waits for the broker's confirms of all messages.
    public func publish(_ messages: [OutboundMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let batch = Batch(remaining: messages.count, continuation: c)
            let refused = shared.withLock { s -> Bool in
                if s.finished { return true }
                s.queue.append(contentsOf: messages.map { Pending(message: $0, batch: batch) })
                return false
            }
            if refused { c.resume(throwing: AMQPError.shutDown) } else { wakeup.signal() }
        }
    }

    public func publish(_ message: OutboundMessage) async throws { try await publish([message]) }

    /// Publishes what is queued (waiting at most `grace` when the broker is away), then closes.
    public func close(grace: Duration = .seconds(10)) async {
        let (s, a) = grace.components
        shared.withLock {
            $0.closing = true
            $0.closeDeadline = Date(timeIntervalSinceNow: Double(s) + Double(a) / 1e18)
        }
        wakeup.signal()
        while !shared.withLock({ $0.finished }) { try? await Task.sleep(for: .milliseconds(10)) }
    }

    // MARK: - The connection's thread

    private func run() {
        var connection: AMQPConnection?
        var unconfirmed: [UInt64: Pending] = [:]
        var nextTag: UInt64 = 1
        var backoff = Backoff()

        func dropConnection(_ error: any Error) {
            logger.warning("publisher connection lost; unconfirmed messages will be published again",
                           metadata: ["error": "\(error)", "unconfirmed": "\(unconfirmed.count)"])
            connection?.close()
            connection = nil
            // Put unconfirmed messages back in front, in their original order.
            let again = unconfirmed.sorted { $0.key < $1.key }.map(\.value)
            unconfirmed.removeAll()
            shared.withLock { $0.connected = false; $0.queue.insert(contentsOf: again, at: 0) }
        }

        func settle(_ tag: UInt64, multiple: Bool, ok: Bool) {
            let tags = multiple ? unconfirmed.keys.filter { $0 <= tag } : [tag]
            var retry: [Pending] = []
            for t in tags {
                guard let p = unconfirmed.removeValue(forKey: t) else { continue }
                if ok {
                    p.batch.remaining -= 1
                    if p.batch.remaining == 0 { p.batch.continuation.resume() }
                } else {
                    retry.append(p)  // the broker could not take it: send it again
                }
            }
            if !retry.isEmpty { shared.withLock { $0.queue.insert(contentsOf: retry, at: 0) } }
        }

        while true {
            // Take what fits in the window. The thread sleeps in poll(2) below (woken by the broker or
            // by a caller), or in the reconnect back-off.
            let (batch, closing, deadlinePassed) = shared.withLock { s -> ([Pending], Bool, Bool) in
                let room = connection == nil ? 0 : max(0, window - unconfirmed.count)
                let n = min(room, s.queue.count)
                let taken = Array(s.queue.prefix(n))
                s.queue.removeFirst(n)
                return (taken, s.closing && s.queue.isEmpty, s.closing && Date() > s.closeDeadline)
            }
            if (closing && unconfirmed.isEmpty && batch.isEmpty) || deadlinePassed {
                for p in batch { shared.withLock { $0.queue.append(p) } }
                break
            }
            if connection == nil {
                do {
                    let c = try AMQPConnection(endpoint: endpoint)
                    try c.confirmSelect()
                    connection = c
                    nextTag = 1
                    backoff.reset()
                    shared.withLock { $0.connected = true }
                    logger.info("publisher connected", metadata: ["broker": "\(endpoint)"])
                } catch {
                    logger.warning("publisher cannot connect; retrying", metadata: ["error": "\(error)"])
                    Thread.sleep(forTimeInterval: backoff.next())
                }
                for p in batch { shared.withLock { $0.queue.insert(p, at: 0) } }
                continue
            }
            guard let c = connection else { continue }
            do {
                for (i, p) in batch.enumerated() {
                    do {
                        try c.publish(p.message)
                    } catch {
                        // The rest of this batch was never sent: queue it again before dropping.
                        let unsent = Array(batch[i...])
                        shared.withLock { $0.queue.insert(contentsOf: unsent, at: 0) }
                        throw error
                    }
                    unconfirmed[nextTag] = p
                    nextTag += 1
                }
                // Take every confirm already here, without waiting (this also keeps heartbeats going).
                var confirmed = false
                while let frame = try c.waitFrame(timeout: .zero) {
                    switch frame {
                    case .ack(let tag, let multiple): settle(tag, multiple: multiple, ok: true)
                    case .nack(let tag, let multiple): settle(tag, multiple: multiple, ok: false)
                    case .other: break
                    }
                    confirmed = true
                }
                // Nothing to do: sleep until confirms arrive or a caller hands over messages (or close).
                if batch.isEmpty && !confirmed {
                    c.sleep(until: wakeup, timeout: .seconds(1))
                }
            } catch {
                dropConnection(error)
            }
        }
        connection?.close()
        let leftovers = shared.withLock { s -> [Pending] in
            s.finished = true
            defer { s.queue.removeAll() }
            return s.queue
        } + unconfirmed.values
        var failed = Set<ObjectIdentifier>()
        for p in leftovers where failed.insert(ObjectIdentifier(p.batch)).inserted {
            p.batch.continuation.resume(throwing: AMQPError.shutDown)
        }
    }
}
