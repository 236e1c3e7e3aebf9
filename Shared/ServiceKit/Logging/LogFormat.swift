/// How log lines are written: JSON for collectors (Loki, Elasticsearch), text for a terminal.
public enum LogFormat: String, Sendable, CaseIterable {
    case json
    case text
}
