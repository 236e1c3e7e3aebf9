import ArgumentParser
import Contracts
import Foundation
import Messaging

/// `qlvbctl dead-letters …`: what an operator needs to clear failed messages (thư lỗi).
struct DeadLetters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters",
        abstract: "Inspect, edit, replay and discard dead-lettered messages (admin role).",
        discussion: """
            Each service keeps its own dead letters. Services are reached at --url NAME=URL (repeatable),
            else QLVB_ADMIN_URLS (comma-separated NAME=URL), else the local ports of scripts/run.
            The token comes from --token or QLVB_ADMIN_TOKEN and must carry the admin role.
            Every action is recorded with the token's account.
            """,
        subcommands: [List.self, Groups.self, Show.self, Edit.self, Replay.self, Replays.self, Cancel.self, Discard.self, Audit.self])
}

struct Connection: ParsableArguments {
    @Option(help: "A service's admin URL, NAME=URL (repeatable).") var url: [String] = []
    @Option(help: "Only these services (repeatable).") var service: [String] = []
    @Option(help: "Admin bearer token (else QLVB_ADMIN_TOKEN).") var token: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func client() throws -> AdminClient { try AdminClient(urls: url, services: service, token: token) }
}

struct FilterOptions: ParsableArguments {
    @Option(help: "Original queue, e.g. numbering.document.received.") var queue: String?
    @Option(help: "Message type, e.g. document.received.") var type: String?
    @Option(help: "Part of the last error (case-insensitive).") var errorContains: String?
    @Option(help: "Failed at or after (ISO 8601).") var from: String?
    @Option(help: "Failed before (ISO 8601).") var to: String?
    @Option(help: "dead, queued, replayed or discarded.") var state: String?

    var query: [URLQueryItem] {
        [("queue", queue), ("type", type), ("errorContains", errorContains), ("from", from), ("to", to), ("state", state)]
            .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
    }

    var filter: DeadLetterFilter {
        get throws {
            func date(_ s: String?) throws -> Date? {
                guard let s else { return nil }
                guard let d = ContractCoding.parseTimestamp(s) ?? ISO8601DateFormatter().date(from: s) else { throw CLIError("not an ISO 8601 time: \(s)") }
                return d
            }
            return DeadLetterFilter(
                originalQueue: queue, type: type, errorContains: errorContains, from: try date(from), to: try date(to),
                state: try state.map { s in guard let v = DeadLetter.State(rawValue: s) else { throw CLIError("unknown state \(s)") }; return v })
        }
    }

    var isEmpty: Bool { query.isEmpty }
}

struct Page: Decodable, Sendable { var items: [DeadLetter]; var next: Int64? }

