import Foundation

/// One answer of the axis (../shared/vxp-protocol.md §5): a JSON object with `status`, `ErrorCode`, `ErrorDesc` and the
/// operation's own member (`DocId`, `data`). Success is `ErrorCode` `"0"` (a number is tolerated); `status` is not
/// looked at, as in the SDK. The HTTP status does not decide success either: the SDK parses the body whatever it is.
public struct VXPAnswer: @unchecked Sendable {
    // @unchecked: `object` holds JSONSerialization's immutable values only.
    public let httpStatus: Int
    public let object: [String: Any]

    public var errorCode: String { Self.text(object["ErrorCode"]) ?? "" }
    public var errorDescription: String { Self.text(object["ErrorDesc"]) ?? "" }

    /// Parses a body; throws `unreadableAnswer` for anything but a JSON object with an `ErrorCode`, `refused` for a
    /// non-zero `ErrorCode`.
    public static func parse(_ body: Data, httpStatus: Int) throws(VXPError) -> VXPAnswer {
        guard let parsed = try? JSONSerialization.jsonObject(with: body), let object = parsed as? [String: Any] else {
            let start = String(decoding: body.prefix(120), as: UTF8.self)
            throw .unreadableAnswer(httpStatus: httpStatus, "not a JSON object: \(start)")
        }
        let answer = VXPAnswer(httpStatus: httpStatus, object: object)
        guard object["ErrorCode"] != nil, !(object["ErrorCode"] is NSNull) else {
            throw .unreadableAnswer(httpStatus: httpStatus, "no ErrorCode in the answer")
        }
        guard answer.errorCode.caseInsensitiveCompare("0") == .orderedSame else {
            throw .refused(httpStatus: httpStatus, code: answer.errorCode, description: answer.errorDescription)
        }
        return answer
    }

    /// A member read as text the way the SDK's Gson does: a string, a number's digits, or a one-element array's element.
    public static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        case let array as [Any] where array.count == 1: return text(array[0])
        default: return nil
        }
    }

    /// `data` as an array of objects (the lists); a missing or non-array `data` is an unreadable answer.
    public func items() throws(VXPError) -> [[String: Any]] {
        guard let array = object["data"] as? [Any] else {
            throw .unreadableAnswer(httpStatus: httpStatus, "the answer's data is not a list")
        }
        return array.compactMap { $0 as? [String: Any] }
    }
}

/// One document of `getReceivedEdocList` / `getSentEdocList` (§4.2). Every member is optional text.
public struct VXPListItem: Sendable, Hashable {
    public var docId: String
    public var from: String
    public var to: String
    public var status: String
    public var statusDescription: String
    public var serviceType: String
    public var messageType: String
    public var createdTime: String
    public var updatedTime: String

    public init(
        docId: String, from: String = "", to: String = "", status: String = "", statusDescription: String = "",
        serviceType: String = "eDoc", messageType: String = "edoc", createdTime: String = "", updatedTime: String = ""
    ) {
        (self.docId, self.from, self.to, self.status, self.statusDescription) = (docId, from, to, status, statusDescription)
        (self.serviceType, self.messageType, self.createdTime, self.updatedTime) = (serviceType, messageType, createdTime, updatedTime)
    }

    init(_ object: [String: Any]) {
        func text(_ name: String) -> String { VXPAnswer.text(object[name]) ?? "" }
        self.init(
            docId: text("docId"), from: text("from"), to: text("to"), status: text("status"), statusDescription: text("status_desc"),
            serviceType: text("serviceType"), messageType: text("messageType"), createdTime: text("created_time"),
            updatedTime: text("updated_time"))
    }

    /// The item as the axis writes it: every member a string, none null.
    public var json: [String: String] {
        [
            "docId": docId, "from": from, "to": to, "status": status, "status_desc": statusDescription, "serviceType": serviceType,
            "messageType": messageType, "created_time": createdTime, "updated_time": updatedTime,
        ]
    }
}

/// One agency of `getAgenciesList` (§4.6).
public struct VXPAgency: Sendable, Hashable {
    public var id: String
    public var pid: String
    public var code: String
    public var name: String
    public var mail: String

    public init(id: String = "", pid: String = "", code: String, name: String, mail: String = "") {
        (self.id, self.pid, self.code, self.name, self.mail) = (id, pid, code, name, mail)
    }

    init(_ object: [String: Any]) {
        func text(_ name: String) -> String { VXPAnswer.text(object[name]) ?? "" }
        self.init(id: text("id"), pid: text("pid"), code: text("code"), name: text("name"), mail: text("mail"))
    }

    public var json: [String: String] { ["id": id, "pid": pid, "code": code, "name": name, "mail": mail] }
}
