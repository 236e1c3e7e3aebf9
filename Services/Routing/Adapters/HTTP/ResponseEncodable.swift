import Hummingbird

// The workflow's answers as Hummingbird response bodies; the domain types themselves know no HTTP.
extension IncomingDocument: ResponseEncodable {}
extension HandlingTask: ResponseEncodable {}
extension IncomingDetail: ResponseEncodable {}
extension Draft: ResponseEncodable {}
extension DraftVersion: ResponseEncodable {}
extension DraftDetail: ResponseEncodable {}
