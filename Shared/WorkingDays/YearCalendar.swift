import Foundation

/// One year of the working calendar (lịch nghỉ lễ, Tết của một năm): the days off on top of weekends and the
/// weekend days worked instead (làm bù), as the government announces them for civil servants, or a computed default.
public struct YearCalendar: Codable, Sendable {
    public var year: Int
    /// True = from a government notice; false = the computed default (`computedDefault(year:)`) until the notice comes.
    public var announced: Bool
    /// Days off (incl. compensation days off and swapped days off); a holiday on a weekend may be listed for its name.
    public var holidays: [Holiday]
    /// Swapped/make-up working Saturdays (ngày làm bù): weekend days that are worked.
    public var workingWeekendDays: [Holiday]
    /// The notice(s) the data comes from, e.g. "Công văn 12729/VPCP-KGVX ngày 25/12/2025".
    public var source: String?
    /// What is not confirmed or was left out, for whoever maintains the data.
    public var notes: [String]

    public struct Holiday: Codable, Sendable, Hashable {
        public var date: CivilDate
        public var name: String

        public init(date: CivilDate, name: String) {
            self.date = date
            self.name = name
        }
    }

    public init(
        year: Int, announced: Bool, holidays: [Holiday], workingWeekendDays: [Holiday] = [], source: String? = nil,
        notes: [String] = []
    ) {
        self.year = year
        self.announced = announced
        self.holidays = holidays
        self.workingWeekendDays = workingWeekendDays
        self.source = source
        self.notes = notes
    }

    // MARK: JSON (Calendars/<year>.json, or an admin's upload): decoding validates

