import WorkingDays
import XCTest

final class WorkingDaysPlaceholderTests: XCTestCase {}
