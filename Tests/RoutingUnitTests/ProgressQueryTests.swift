import Auth
import Foundation
import Testing

@testable import RoutingService

@Suite("Progress view")
struct ProgressQueryTests {
    /// One fixed line, whatever is asked.
    struct OneLine: ProgressReading {
        func rows(agency: String, now: Date, from: Date?, to: Date?) async throws -> [ProgressRow] {
            [ProgressRow(departmentId: nil, department: "Văn phòng", onTime: 1, late: 0, overdue: 2, open: 3)]
        }
    }

    @Test("Leaders, and a delegate acting for one, see the progress; a department head or a clerk does not", arguments: [
        (Fixture.head, true), (Fixture.deputy, true), (Fixture.delegate("vanthu", for: "thutruong", [.head]), true),
        (Fixture.departmentHead, false), (Fixture.clerk, false),
    ])
    func whoSeesProgress(_ acting: Acting, _ allowed: Bool) async {
        let refused = await asyncRefusal { _ = try await ProgressQuery.report(acting, now: Fixture.now, from: nil, to: nil, reading: OneLine()) }
        #expect(refused == (allowed ? nil : "leader_only"))
    }
}
