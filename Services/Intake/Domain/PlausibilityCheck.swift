import EdXML
import Foundation

/// What cannot be true is refused (tính hợp lý), beyond what the form allows: a packet can be well-formed edXML and
/// still claim a document promulgated next month, or a trace written tomorrow. Such a packet is refused with 02 and a
/// reason the sender's clerk can act on.
///
/// Only what is impossible is refused. What is odd but real senders do is let through with a warning the clerk sees:
/// the government SDK's own sample `edoc_new.edxml` has a deadline three weeks before its promulgation date, and a
/// forwarded document's DocumentId names another organisation than From.
enum PlausibilityCheck {
    /// A sender's clock may run ahead, and its day may have begun before ours: dates up to one day ahead pass.
    static let clockAllowance: TimeInterval = 24 * 3600
    /// No document of the state can be older than the state (2 September 1945).
    static let earliest = EdXMLDate(year: 1945, month: 9, day: 2)!
    /// Copies and pages: a register column of Phụ lục VI is N3; ten thousand leaves room for any real document.
    static let maxCount = 9_999

    /// Refuses a document packet that cannot be true; returns warnings for what is only odd.
    static func check(_ packet: EdXMLPacket, now: Date) throws(IntakeRefusal) -> [String] {
        let header = packet.header
        let promulgated = header.promulgationInfo.promulgationDate
        try notBeforeTheState(promulgated, field: "PromulgationInfo/PromulgationDate")
        try notInTheFuture(promulgated.date, shown: promulgated.description, field: "PromulgationInfo/PromulgationDate", now: now)
        var warnings: [String] = []
        if let due = header.dueDate {
            try notBeforeTheState(due, field: "DueDate")
            if due < promulgated {
                warnings.append("due_date_before_promulgation: DueDate \(due) is before PromulgationDate \(promulgated)")
            }
        }
        for answered in header.responseFor {
            guard let date = answered.promulgationDate else { continue }
            try notBeforeTheState(date, field: "ResponseFor/PromulgationDate")
            // A document can only answer one that was issued before it (or the same day).
            if promulgated < date {
                throw .implausible(
                    "response_for_after_document",
                    vietnamese: "Văn bản ngày \(promulgated) không thể trả lời văn bản \(answered.code ?? "") ban hành sau nó (ngày \(date))",
                    english: "a document dated \(promulgated) cannot answer \(answered.code ?? "a document") issued after it (\(date))")
            }
        }
        for trace in packet.traceHeaderList.traceHeaders {
            try notInTheFuture(trace.timestamp.date, shown: trace.timestamp.description, field: "TraceHeaderList/TraceHeader/Timestamp", now: now)
        }
        if let other = header.otherInfo {
            try count(other.pageAmount, field: "OtherInfo/PageAmount")
            try count(other.promulgationAmount, field: "OtherInfo/PromulgationAmount")
        }
        if let type = header.documentType {
            try count(type.type, field: "DocumentType/Type")
            try count(type.typeDetail, field: "DocumentType/TypeDetail")
        }
        if let steering = header.steeringType, !(0...2).contains(steering) {
            throw .outOfRange(field: "SteeringType", value: steering, allowed: "0, 1 hoặc 2 / 0, 1 or 2")
        }
        return warnings
    }

    /// Refuses a status packet written in the future or about a document dated before the state.
    static func check(_ status: EdXMLStatusPacket, now: Date) throws(IntakeRefusal) {
        try notInTheFuture(status.timestamp.date, shown: status.timestamp.description, field: "Timestamp", now: now)
        if let date = status.responseFor.promulgationDate { try notBeforeTheState(date, field: "ResponseFor/PromulgationDate") }
    }

    private static func notInTheFuture(_ date: Date, shown: String, field: String, now: Date) throws(IntakeRefusal) {
        guard date.timeIntervalSince(now) <= clockAllowance else {
            throw .implausible(
                "date_in_future",
                vietnamese: "\(field) \(shown) là ngày trong tương lai (hôm nay là \(EdXMLTimestamp(now).day)): kiểm tra lại đồng hồ hoặc ngày của văn bản",
                english: "\(field) \(shown) is in the future (today is \(EdXMLTimestamp(now).day)): check the date or the sender's clock")
        }
    }

    private static func notBeforeTheState(_ date: EdXMLDate, field: String) throws(IntakeRefusal) {
        guard date >= earliest else {
            throw .implausible(
                "date_implausible", vietnamese: "\(field) \(date) trước ngày thành lập nước (02/09/1945): ngày không đúng",
                english: "\(field) \(date) is before 2 September 1945: not a real date of a state document")
        }
    }

    private static func count(_ value: Int?, field: String) throws(IntakeRefusal) {
        if let value, !(0...maxCount).contains(value) {
            throw .outOfRange(field: field, value: value, allowed: "0–\(maxCount)")
        }
    }
}

extension IntakeRefusal {
    static func implausible(_ code: String, vietnamese: String, english: String) -> IntakeRefusal {
        IntakeRefusal(code: code, vietnamese: vietnamese, english: english)
    }

    static func outOfRange(field: String, value: Int, allowed: String) -> IntakeRefusal {
        IntakeRefusal(
            code: "count_out_of_range", vietnamese: "\(field) = \(value) nằm ngoài giới hạn cho phép (\(allowed))",
            english: "\(field) = \(value) is out of range (\(allowed))")
    }
}
