import Foundation

/// A specialist or department head starts a draft (soạn thảo): version 1, without files yet.
struct CreateDraft: Sendable {
    var documentType: String?
    var subject: String?
    var recipients: [String]
    /// Độ mật; any mark is refused.
    var secrecy: String?
    var note: String?
    /// The incoming document this draft answers: registered in the same agency.
    var answers: UUID? = nil
    /// The issued document of the agency this draft updates or replaces.
    var changes: DraftChange? = nil

    /// The input's own rules, checked before anything is read.
    func validated() throws -> (type: String, subject: String, recipients: [String]) {
        let type = try TextInput.required(documentType, field: "documentType", max: 100)
        let subject = try TextInput.required(self.subject, field: "subject", max: 1000)
        let recipients = try DraftContent.recipients(self.recipients)
        try DraftContent.refuseSecret(secrecy: secrecy, subject: subject)
        return (type, subject, recipients)
    }

    func run(_ context: CommandContext, drafts: some Drafts, documents: (any IncomingReading)? = nil) async throws -> Outcome<DraftDetail> {
        let input = try validated()
        let acting = context.acting
        try DraftPolicy.mayCreate(acting)
        if let answers {
            // Only a document the agency registered can be answered; another agency's is as unknown as none.
            _ = try IncomingPolicy.visible(try await documents?.document(answers, agency: acting.agency, forUpdate: false))
        }
        if let changes {
            _ = try RecallPolicy.changeable(try await drafts.draft(changes.draft, agency: acting.agency, forUpdate: false))
        }
        var draft = Draft(
            id: UUID(), agency: acting.agency, author: acting.principal, state: .drafting, currentVersion: 1, createdAt: context.now,
            updatedAt: context.now)
        draft.answers = answers
        draft.changes = changes
        let version = DraftVersion(
            draftId: draft.id, version: 1, documentType: input.type, subject: input.subject, recipients: input.recipients, files: [],
            note: note, author: acting.principal, createdAt: context.now)
        try await drafts.create(draft, version)
        var record = context.record()
        record.audit(
            "draft.create", subject: draft.id.lowercased,
            details: ["subject": input.subject].merging(answers.map { ["answers": $0.lowercased] } ?? [:]) { a, _ in a }
                .merging(changes.map { ["changes": $0.draft.lowercased, "change": $0.kind.rawValue] } ?? [:]) { a, _ in a })
        return record.outcome(DraftDetail(draft: draft, version: version, reviewers: [], comments: []))
    }
}
