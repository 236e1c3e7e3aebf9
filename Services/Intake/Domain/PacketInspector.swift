import BlobStore
import Contracts
import EdXML
import Foundation

/// Validates one packet file exactly as a delivery is validated; with a blob store the attachments are streamed into
/// it as they are decoded, without one (the offline `intake check`) their bytes are only looked at.
struct PacketInspector: Sendable {
    var settings: IntakeSettings
    var blobs: FileBlobStore?
    /// The moment dates are judged against (`PlausibilityCheck`).
    var now: @Sendable () -> Date = { Date() }

    var limits: EdXMLLimits {
        var limits = EdXMLLimits.default
        limits.maxAttachmentBytes = settings.maxAttachmentBytes
        limits.maxPacketBytes = max(limits.maxPacketBytes, Int(settings.maxAttachmentBytes) * 2 + 16 * 1024 * 1024)
        return limits
    }

    /// What the sink keeps of one attachment.
    struct Seen: Sendable {
        var prefix: [UInt8] = []
        var count: Int64 = 0
        var blob: BlobRef?

        mutating func observe(_ chunk: Data) {
            count += Int64(chunk.count)
            if prefix.count < AttachmentRules.sniffLength { prefix += chunk.prefix(AttachmentRules.sniffLength - prefix.count) }
        }
    }

    /// Never throws for a bad packet: the refusal is in the result. Throws only for failures of this installation
    /// (blob store I/O), which deserve a retry rather than a refusal.
    func inspect(_ file: URL) async throws -> Inspection {
        let result: EdXMLReader.Result<Seen>
        do {
            result = try await EdXMLReader(limits: limits).read(contentsOf: file) { info, chunks in
                try await store(info, chunks)
            }
        } catch let error as EdXMLError {
            return .refused(IntakeRefusal(error))
        } catch let refusal as IntakeRefusal {
            return .refused(refusal)
        }
        let message = result.message
        let addressees: [HostedAgency]
        switch message {
        case .document(let packet): addressees = packet.header.to.compactMap { settings.agency($0.organId) }
        case .status(let status): addressees = settings.agency(status.responseFor.organId).map { [$0] } ?? []
        }
        guard !addressees.isEmpty else { return .refused(.notAddressedHere, message: message) }
        var warnings: [String] = []
        do throws(IntakeRefusal) {
            switch message {
            case .document(let packet): warnings += try PlausibilityCheck.check(packet, now: now())
            case .status(let status): try PlausibilityCheck.check(status, now: now())
            }
        } catch {
            return .refused(error, message: message, addressees: addressees)
        }

        let signature: EdXMLSignatureInfo?
        // The certificate must have been valid when the sender signed: the sender's latest trace, else now.
        let signingTime: Date
        switch message {
        case .document(let packet):
            signature = packet.signature
            signingTime = packet.traceHeaderList.traceHeaders.map(\.timestamp).max()?.date ?? now()
        case .status(let status):
            signature = status.signature
            signingTime = status.timestamp.date
        }
        var signer: String?
        if signature != nil || settings.signature == .required {
            switch verifySignature(file, signingTime: signingTime) {
            case .valid(let subject): signer = subject
            case .untrusted(let subject, let reason):
                return .refused(.signatureUntrusted(subject: subject, reason), message: message, addressees: addressees)
            case .unsigned: return .refused(.signatureMissing(), message: message, addressees: addressees)
            case .invalid(let reason):
                // The SDK's signature without the XML-DSig namespace is a library artefact (domain.md §1.6) that does
                // not verify even on untouched packets: with the optional policy it is noted, not refused. A real
                // XML-DSig signature (W3C namespace) that fails means the packet was changed: refused.
                guard settings.signature == .optional, signature?.isW3CNamespace == false else {
                    return .refused(.signatureInvalid(reason), message: message, addressees: addressees)
                }
                warnings.append("signature_unverified: SDK-style signature without the XML-DSig namespace does not verify (\(reason))")
            }
        }

        var attachments: [AttachmentRef] = []
        if case .document(let packet) = message {
            do throws(IntakeRefusal) {
                try SecrecyCheck.check(packet.header)
                let declared = Dictionary(packet.references.map { ($0.contentId, $0.contentType) }, uniquingKeysWith: { a, _ in a })
                for attachment in result.attachments {
                    let info = attachment.info
                    try AttachmentRules.checkName(info.attachmentName, contentId: info.contentId)
                    // A zipped attachment is declared application/zip: only the inner file's bytes can be checked.
                    let type = info.zipped ? nil : (info.contentType ?? declared[info.contentId] ?? nil)
                    do throws(IntakeRefusal) {
                        try AttachmentRules.checkContent(
                            name: info.attachmentName, declaredType: type, prefix: attachment.stored.prefix, byteCount: attachment.byteCount)
                    } catch where info.zipped && error.code == "attachment_type_mismatch" && !AttachmentRules.isExecutable(attachment.stored.prefix) {
                        // The SDK zips each file under a name of its own; the shared samples carry placeholder files
                        // zipped under a .doc name. Inside such a ZIP only programs are refused; the mismatch is noted.
                        warnings.append("attachment_type_unverified: \(info.attachmentName) inside the SDK's ZIP is not a .\(info.fileExtension ?? "")")
                    }
                    if let blob = attachment.stored.blob {
                        attachments.append(AttachmentRef(name: info.attachmentName, blob: blob, description: info.description))
                    }
                }
            } catch {
                return .refused(error, message: message, addressees: addressees)
            }
        }
        return Inspection(message: message, addressees: addressees, attachments: attachments, signer: signer, warnings: warnings, refusal: nil)
    }

    private func store(_ info: EdXMLAttachmentInfo, _ chunks: EdXMLAttachmentChunks) async throws -> Seen {
        var seen = Seen()
        guard let blobs else {
            for try await chunk in chunks { seen.observe(chunk) }
            return seen
        }
        let box = SeenBox()
        let ref = try await blobs.put(mediaType: AttachmentRules.mediaType(forName: info.attachmentName)) { writer in
            for try await chunk in chunks {
                box.seen.observe(chunk)
                try await writer.write(chunk)
            }
        }
        seen = box.seen
        seen.blob = ref
        return seen
    }

    private func verifySignature(_ file: URL, signingTime: Date) -> EdXMLSignatureStatus {
        guard let data = try? Data(contentsOf: file, options: .alwaysMapped) else { return .invalid(reason: "unreadable packet") }
        return EdXMLSignature.verify(
            data, limits: limits, policy: EdXMLTrustPolicy(trustStore: settings.trustStore, signingTime: signingTime))
    }
}

/// Carries what the blob-store closure saw out of it.
private final class SeenBox: @unchecked Sendable {
    var seen = PacketInspector.Seen()
}
