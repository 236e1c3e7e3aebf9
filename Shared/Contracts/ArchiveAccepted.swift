import Foundation

/// The agency archive (lưu trữ cơ quan) accepted a dossier.
public struct ArchiveAccepted: Event {
    public static let type = "archive.accepted"
    public static let version = 1

    public var dossierId: UUID
    public var archiveReference: String
    public var package: BlobRef
    public var acceptedAt: Date

    public init(dossierId: UUID, archiveReference: String, package: BlobRef, acceptedAt: Date) {
        self.dossierId = dossierId
        self.archiveReference = archiveReference
        self.package = package
        self.acceptedAt = acceptedAt
    }
}
