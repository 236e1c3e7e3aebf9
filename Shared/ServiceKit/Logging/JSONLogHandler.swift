import Logging

/// Writes one JSON object per line: `ts` (ISO 8601 UTC), `level`, `service`, `label`, `msg`, then
/// the metadata flattened to top-level keys (`correlation_id`, `causation_id`, `message_id`, …)
/// so a collector can filter on them without parsing nested objects.
///
/// Nested metadata dictionaries become dotted keys (`db.table`); a metadata key that clashes with a
/// fixed field is written as `metadata.<key>`.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let service: String
    private let output: @Sendable (String) -> Void

    /// - Parameters:
    ///   - output: Receives each finished line including its newline; defaults to standard error.
    public init(
        label: String,
        service: String,
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        output: @escaping @Sendable (String) -> Void = StandardError.writeLine
    ) {
        self.label = label
        self.service = service
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }

        var line = JSONLine()
        line.add("ts", UTCTimestamp.now())
        line.add("level", event.level.rawValue)
        line.add("service", service)
        line.add("label", label)
        line.add("msg", event.message.description)
        if let error = event.error { line.add("error", String(describing: error)) }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            let name = JSONLine.reserved.contains(key) ? "metadata.\(key)" : key
            line.addFlattened(name, value)
        }
        output(line.finish())
    }
}
