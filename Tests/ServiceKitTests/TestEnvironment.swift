/// The smallest environment that loads: only the required variables. The database URL is the shared one, accepted
/// on a developer's machine (`QLVB_DEVELOPMENT=1`); `ServiceConfigTests` covers each service's own.
enum TestEnvironment {
    static let required: [String: String] = [
        "QLVB_AMQP_URL": "amqp://qlvb:qlvb@127.0.0.1:5672/%2F",
        "QLVB_PG_URL": "postgresql://qlvb:qlvb@127.0.0.1:55432/qlvb",
        "QLVB_DEVELOPMENT": "1",
        "QLVB_HTTP_PORT": "8081",
        "QLVB_BLOB_ROOT": "/var/lib/qlvb/blobs",
    ]

    static func with(_ changes: [String: String?]) -> [String: String] {
        var environment = required
        for (name, value) in changes { environment[name] = value }
        return environment
    }
}
