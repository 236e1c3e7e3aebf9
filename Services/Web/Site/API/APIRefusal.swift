/// A value passed between concurrent calls: the APIs' decoded JSON (`[String: Any]`, never mutated once parsed).
struct Sent<T>: @unchecked Sendable {
    var value: T
}

/// A service's refusal as the site shows it: the API's Vietnamese message (`message.vi`) and its code.
public struct APIRefusal: Error, Sendable {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The service did not answer at all.
    static func unreachable(_ service: String) -> APIRefusal {
        APIRefusal(status: 503, code: "service_unavailable", message: "Không kết nối được dịch vụ \(service), vui lòng thử lại sau.")
    }
}
