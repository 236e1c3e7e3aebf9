import Foundation
import Storage

/// Files documents into dossiers from events, where the work says where they go (Sơn La regulation art. 13.3):
///
/// - an incoming document, when its main handler completes the task (`task.completed`), goes into the open dossiers
///   that already hold its issued answer, otherwise into the handler's dossier for such work: the open dossier they
///   marked as default, or their only open one;
/// - an outgoing document, when it is issued (`document.sealed` with a number), goes into the open dossiers holding
///   the incoming document it answers, otherwise into its author's default (or only) open dossier;
/// - an incoming document and its issued answers travel together: filing one files the others.
///
/// Anything else waits in its owner's list of unfiled documents to be filed by hand.
struct AutoFiling: Sendable {
    let dossiers: DossierStore
    let catalog: DocumentCatalog

    /// Returns the dossiers the document went into.
    @discardableResult
    func fileCompleted(_ document: UUID, handler: String, agency: String, at: Date, in tx: PGTransaction) async throws -> [UUID] {
        // The queues are separate: the completion may arrive before the document's description, which fills in later.
        try await catalog.ensure(document, direction: .incoming, owner: handler, agency: agency, in: tx)
        let answers = try await catalog.issuedAnswers(of: document, agency: agency, executor: tx)
        var targets: [UUID] = []
        for answer in answers { targets += try await dossiers.openDossiers(holding: answer, agency: agency, executor: tx) }
        if targets.isEmpty, let own = try await dossiers.autoFileTarget(owner: handler, agency: agency, executor: tx) { targets = [own] }
        for target in Set(targets) {
            try await file(document, into: target, how: "task.completed", actor: handler, at: at, in: tx)
            for answer in answers { try await file(answer, into: target, how: "answer", actor: handler, at: at, in: tx) }
        }
        return Array(Set(targets))
    }

    @discardableResult
    func fileIssued(_ document: UUID, agency: String, at: Date, in tx: PGTransaction) async throws -> [UUID] {
        guard let doc = try await catalog.document(document, agency: agency, executor: tx) else { return [] }
        var targets: [UUID] = []
        if let answers = doc.answers { targets = try await dossiers.openDossiers(holding: answers, agency: agency, executor: tx) }
        if targets.isEmpty, let owner = doc.owner, let own = try await dossiers.autoFileTarget(owner: owner, agency: agency, executor: tx) {
            targets = [own]
            // The incoming document it answers comes along when it is not filed anywhere yet.
            if let answers = doc.answers, try await catalog.document(answers, agency: agency, executor: tx) != nil,
               try await !dossiers.isFiled(answers, in: tx) {
                try await file(answers, into: own, how: "answer", actor: owner, at: at, in: tx)
            }
        }
        for target in Set(targets) { try await file(document, into: target, how: "document.sealed", actor: doc.owner ?? "system", at: at, in: tx) }
        return Array(Set(targets))
    }

    private func file(_ document: UUID, into dossier: UUID, how: String, actor: String, at: Date, in tx: PGTransaction) async throws {
        if try await dossiers.file(document, into: dossier, by: actor, how: how, at: at, in: tx) {
            try await dossiers.log(dossier, "file", actor: actor, at: at, details: ["document": document.uuidString.lowercased(), "how": how], in: tx)
        }
    }
}
