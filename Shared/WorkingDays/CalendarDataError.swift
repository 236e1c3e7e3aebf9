/// Why a year's calendar data (Calendars/<year>.json or an admin's upload) was refused.
public enum CalendarDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not JSON of the expected shape, or a date not written as yyyy-MM-dd.
    case malformed(reason: String)
    case yearOutOfRange(Int)
    /// A day listed in the file of another year.
    case dateOutsideYear(CivilDate, year: Int)
    case duplicateDay(CivilDate)
    /// The same day listed both as a day off and as a worked day.
    case offAndWorked(CivilDate)
    /// A make-up working day on Monday–Friday: those are worked anyway, so the data is surely wrong.
    case workedDayNotOnWeekend(CivilDate)
    case unnamedDay(CivilDate)

    /// Stable machine-readable code for clients and logs.
    public var code: String {
        switch self {
        case .malformed: "calendar_malformed"
        case .yearOutOfRange: "calendar_year_out_of_range"
        case .dateOutsideYear: "calendar_date_outside_year"
        case .duplicateDay: "calendar_duplicate_day"
        case .offAndWorked: "calendar_day_off_and_worked"
        case .workedDayNotOnWeekend: "calendar_worked_day_not_weekend"
        case .unnamedDay: "calendar_unnamed_day"
        }
    }

    /// Vietnamese, then English.
    public var message: String {
        switch self {
        case .malformed(let reason):
            "Dữ liệu lịch không hợp lệ / malformed calendar data: \(reason)"
        case .yearOutOfRange(let year):
            "Năm \(year) ngoài phạm vi 1–9999 / year \(year) out of range 1–9999"
        case .dateOutsideYear(let date, let year):
            "Ngày \(date) không thuộc năm \(year) / day \(date) is not in year \(year)"
        case .duplicateDay(let date):
            "Ngày \(date) bị khai báo hai lần / day \(date) is listed twice"
        case .offAndWorked(let date):
            "Ngày \(date) vừa là ngày nghỉ vừa là ngày làm bù / day \(date) is both a day off and a make-up working day"
        case .workedDayNotOnWeekend(let date):
            "Ngày làm bù \(date) không phải thứ Bảy hoặc Chủ nhật / make-up working day \(date) is not a Saturday or Sunday"
        case .unnamedDay(let date):
            "Ngày \(date) thiếu tên / day \(date) has no name"
        }
    }

    public var description: String { "\(code): \(message)" }
}
