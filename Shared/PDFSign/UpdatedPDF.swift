/// A new revision: the original bytes (untouched) followed by an appended incremental update.
///
/// The original buffer is shared, not copied; `write(to:)` streams both parts to disk.
public struct UpdatedPDF: Sendable {
    public let original: [UInt8]
    public let originalLength: Int
    /// The bytes appended after `original[0..<originalLength]`.
    public let appended: [UInt8]

    public var count: Int { originalLength + appended.count }

    /// The whole file as one buffer (a copy; prefer `write(to:)` for large files).
    public var bytes: [UInt8] { Array(original[0..<originalLength]) + appended }

    /// Writes the new file atomically (temporary file + rename).
    public func write(to path: String) throws {
        try FileIO.write(path, parts: [(original, 0..<originalLength), (appended, 0..<appended.count)])
    }

    /// Reads the new revision (requires one copy of the file into a new buffer).
    public func document(limits: PDFLimits = .standard) throws -> PDFDocument { try PDFDocument(bytes: bytes, limits: limits) }
}

extension PDFDocument {
    /// Reads a PDF file within `limits`.
    public init(path: String, limits: PDFLimits = .standard) throws {
        try self.init(bytes: try FileIO.read(path), limits: limits)
    }
}
