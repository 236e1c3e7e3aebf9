import Foundation

/// The agency's accounts and departments for the forms' choices and the names shown, kept a few seconds per agency:
/// every member of the agency may read them, and a document page would otherwise ask for them on each view.
/// A new account shows in the choices at most `lifetime` later.
actor PeopleCache {
    struct Entry {
        var users: Sent<[[String: Any]]>
        var departments: Sent<[[String: Any]]>
        var fetchedAt: Date
    }

    let lifetime: TimeInterval
    private var entries: [String: Entry] = [:]

    init(lifetime: TimeInterval = 30) { self.lifetime = lifetime }

    func get(_ agency: String, now: Date = Date()) -> Entry? {
        guard let entry = entries[agency], now.timeIntervalSince(entry.fetchedAt) < lifetime else { return nil }
        return entry
    }

    func put(_ agency: String, _ entry: Entry) { entries[agency] = entry }
}
