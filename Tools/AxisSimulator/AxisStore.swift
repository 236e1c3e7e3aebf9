import AxisHTTP
import Foundation

/// What the simulated axis holds: every packet sent to it, one file each (`<dir>/<messagetype>-<DocId>.edxml`, e.g.
/// `edoc-65f3a1c2e4b0a1b2c3d4e5f6.edxml`, byte for byte), and
/// for each the recipients it is queued for with their delivery state. Every change is appended to `<dir>/journal.jsonl`
/// (one JSON object a line), replayed at start, so a restarted simulator still has its queues.
actor AxisStore {
    struct Document: Codable, Sendable {
        var docId: String
        /// The sending system (`systemid`) and the `from` header.
        var sender: String
        var from: String
        var messageType: String
        var created: String
        /// systemId → `initial`, `done`, `fail`, `processing`.
        var recipients: [String: String]
        /// Recipients named by the packet that are not agencies of the simulator (kept, delivered to nobody).
        var unknownRecipients: [String]
        var updated: String
    }

    /// One line of the journal: a new document, or a recipient's new state.
    struct Change: Codable {
        var add: Document?
        var docId: String?
        var recipient: String?
        var status: String?
        var time: String?
    }

    let folder: URL
    private var documents: [Document] = []
    private var position: [String: Int] = [:]
    private let journal: FileHandle

    init(folder: URL) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("journal.jsonl")
        if let data = try? Data(contentsOf: path) {
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let change = try? JSONDecoder().decode(Change.self, from: Data(line)) else { continue }
                if let document = change.add {
                    position[document.docId] = documents.count
                    documents.append(document)
                } else if let id = change.docId, let index = position[id], let recipient = change.recipient, let status = change.status {
                    documents[index].recipients[recipient] = status
                    if let time = change.time { documents[index].updated = time }
                }
            }
        } else {
            FileManager.default.createFile(atPath: path.path, contents: nil)
        }
        journal = try FileHandle(forWritingTo: path)
        try journal.seekToEnd()
    }

    /// 24 hex digits, safe as a file name (the receiving SDK writes `<DocId>.edxml`).
    static func newDocId() -> String {
        (0..<12).map { _ in UInt8.random(in: 0...255) }.map { String(format: "%02x", $0) }.joined()
    }

    static func now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date())
    }

    func file(_ docId: String, _ messageType: String) -> URL {
        // The message type comes from a signed header: only a plain word becomes part of a file name.
        let kind = messageType.allSatisfy { $0.isLetter || $0.isNumber } && !messageType.isEmpty ? messageType : "other"
        return folder.appendingPathComponent("\(kind)-\(docId).edxml")
    }

    func add(packet: Data, sender: String, from: String, messageType: String, recipients: [String], unknown: [String]) throws -> String {
        let docId = Self.newDocId()
        try packet.write(to: file(docId, messageType), options: .atomic)
        let time = Self.now()
        documents.append(Document(
            docId: docId, sender: sender, from: from, messageType: messageType, created: time,
            recipients: Dictionary(recipients.map { ($0, "initial") }, uniquingKeysWith: { a, _ in a }), unknownRecipients: unknown,
            updated: time))
        position[docId] = documents.count - 1
        try append(Change(add: documents[documents.count - 1]))
        return docId
    }

    /// Documents of `messageType` waiting for `systemId`: those it has not marked `done` or `fail`, oldest first, at
    /// most `limit` (the next list call gives the rest).
    func received(by systemId: String, messageType: String, limit: Int = 200) -> [VXPListItem] {
        documents.lazy.filter { $0.messageType == messageType && ["initial", "processing"].contains($0.recipients[systemId] ?? "") }
            .prefix(limit).map { item($0, to: systemId, status: $0.recipients[systemId]!) }
    }

    /// Documents `systemId` sent, one item per recipient with its state; narrowed to one `docId` when given.
    func sent(by systemId: String, messageType: String, docId: String?) -> [VXPListItem] {
        documents.filter { $0.sender == systemId && $0.messageType == messageType && (docId == nil || $0.docId == docId) }
            .flatMap { document in
                document.recipients.sorted { $0.key < $1.key }.map { item(document, to: $0.key, status: $0.value) }
                    + document.unknownRecipients.map { item(document, to: $0, status: "unknown") }
            }
    }

    func item(_ document: Document, to: String, status: String) -> VXPListItem {
        VXPListItem(
            docId: document.docId, from: document.from, to: to, status: status, statusDescription: Self.describe(status),
            serviceType: "eDoc", messageType: document.messageType, createdTime: document.created, updatedTime: document.updated)
    }

    static func describe(_ status: String) -> String {
        switch status {
        case "initial": "Chờ nhận"
        case "processing": "Đang xử lý"
        case "done": "Đã nhận"
        case "fail": "Nhận lỗi"
        default: "Không có trên trục"
        }
    }

    /// The packet for a recipient (or its sender); nil when `systemId` may not read it or it does not exist.
    func packet(_ docId: String, for systemId: String) -> Data? {
        guard let index = position[docId], case let document = documents[index],
            document.recipients[systemId] != nil || document.sender == systemId
        else { return nil }
        return try? Data(contentsOf: file(docId, document.messageType))
    }

    /// Sets a recipient's state; false when the document is not queued for it.
    func update(_ docId: String, for systemId: String, status: String) throws -> Bool {
        guard let index = position[docId], documents[index].recipients[systemId] != nil else { return false }
        let time = Self.now()
        documents[index].recipients[systemId] = status
        documents[index].updated = time
        try append(Change(docId: docId, recipient: systemId, status: status, time: time))
        return true
    }

    private func append(_ change: Change) throws {
        var line = try JSONEncoder().encode(change)
        line.append(UInt8(ascii: "\n"))
        try journal.write(contentsOf: line)
    }
}
