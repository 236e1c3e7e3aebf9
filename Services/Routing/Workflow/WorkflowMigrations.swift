import Storage

/// Incoming workflow, outgoing drafting and deadlines: versions 20–39.
enum WorkflowMigrations {
    static let all: [Migration] = []
}
