import CRabbitMQ
import Foundation

extension AMQPConnection {
    func withBytes<T>(_ s: String, _ body: (amqp_bytes_t) -> T) -> T {
        var s = s
        return s.withUTF8 { buf in
            body(amqp_bytes_t(len: buf.count, bytes: UnsafeMutableRawPointer(mutating: buf.baseAddress)))
        }
    }

    func checkReply(_ what: String) throws {
        let reply = amqp_get_rpc_reply(stateForSupport)
        if let error = Self.error(from: reply) {
            throw error.hasPrefix("broker:") ? AMQPError.closedByBroker(code: Self.replyCode(reply), text: "\(what): \(error)")
                : AMQPError.connectionLost("\(what): \(error)")
        }
    }

    /// The broker's reply code (404 NOT_FOUND, 406 PRECONDITION_FAILED…) of a refused request, else 0.
    static func replyCode(_ reply: amqp_rpc_reply_t) -> Int {
        guard reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION else { return 0 }
        let m = reply.reply
        if m.id == QLVB_CHANNEL_CLOSE { return Int(m.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee.reply_code) }
        if m.id == QLVB_CONNECTION_CLOSE { return Int(m.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee.reply_code) }
        return 0
    }

    func throwIfClose(_ method: amqp_method_t) throws {
        if method.id == QLVB_CHANNEL_CLOSE {
            let c = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            throw AMQPError.closedByBroker(code: Int(c.reply_code), text: Self.string(c.reply_text))
        }
        if method.id == QLVB_CONNECTION_CLOSE {
            let c = method.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            throw AMQPError.closedByBroker(code: Int(c.reply_code), text: Self.string(c.reply_text))
        }
    }

    static func error(from reply: amqp_rpc_reply_t) -> String? {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL: return nil
        case AMQP_RESPONSE_NONE: return "missing RPC reply"
        case AMQP_RESPONSE_LIBRARY_EXCEPTION: return statusText(reply.library_error)
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            let m = reply.reply
            if m.id == QLVB_CHANNEL_CLOSE {
                let c = m.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                return "broker: \(c.reply_code) \(string(c.reply_text))"
            }
            if m.id == QLVB_CONNECTION_CLOSE {
                let c = m.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                return "broker: \(c.reply_code) \(string(c.reply_text))"
            }
            return "broker: method \(m.id)"
        default: return "unknown reply"
        }
    }

    static func statusText(_ status: Int32) -> String {
        guard let s = amqp_error_string2(status) else { return "status \(status)" }
        return String(cString: s)
    }

    static func string(_ b: amqp_bytes_t) -> String {
        guard b.len > 0, let p = b.bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: b.len), as: UTF8.self)
    }

    static func timeval(_ d: Duration) -> timeval {
        let (s, atto) = d.components
        return Glibc.timeval(tv_sec: Int(s), tv_usec: Int(atto / 1_000_000_000_000))
    }

    static func delivery(_ e: amqp_envelope_t, generation: Int) -> RawDelivery {
        let p = e.message.properties
        func prop(_ flag: amqp_flags_t, _ b: amqp_bytes_t) -> String? { p._flags & flag != 0 ? string(b) : nil }
        let body = e.message.body.len == 0 ? [] : Array(UnsafeRawBufferPointer(start: e.message.body.bytes, count: e.message.body.len))
        let headers = p._flags & QLVB_BASIC_HEADERS_FLAG != 0 ? AMQPValue.table(p.headers) : [:]
        let d = Delivery(
            queue: "", exchange: string(e.exchange), routingKey: string(e.routing_key), body: body,
            messageId: prop(QLVB_BASIC_MESSAGE_ID_FLAG, p.message_id), type: prop(QLVB_BASIC_TYPE_FLAG, p.type),
            correlationId: prop(QLVB_BASIC_CORRELATION_ID_FLAG, p.correlation_id),
            contentType: prop(QLVB_BASIC_CONTENT_TYPE_FLAG, p.content_type), headers: headers,
            redelivered: e.redelivered != 0, deliveryTag: e.delivery_tag, connectionGeneration: generation)
        return RawDelivery(consumerTag: string(e.consumer_tag), delivery: d)
    }
}

extension AMQPConnection {
    /// The broker socket's file descriptor, for `poll(2)`.
    var socketDescriptor: Int32 { amqp_get_sockfd(stateForSupport) }

    /// Frames or bytes rabbitmq-c has read but not handed out yet.
    var hasBufferedInput: Bool {
        amqp_frames_enqueued(stateForSupport) != 0 || amqp_data_in_buffer(stateForSupport) != 0
    }
}
