/// Working-day calendar (lịch làm việc) for deadlines counted in working days.
/// Filled in by the calendar work: see Calendars/ for the announced years.
public enum WorkingDays {}
