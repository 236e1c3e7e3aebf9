import CRabbitMQ
import Foundation

/// One blocking rabbitmq-c connection with one channel.
///
/// Not thread-safe (nor is rabbitmq-c): exactly one thread owns it. ``AMQPPublisher`` and
/// ``AMQPConsumer`` give each connection its own thread and bridge to `async`.
public final class AMQPConnection {
    private let state: amqp_connection_state_t
    var stateForSupport: amqp_connection_state_t { state }
    private let channel: amqp_channel_t = 1
    private var open = false
    public let endpoint: AMQPEndpoint

    public init(endpoint: AMQPEndpoint) throws {
        guard let state = amqp_new_connection() else { throw AMQPError.connectionFailed("out of memory") }
        self.state = state
        // A broker that accepts the socket but never answers must not hang a thread forever.
        var handshake = Glibc.timeval(tv_sec: 15, tv_usec: 0)
        var rpc = Glibc.timeval(tv_sec: 30, tv_usec: 0)
        amqp_set_handshake_timeout(state, &handshake)
        amqp_set_rpc_timeout(state, &rpc)
        self.endpoint = endpoint
        do {
            try connect()
        } catch {
            amqp_destroy_connection(state)
            throw error
        }
        open = true
    }

    deinit { close() }

    private func connect() throws {
        let socket: OpaquePointer?
        if endpoint.tls {
            socket = amqp_ssl_socket_new(state)
            if let socket, let ca = endpoint.caCertificatePath {
                guard amqp_ssl_socket_set_cacert(socket, ca) == AMQP_STATUS_OK.rawValue else {
                    throw AMQPError.connectionFailed("cannot read the CA certificate \(ca)")
                }
                amqp_ssl_socket_set_verify_peer(socket, 1)
                amqp_ssl_socket_set_verify_hostname(socket, 1)
            }
        } else {
            socket = amqp_tcp_socket_new(state)
        }
        guard let socket else { throw AMQPError.connectionFailed("cannot create a socket") }
        var timeout = Glibc.timeval(tv_sec: 10, tv_usec: 0)
        let status = amqp_socket_open_noblock(socket, endpoint.host, Int32(endpoint.port), &timeout)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw AMQPError.connectionFailed("\(endpoint): \(Self.statusText(status))")
        }
        let login = qlvb_amqp_login_plain(
            state, endpoint.vhost, 0, 131_072, Int32(endpoint.heartbeat), endpoint.user, endpoint.password)
        if let error = Self.error(from: login) {
            throw AMQPError.connectionFailed("\(endpoint): login refused: \(error)")
        }
        amqp_channel_open(state, channel)
        try checkReply("channel.open")
    }

    /// Closes politely when possible; safe to call twice.
    public func close() {
        guard open else { return }
        open = false
        _ = amqp_channel_close(state, channel, Int32(AMQP_REPLY_SUCCESS))
        _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
        amqp_destroy_connection(state)
    }

    // MARK: Topology

    public func declareExchange(_ name: String, type: String = "topic", durable: Bool = true) throws {
        withBytes(name) { n in
            withBytes(type) { t in
                _ = amqp_exchange_declare(state, channel, n, t, 0, durable ? 1 : 0, 0, 0, amqp_empty_table)
            }
        }
        try checkReply("exchange.declare \(name)")
    }

    /// Declares a queue and returns how many messages it holds.
    @discardableResult
    public func declareQueue(_ name: String, durable: Bool = true, arguments: AMQPTable = [:]) throws -> Int {
        let args = CTable(arguments)
        var count = 0
        withExtendedLifetime(args) {
            withBytes(name) { n in
                if let ok = amqp_queue_declare(state, channel, n, 0, durable ? 1 : 0, 0, 0, args.table) {
                    count = Int(ok.pointee.message_count)
                }
            }
        }
        try checkReply("queue.declare \(name)")
        return count
    }

    /// The number of ready messages in a queue, without declaring it.
    public func messageCount(_ queue: String) throws -> Int { try queueCounts(queue).messages }

    /// Ready messages and consumers of an existing queue (a passive declare creates nothing).
    /// A missing queue makes the broker close the channel (404): the connection is then unusable.
    public func queueCounts(_ queue: String) throws -> QueueCounts {
        var counts = QueueCounts(messages: 0, consumers: 0)
        withBytes(queue) { n in
            if let ok = amqp_queue_declare(state, channel, n, 1, 0, 0, 0, amqp_empty_table) {
                counts = QueueCounts(messages: Int(ok.pointee.message_count), consumers: Int(ok.pointee.consumer_count))
            }
        }
        try checkReply("queue.declare (passive) \(queue)")
        return counts
    }

    public func bindQueue(_ queue: String, exchange: String, routingKey: String) throws {
        withBytes(queue) { q in
            withBytes(exchange) { e in
                withBytes(routingKey) { k in _ = amqp_queue_bind(state, channel, q, e, k, amqp_empty_table) }
            }
        }
        try checkReply("queue.bind \(queue) to \(exchange) on \(routingKey)")
    }

    public func deleteQueue(_ queue: String) throws {
        withBytes(queue) { q in _ = amqp_queue_delete(state, channel, q, 0, 0) }
        try checkReply("queue.delete \(queue)")
    }

    public func purgeQueue(_ queue: String) throws {
        withBytes(queue) { q in _ = amqp_queue_purge(state, channel, q) }
        try checkReply("queue.purge \(queue)")
    }

    // MARK: Publishing

    /// Turns on publisher confirms: every publish is then acknowledged by a ``Frame/ack``.
    public func confirmSelect() throws {
        amqp_confirm_select(state, channel)
        try checkReply("confirm.select")
    }

    /// Sends one message; does not wait for its confirm.
    public func publish(_ m: OutboundMessage) throws {
        var props = amqp_basic_properties_t()
        props._flags = QLVB_BASIC_CONTENT_TYPE_FLAG | QLVB_BASIC_DELIVERY_MODE_FLAG | QLVB_BASIC_HEADERS_FLAG
        props.delivery_mode = m.persistent ? 2 : 1
        let headers = CTable(m.headers)
        props.headers = headers.table
        let texts: [String] = [m.contentType, m.messageId ?? "", m.type ?? "", m.correlationId ?? "", m.exchange, m.routingKey]
        let strings: [UnsafeMutablePointer<CChar>] = texts.map { strdup($0)! }
        defer { strings.forEach { free($0) } }
        props.content_type = amqp_cstring_bytes(strings[0])
        if m.messageId != nil {
            props._flags |= QLVB_BASIC_MESSAGE_ID_FLAG
            props.message_id = amqp_cstring_bytes(strings[1])
        }
        if m.type != nil {
            props._flags |= QLVB_BASIC_TYPE_FLAG
            props.type = amqp_cstring_bytes(strings[2])
        }
        if m.correlationId != nil {
            props._flags |= QLVB_BASIC_CORRELATION_ID_FLAG
            props.correlation_id = amqp_cstring_bytes(strings[3])
        }
        let status: Int32 = withExtendedLifetime(headers) {
            m.body.withUnsafeBytes { body in
                let b = amqp_bytes_t(len: body.count, bytes: UnsafeMutableRawPointer(mutating: body.baseAddress))
                return amqp_basic_publish(
                    state, channel, amqp_cstring_bytes(strings[4]), amqp_cstring_bytes(strings[5]), 0, 0, &props, b)
            }
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw AMQPError.connectionLost("publish: \(Self.statusText(status))")
        }
    }

    /// A frame the publisher waits for.
    public enum Frame: Sendable, Equatable {
        case ack(tag: UInt64, multiple: Bool)
        case nack(tag: UInt64, multiple: Bool)
        case other
    }

    /// Waits up to `timeout` for the next frame; `nil` when none came. Also keeps heartbeats going.
    public func waitFrame(timeout: Duration) throws -> Frame? {
        var frame = amqp_frame_t()
        var tv = Self.timeval(timeout)
        let status = amqp_simple_wait_frame_noblock(state, &frame, &tv)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPError.connectionLost(Self.statusText(status)) }
        defer { amqp_maybe_release_buffers(state) }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { return .other }
        let method = frame.payload.method
        switch method.id {
        case QLVB_BASIC_ACK:
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            return .ack(tag: ack.delivery_tag, multiple: ack.multiple != 0)
        case QLVB_BASIC_NACK:
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            return .nack(tag: nack.delivery_tag, multiple: nack.multiple != 0)
        default:
            try throwIfClose(method)
            return .other
        }
    }

    // MARK: Consuming

    public func qos(prefetch: Int) throws {
        amqp_basic_qos(state, channel, 0, UInt16(clamping: prefetch), 0)
        try checkReply("basic.qos")
    }

    public func consume(queue: String, consumerTag: String) throws {
        withBytes(queue) { q in
            withBytes(consumerTag) { t in _ = amqp_basic_consume(state, channel, q, t, 0, 0, 0, amqp_empty_table) }
        }
        try checkReply("basic.consume \(queue)")
    }

    public func cancel(consumerTag: String) throws {
        withBytes(consumerTag) { t in _ = amqp_basic_cancel(state, channel, t) }
        try checkReply("basic.cancel")
    }

    /// A delivery, still to be matched to its queue by consumer tag.
    public struct RawDelivery {
        public var consumerTag: String
        public var delivery: Delivery
    }

    /// Waits up to `timeout` for a delivery; `nil` when none came.
    public func nextDelivery(timeout: Duration, generation: Int) throws -> RawDelivery? {
        amqp_maybe_release_buffers(state)
        var envelope = amqp_envelope_t()
        var tv = Self.timeval(timeout)
        let reply = amqp_consume_message(state, &envelope, &tv, 0)
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            defer { amqp_destroy_envelope(&envelope) }
            return Self.delivery(envelope, generation: generation)
        case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_TIMEOUT.rawValue:
            return nil
        case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue:
            // Something other than a delivery: read it; a close or a cancel ends this connection.
            var frame = amqp_frame_t()
            let status = amqp_simple_wait_frame(state, &frame)
            guard status == AMQP_STATUS_OK.rawValue else { throw AMQPError.connectionLost(Self.statusText(status)) }
            if frame.frame_type == UInt8(AMQP_FRAME_METHOD) {
                try throwIfClose(frame.payload.method)
                if frame.payload.method.id == QLVB_BASIC_CANCEL {
                    throw AMQPError.connectionLost("the broker cancelled the consumer (queue deleted?)")
                }
            }
            return nil
        default:
            throw Self.error(from: reply).map { AMQPError.connectionLost($0) } ?? AMQPError.connectionLost("consume")
        }
    }

    public func ack(_ tag: UInt64, multiple: Bool = false) throws {
        let status = amqp_basic_ack(state, channel, tag, multiple ? 1 : 0)
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPError.connectionLost("ack: \(Self.statusText(status))") }
    }

    public func reject(_ tag: UInt64, requeue: Bool) throws {
        let status = amqp_basic_nack(state, channel, tag, 0, requeue ? 1 : 0)
        guard status == AMQP_STATUS_OK.rawValue else { throw AMQPError.connectionLost("nack: \(Self.statusText(status))") }
    }
}

/// What a passive `queue.declare` reports about a queue.
public struct QueueCounts: Sendable, Hashable {
    /// Messages ready for delivery (not those delivered and awaiting an ack).
    public var messages: Int
    public var consumers: Int

    public init(messages: Int, consumers: Int) {
        self.messages = messages
        self.consumers = consumers
    }
}
