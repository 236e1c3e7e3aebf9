import Foundation

/// `manifest.json` of one backup (sao lưu): what was dumped, from which snapshot, and the figures a restore is
/// checked against — rows and a checksum per table, SHA-256 per dump file and per blob (`blobs.sha256`).
struct BackupManifest: Codable {
    struct Schema: Codable { var name: String; var owner: String; var dump: String; var sha256: String; var size: Int64 }
    struct Extension: Codable { var name: String; var schema: String }
    struct Table: Codable, Equatable { var schema: String; var name: String; var rows: Int64; var checksum: String }
    struct Blobs: Codable {
        var count: Int
        var bytes: Int64
        /// Blobs copied from the store in this backup; the others are hard links to the previous backup's copies.
        var copied: Int
        var linked: Int
        /// `blobs.sha256`, in `sha256sum` format: one line per blob, its SHA-256 and its path in the backup.
        var list: String
        var listSHA256: String
    }

    var format = "qlvb-backup/1"
    var id: String
    var createdAt: Date
    var database: String
    var serverVersion: String
    var snapshot: String
    var schemas: [Schema]
    var extensions: [Extension]
    var tables: [Table]
    var blobs: Blobs

    static let fileName = "manifest.json"

    static func read(from directory: URL) throws -> BackupManifest {
        let url = directory.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url) else { throw CLIError("no \(fileName) in \(directory.path): not a complete backup") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(BackupManifest.self, from: data)
    }

    func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }
}

/// The database URL without its password, for manifests and messages.
func redacted(_ url: String) -> String {
    guard var components = URLComponents(string: url) else { return "(database)" }
    components.password = nil
    return components.string ?? "(database)"
}
