@testable import RoutingService
import XCTest

final class RoutingPlaceholderTests: XCTestCase {}
