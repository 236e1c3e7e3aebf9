import Foundation
import Synchronization

/// Working-day calendar of civil servants (lịch làm việc của cán bộ, công chức): Monday–Friday
/// (QĐ 188/1999/QĐ-TTg) minus the year's days off, plus its make-up working weekend days.
///
/// Counting follows the Civil Code 2015 art. 147–148: a period starts the day after the event and ends at
/// 24:00 of its last day; for "N working days" only working days are counted (domain.md §5).
public struct WorkingCalendar: Sendable {
    /// Years given explicitly: the bundled notices, then the caller's (which win).
    private let given: [Int: YearIndex]

    /// Announced years from the bundled JSON (Calendars/<year>.json), other years computed (lunar defaults).
    public static let standard: WorkingCalendar = {
        do {
            return WorkingCalendar(indexing: try bundledYears(), overriding: [])
        } catch {
            // The files ship with the code and a test decodes them, so this is a build defect, not user input.
            preconditionFailure("bundled calendars are invalid: \(error)")
        }
    }()

    /// Extra or overriding year data (e.g. an agency's admin loads next year's announcement), on top of the
    /// bundled announced years; a year given twice takes the last one. Validate uploads with `YearCalendar.decode(json:)`.
    public init(years: [YearCalendar]) {
        self.init(indexing: Self.standard.given.values.map(\.calendar), overriding: years)
    }

    private init(indexing base: [YearCalendar], overriding: [YearCalendar]) {
        var index: [Int: YearIndex] = [:]
        for year in base + overriding { index[year.year] = YearIndex(year) }
        given = index
    }

    /// The data used for a year: given (announced) or computed.
    public func calendar(for year: Int) -> YearCalendar { index(year).calendar }

    public func isWorkingDay(_ d: CivilDate) -> Bool { dayOff(d) == nil }

    /// Why a day is not worked: "Tết Nguyên đán", "Thứ Bảy", ... (nil for a working day).
    public func dayOff(_ d: CivilDate) -> String? {
        let year = index(d.year)
        if let name = year.daysOff[d] { return name }
        if year.workedWeekendDays.contains(d) { return nil }
        switch d.weekday {
        case 6: return HolidayName.saturday
        case 7: return HolidayName.sunday
        default: return nil
        }
    }

    /// The N-th working day after `d` (counting starts the day after, Civil Code art. 147); n >= 1.
    ///
    /// Total for other n, so a bad number never crashes a service:
    /// - n = 0: `d` itself if it is a working day, else the next working day ("the same day, at the latest the
    ///   next working day", Decree 30/2020 art. 4);
    /// - n < 0: the |n|-th working day before `d` (e.g. a reminder two working days before a deadline).
    public func addingWorkingDays(_ n: Int, to d: CivilDate) -> CivilDate {
        var day = d
        if n == 0 {
            while !isWorkingDay(day) { day = day.adding(days: 1) }
            return day
        }
        let step = n > 0 ? 1 : -1
        var remaining = abs(n)
        while remaining > 0 {
            day = day.adding(days: step)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// Deadline instant for "N working days" from an assignment instant: end (24:00 Vietnam time) of the N-th working day.
    /// The assignment day is the Vietnam calendar day of `assignedAt` (an assignment at 23:30 UTC is already the next day).
    /// For n <= 0 see `addingWorkingDays`: 0 gives the end of the assignment day (or of the next working day).
    public func deadline(assignedAt: Date, workingDays: Int) -> Date {
        addingWorkingDays(workingDays, to: CivilDate.inVietnam(assignedAt)).adding(days: 1).startInVietnam
    }

    /// Working days strictly after `from` up to and including `to` (0 if to <= from).
    public func workingDays(from: CivilDate, to: CivilDate) -> Int {
        guard from < to else { return 0 }
        var count = 0
        var day = from.adding(days: 1)
        while day <= to {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    // MARK: Data

    /// The announced years shipped with the code (Calendars/<year>.json), validated.
    public static func bundledYears() throws -> [YearCalendar] {
        guard let folder = Bundle.module.url(forResource: "Calendars", withExtension: nil) else {
            throw CalendarDataError.malformed(reason: "Calendars/ missing from the bundle")
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { file in
            let year = try YearCalendar.decode(json: try Data(contentsOf: file))
            guard file.deletingPathExtension().lastPathComponent == String(year.year) else {
                throw CalendarDataError.malformed(reason: "\(file.lastPathComponent) holds year \(year.year)")
            }
            return year
        }
    }

    private func index(_ year: Int) -> YearIndex {
        if let known = given[year] { return known }
        return Self.computed.withLock { cache in
            if let known = cache[year] { return known }
            let made = YearIndex(.computedDefault(year: year))
            cache[year] = made
            return made
        }
    }

    /// Computed defaults are the same for every calendar, so one process-wide cache serves all.
    private static let computed = Mutex<[Int: YearIndex]>([:])
}

/// A year's data arranged for look-ups by day.
private struct YearIndex: Sendable {
    let calendar: YearCalendar
    let daysOff: [CivilDate: String]
    let workedWeekendDays: Set<CivilDate>

    init(_ calendar: YearCalendar) {
        self.calendar = calendar
        daysOff = Dictionary(calendar.holidays.map { ($0.date, $0.name) }, uniquingKeysWith: { first, _ in first })
        workedWeekendDays = Set(calendar.workingWeekendDays.map(\.date))
    }
}