    private enum CodingKeys: String, CodingKey {
        case year, announced, holidays, workingWeekendDays, source, notes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            year: try c.decode(Int.self, forKey: .year),
            announced: try c.decode(Bool.self, forKey: .announced),
            holidays: try c.decode([Holiday].self, forKey: .holidays),
            workingWeekendDays: try c.decodeIfPresent([Holiday].self, forKey: .workingWeekendDays) ?? [],
            source: try c.decodeIfPresent(String.self, forKey: .source),
            notes: try c.decodeIfPresent([String].self, forKey: .notes) ?? [])
        try validate()
    }

    /// Decodes one year's JSON; every problem is a `CalendarDataError` naming the faulty day.
    public static func decode(json: Data) throws -> YearCalendar {
        do {
            return try JSONDecoder().decode(YearCalendar.self, from: json)
        } catch let error as CalendarDataError {
            throw error
        } catch {
            throw CalendarDataError.malformed(reason: "\(error)")
        }
    }

    /// Checks that the data can be trusted for deadlines: every day inside the year, no day both off and worked,
    /// no day listed twice, worked days really on a weekend, every day named.
    public func validate() throws {
        guard (1...9999).contains(year) else { throw CalendarDataError.yearOutOfRange(year) }
        var seen = Set<CivilDate>()
        for entry in holidays + workingWeekendDays {
            guard entry.date.year == year else { throw CalendarDataError.dateOutsideYear(entry.date, year: year) }
            guard !entry.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CalendarDataError.unnamedDay(entry.date)
            }
            guard seen.insert(entry.date).inserted else {
                let both = holidays.contains { $0.date == entry.date } && workingWeekendDays.contains { $0.date == entry.date }
                throw both ? CalendarDataError.offAndWorked(entry.date) : CalendarDataError.duplicateDay(entry.date)
            }
        }
        for entry in workingWeekendDays where !entry.date.isWeekend {
            throw CalendarDataError.workedDayNotOnWeekend(entry.date)
        }
    }

    // MARK: Default for a year not yet announced

    /// The default for a year not announced, from the Labour Code 2019 art. 112 (and art. 111(3) for compensation):
    /// - Tết Dương lịch 1/1;
    /// - Tết Nguyên đán 5 days: the last day of the old lunar year and the first 4 days of the new one
    ///   (the Prime Minister fixes the real 5 days each year; 2026's 16–20/2 is exactly this rule);
    /// - Giỗ Tổ Hùng Vương 10/3 lunar; Ngày Chiến thắng 30/4; Ngày Quốc tế Lao động 1/5;
    /// - Quốc khánh 2/9 and one adjacent day: 3/9 when 2/9 is a Monday or a Thursday (joining the weekend),
    ///   otherwise 1/9 (as chosen 2021–2026);
    /// - every one of those days that falls on a Saturday or Sunday (or on another holiday) is compensated by the
    ///   next Monday–Friday that is not already off (nghỉ bù), so a computed year always has 11 weekdays off.
    /// No swapped days (hoán đổi) or make-up Saturdays: those exist only by notice. Replace with the notice's data
    /// (`WorkingCalendar(years:)` or Calendars/<year>.json) as soon as it is published.
    public static func computedDefault(year: Int) -> YearCalendar {
        var official: [Holiday] = [Holiday(date: CivilDate(year: year, month: 1, day: 1), name: HolidayName.newYear)]
        // Optional only at the ends of years 1...9999, where the lunar year cannot be placed.
        if let tet = LunarCalendar.solar(from: .init(year: year, month: 1, day: 1)) {
            for offset in -1...3 {
                official.append(Holiday(date: tet.adding(days: offset), name: HolidayName.tet))
            }
        }
        if let hungKings = LunarCalendar.solar(from: .init(year: year, month: 3, day: 10)) {
            official.append(Holiday(date: hungKings, name: HolidayName.hungKings))
        }
        official.append(Holiday(date: CivilDate(year: year, month: 4, day: 30), name: HolidayName.victory))
        official.append(Holiday(date: CivilDate(year: year, month: 5, day: 1), name: HolidayName.labour))
        let nationalDay = CivilDate(year: year, month: 9, day: 2)
        let adjacent = [1, 4].contains(nationalDay.weekday) ? nationalDay.adding(days: 1) : nationalDay.adding(days: -1)
        official.append(Holiday(date: adjacent, name: HolidayName.nationalDay))
        official.append(Holiday(date: nationalDay, name: HolidayName.nationalDay))
        official.sort { $0.date < $1.date }

        // A holiday on a weekend, or on the same day as another holiday (10/3 lunar can come close to 30/4),
        // is compensated; the day itself is listed once, under the first name.
        var taken = Set(official.map(\.date))
        var listed = Set<CivilDate>()
        var days: [Holiday] = []
        for holiday in official {
            let isFirst = listed.insert(holiday.date).inserted
            if isFirst { days.append(holiday) }
            guard holiday.date.isWeekend || !isFirst else { continue }
            var day = holiday.date.adding(days: 1)
            while day.isWeekend || taken.contains(day) { day = day.adding(days: 1) }
            taken.insert(day)
            listed.insert(day)
            days.append(Holiday(date: day, name: "\(HolidayName.compensationPrefix) \(holiday.name)"))
        }
        return YearCalendar(
            year: year, announced: false, holidays: days.sorted { $0.date < $1.date },
            source: "Mặc định tính theo Bộ luật Lao động 2019 điều 112 và âm lịch Việt Nam (UTC+7); chưa có thông báo "
                + "/ computed default (Labour Code 2019 art. 112, Vietnamese lunar calendar); not yet announced")
    }
}

/// The names the calendar gives to days off, as users read them.
public enum HolidayName {
    public static let newYear = "Tết Dương lịch"
    public static let tet = "Tết Nguyên đán"
    public static let hungKings = "Giỗ Tổ Hùng Vương"
    public static let victory = "Ngày Chiến thắng"
    public static let labour = "Ngày Quốc tế Lao động"
    public static let nationalDay = "Quốc khánh"
    public static let compensationPrefix = "Nghỉ bù"
    public static let saturday = "Thứ Bảy"
    public static let sunday = "Chủ nhật"
}
