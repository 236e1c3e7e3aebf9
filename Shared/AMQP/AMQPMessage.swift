/// A message to publish. The body is copied into the frame by rabbitmq-c, so `[UInt8]` is enough.
public struct OutboundMessage: Sendable, Hashable {
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var messageId: String?
    public var type: String?
    public var correlationId: String?
    public var contentType: String
    public var headers: AMQPTable
    /// Persistent (delivery mode 2) unless stated otherwise: nothing is lost on a broker restart.
    public var persistent: Bool

    public init(
        exchange: String, routingKey: String, body: [UInt8], messageId: String? = nil, type: String? = nil,
        correlationId: String? = nil, contentType: String = "application/json", headers: AMQPTable = [:],
        persistent: Bool = true
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.messageId = messageId
        self.type = type
        self.correlationId = correlationId
        self.contentType = contentType
        self.headers = headers
        self.persistent = persistent
    }
}

/// A message handed to a consumer. It must be settled (ack, reject) through the consumer that
/// delivered it; a delivery from a connection that has since been replaced cannot be settled and
/// is redelivered by the broker.
public struct Delivery: Sendable {
    public var queue: String
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var messageId: String?
    public var type: String?
    public var correlationId: String?
    public var contentType: String?
    public var headers: AMQPTable
    public var redelivered: Bool
    public let deliveryTag: UInt64
    /// Which connection this came over; settling is refused after a reconnect.
    public let connectionGeneration: Int

    public init(
        queue: String, exchange: String, routingKey: String, body: [UInt8], messageId: String?, type: String?,
        correlationId: String?, contentType: String?, headers: AMQPTable, redelivered: Bool, deliveryTag: UInt64,
        connectionGeneration: Int
    ) {
        self.queue = queue
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.messageId = messageId
        self.type = type
        self.correlationId = correlationId
        self.contentType = contentType
        self.headers = headers
        self.redelivered = redelivered
        self.deliveryTag = deliveryTag
        self.connectionGeneration = connectionGeneration
    }
}