func printJSON(_ value: some Encodable) throws {
    let encoder = ContractCoding.encoder()
    encoder.outputFormatting.insert(.prettyPrinted)
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

func short(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

extension DeadLetters {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters, oldest first.")
        @OptionGroup var connection: Connection
        @OptionGroup var filter: FilterOptions
        @Option(help: "At most this many per service.") var limit = 50

        func run() async throws {
            let client = try connection.client()
            let items = await client.everywhere(Page.self, "admin/dead-letters", query: filter.query + [URLQueryItem(name: "limit", value: String(limit))])
                .flatMap { page in page.value.items.map { (page.service, $0) } }
            if connection.json { return try printJSON(items.map(\.1)) }
            print("ID                                    SERVICE        STATE      FAILED AT                 QUEUE / ERROR")
            for (service, d) in items {
                print("\(d.id.uuidString.lowercased())  \(service.padding(toLength: 14, withPad: " ", startingAt: 0)) \(d.state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(ContractCoding.formatTimestamp(d.failedAt))  \(d.originalQueue)")
                print("      \(short(d.lastError, 110))")
            }
            print("\(items.count) dead letter(s)")
        }
    }

    struct Groups: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count waiting dead letters by queue, type and error; each group has a key for replay/discard --group.")
        @OptionGroup var connection: Connection
        @OptionGroup var filter: FilterOptions

        func run() async throws {
            let client = try connection.client()
            let groups = await client.joined([DeadLetterGroup].self, "admin/dead-letters/groups", query: filter.query).sorted { $0.1.count > $1.1.count }
            if connection.json { return try printJSON(groups.map(\.1)) }
            for (service, g) in groups {
                print("\(String(g.count).padding(toLength: 6, withPad: " ", startingAt: 0)) \(g.originalQueue)  [\(g.type ?? "?"), \(g.errorClass ?? "?")]  \(ContractCoding.formatTimestamp(g.firstFailedAt)) … \(ContractCoding.formatTimestamp(g.lastFailedAt))")
                print("       error: \(short(g.error, 110))")
                print("       --group \(try GroupKey(service: service, filter: g.filter).encoded())")
            }
            print("\(groups.reduce(0) { $0 + $1.1.count }) waiting in \(groups.count) group(s)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one dead letter: headers, payload, attempts, last error.")
        @OptionGroup var connection: Connection
        @Argument var id: UUID

        func run() async throws {
            let client = try connection.client()
            let (e, answer) = try await client.owner(of: "admin/dead-letters/\(id.uuidString.lowercased())")
            let letter = try client.decode(DeadLetter.self, answer, from: e)
            try printJSON(letter)
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a waiting dead letter's body with a file (fix it before a replay).")
        @OptionGroup var connection: Connection
        @Argument var id: UUID
        @Option(help: "The new body (JSON envelope).") var file: String

        func run() async throws {
            let client = try connection.client()
            let path = "admin/dead-letters/\(id.uuidString.lowercased())"
            let (e, _) = try await client.owner(of: path)
            let body = try Data(contentsOf: URL(fileURLWithPath: file))
            let letter = try client.decode(DeadLetter.self, try await client.call(e, "PUT", path + "/body", body: body), from: e)
            print("edited \(letter.id.uuidString.lowercased()) in \(e.service) by \(letter.editedBy ?? "?"); replay it with: qlvbctl dead-letters replay --id \(letter.id.uuidString.lowercased())")
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send dead letters back to their original queue (or --redirect-to another), optionally throttled.",
            discussion: "Select with --id (repeatable), --group KEY (from `groups`), or filters with --all-matching. A message already processed is a no-op at its consumer.")
        @OptionGroup var connection: Connection
        @OptionGroup var filter: FilterOptions
        @Option(help: "A dead letter id (repeatable).") var id: [UUID] = []
        @Option(help: "A group key printed by `groups`.") var group: String?
        @Flag(help: "Replay everything the filters match.") var allMatching = false
        @Option(help: "Redirect to this queue instead of the original one.") var redirectTo: String?
        @Option(help: "At most this many messages per second.") var rate: Double?
        @Flag(help: "Follow the progress until the replay ends.") var wait = false

        func run() async throws {
            let client = try connection.client()
            let targets = try await Selection.resolve(client: client, ids: id, group: group, filter: filter, allMatching: allMatching)
            for (e, selection) in targets {
                struct Request: Encodable { var ids: [UUID]?; var filter: DeadLetterFilter?; var targetQueue: String?; var rate: Double? }
                let body = try ContractCoding.encoder().encode(Request(ids: selection.ids, filter: selection.filter, targetQueue: redirectTo, rate: rate))
                let answer = try await client.call(e, "POST", "admin/dead-letters/replays", body: body)
                if allMatching, answer.status == 422, targets.count > 1 {
                    print("\(e.service): nothing matches")  // filters go to every service; most have none
                    continue
                }
                let job = try client.decode(ReplayJob.self, answer, from: e)
                print("\(e.service): replay \(job.id.uuidString.lowercased()) started for \(job.total) message(s)")
                if wait { try await Replays.follow(job.id, at: e, client: client) }
            }
        }
    }

    struct Replays: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List replays, or follow one (--follow ID) until it ends.")
        @OptionGroup var connection: Connection
        @Option(help: "Follow this replay's progress.") var follow: UUID?

        func run() async throws {
            let client = try connection.client()
            if let follow {
                let (e, _) = try await client.owner(of: "admin/dead-letters/replays/\(follow.uuidString.lowercased())")
                return try await Self.follow(follow, at: e, client: client)
            }
            let jobs = await client.joined([ReplayJob].self, "admin/dead-letters/replays")
            if connection.json { return try printJSON(jobs.map(\.1)) }
            for (service, j) in jobs {
                print("\(j.id.uuidString.lowercased())  \(service)  \(j.state.rawValue)  \(j.done)/\(j.total)  by \(j.requestedBy) at \(ContractCoding.formatTimestamp(j.requestedAt))\(j.lastError.map { "  error: \($0)" } ?? "")")
            }
        }

        static func follow(_ id: UUID, at e: AdminClient.Endpoint, client: AdminClient) async throws {
            while true {
                let job = try client.decode(ReplayJob.self, try await client.call(e, "GET", "admin/dead-letters/replays/\(id.uuidString.lowercased())"), from: e)
                print("\(e.service): \(job.state.rawValue) \(job.done)/\(job.total)\(job.lastError.map { " — \($0)" } ?? "")")
                if job.state != .running {
                    if job.state == .cancelled { throw ExitCode(1) }
                    return
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a running replay; what it has not sent waits again.")
        @OptionGroup var connection: Connection
        @Argument var id: UUID

        func run() async throws {
            let client = try connection.client()
            let path = "admin/dead-letters/replays/\(id.uuidString.lowercased())"
            let (e, _) = try await client.owner(of: path)
            let job = try client.decode(ReplayJob.self, try await client.call(e, "POST", path + "/cancel"), from: e)
            print("\(e.service): replay \(job.id.uuidString.lowercased()) cancelled after \(job.done)/\(job.total)")
        }
    }

    struct Discard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Discard dead letters with a reason (kept for the audit, never replayed).")
        @OptionGroup var connection: Connection
        @OptionGroup var filter: FilterOptions
        @Option(help: "A dead letter id (repeatable).") var id: [UUID] = []
        @Option(help: "A group key printed by `groups`.") var group: String?
        @Flag(help: "Discard everything the filters match.") var allMatching = false
        @Option(help: "Why (required).") var reason: String

        func run() async throws {
            let client = try connection.client()
            for (e, selection) in try await Selection.resolve(client: client, ids: id, group: group, filter: filter, allMatching: allMatching) {
                struct Request: Encodable { var ids: [UUID]?; var filter: DeadLetterFilter?; var reason: String }
                struct Count: Decodable { var count: Int }
                let body = try ContractCoding.encoder().encode(Request(ids: selection.ids, filter: selection.filter, reason: reason))
                let n = try client.decode(Count.self, try await client.call(e, "POST", "admin/dead-letters/discard", body: body), from: e)
                print("\(e.service): \(n.count) discarded")
            }
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who did what to dead letters, newest first.")
        @OptionGroup var connection: Connection

        func run() async throws {
            let client = try connection.client()
            let actions = await client.joined([DeadLetterAction].self, "admin/dead-letters/actions").sorted { $0.1.at > $1.1.at }
            if connection.json { return try printJSON(actions.map(\.1)) }
            for (service, a) in actions {
                print("\(ContractCoding.formatTimestamp(a.at))  \(service)  \(a.actor)  \(a.action)  \(a.count)\(a.reason.map { "  (\($0))" } ?? "")")
            }
        }
    }
}

/// A group as a token the operator can paste: which service, which filter.
struct GroupKey: Codable {
    var service: String
    var filter: DeadLetterFilter

    func encoded() throws -> String {
        try ContractCoding.encoder().encode(self).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    init(service: String, filter: DeadLetterFilter) {
        self.service = service
        self.filter = filter
    }

    init(decoding key: String) throws {
        var b = key.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        guard let data = Data(base64Encoded: b), let value = try? ContractCoding.decoder().decode(GroupKey.self, from: data) else {
            throw CLIError("not a group key printed by `qlvbctl dead-letters groups`: \(key)")
        }
        self = value
    }
}

enum Selection {
    /// Which services get which selection: ids go to the service that has each; a group to its service;
    /// filters to every service.
    static func resolve(
        client: AdminClient, ids: [UUID], group: String?, filter: FilterOptions, allMatching: Bool
    ) async throws -> [(AdminClient.Endpoint, DeadLetterSelection)] {
        let chosen = [!ids.isEmpty, group != nil, allMatching].filter { $0 }.count
        guard chosen == 1 else { throw CLIError("choose exactly one of --id, --group or --all-matching (with filters)") }
        if let group {
            let key = try GroupKey(decoding: group)
            guard let e = client.endpoints.first(where: { $0.service == key.service }) else {
                throw CLIError("the group belongs to \(key.service), which is not among the admin URLs")
            }
            return [(e, DeadLetterSelection(filter: key.filter))]
        }
        if allMatching { return client.endpoints.map { ($0, DeadLetterSelection(filter: try? filter.filter)) }.filter { $0.1.filter != nil } }
        var byService: [String: (AdminClient.Endpoint, [UUID])] = [:]
        for id in ids {
            let (e, _) = try await client.owner(of: "admin/dead-letters/\(id.uuidString.lowercased())")
            byService[e.service, default: (e, [])].1.append(id)
        }
        return byService.values.map { ($0.0, DeadLetterSelection(ids: $0.1)) }
    }
}

extension UUID: @retroactive ExpressibleByArgument {
    public init?(argument: String) { self.init(uuidString: argument) }
}
