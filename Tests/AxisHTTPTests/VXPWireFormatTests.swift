import Foundation
import Testing

@testable import AxisHTTP

/// The signed headers against the worked example of ../shared/vxp-protocol.md §6, produced by the real SDK 2.0.3:
/// same key list, same sign-header string byte for byte, same HMAC.
@Suite struct VXPWireFormatTests {
    static let secret = "demo-secret-not-real"
    static let system = VXPSystem(systemId: "999.01.02.T99", secret: secret)
    /// 15 March 2025 09:30:00.042 in the zone of the example (any zone: the same wall-clock time).
    static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    static var created: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let whole = calendar.date(from: DateComponents(year: 2025, month: 3, day: 15, hour: 9, minute: 30, second: 0))!
        return whole.addingTimeInterval(0.042)
    }

    /// A fresh SDK service object: `timestamp`, `systemid`, then the call's `Content-Type`.
    static func fresh(_ contentType: String) -> VXPHeaderMap {
        var client = VXPClient(endpoint: "http://axis.example:8080/XrdAdapter/adapter", system: system, http: .shared)
        client.timeZone = zone
        client.clock = { created }
        return client.request(contentType: contentType)
    }

    @Test func theTimestampIsDayMonthYearAndMillisecondsOnFourDigits() {
        #expect(VXPHeaderMap.timestamp(Self.created, in: Self.zone) == "15032025T093000+0042")
        #expect(VXPHeaderMap.timestamp(Self.created.addingTimeInterval(0.957), in: Self.zone) == "15032025T093000+0999")
        #expect(VXPHeaderMap.timestamp(Self.created.addingTimeInterval(-0.042), in: Self.zone) == "15032025T093000+0000")
    }

    @Test func getReceivedEdocListIsSignedAsTheSDKSignsIt() throws {
        var map = Self.fresh("application/json")
        map["servicetype"] = "eDoc"
        map["messagetype"] = "edoc"
        #expect(map.signHeaderKey == "systemid;servicetype;messagetype;timestamp;Content-Type")
        let json = #"{"XroadVnpt-systemid":"999.01.02.T99","XroadVnpt-servicetype":"eDoc","XroadVnpt-messagetype":"edoc","XroadVnpt-timestamp":"15032025T093000+0042","XroadVnpt-Content-Type":"application/json"}"#
        #expect(map.signHeader == json)
        #expect(map.signHeader.utf8.count == 189)
        #expect(try map.hashHeader(secret: Self.secret) == "fe007115d1b2fe34396cccc54abcd78e2c1376985067c352cc38ebb202daf049")
        // The headers in the SDK's order: Content-Type unprefixed just before its prefixed twin, then the signature.
        let headers = try map.httpHeaders(secret: Self.secret)
        #expect(headers.map(\.0) == [
            "XroadVnpt-systemid", "XroadVnpt-servicetype", "XroadVnpt-messagetype", "XroadVnpt-timestamp", "Content-Type",
            "XroadVnpt-Content-Type", "XroadVnpt-sign-header-key", "XroadVnpt-sign-header", "XroadVnpt-hash-header", "User-Agent",
            "XroadVnpt-version",
        ])
        #expect(headers.last! == ("XroadVnpt-version", "3.0.201608"))
        #expect(headers[9] == ("User-Agent", "JAVASDKAgent/1.0.0 XRoad/VPCP"))
    }

    static let packet = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<edXMLEnvelope/>\n".utf8)

    @Test func hashFileDropsTheZeroPaddingOfEachByte() {
        #expect(Self.packet.count == 56)
        #expect(VXPHeaderMap.hashFile(Self.packet) == "978b19705c6e4597c88c24aca283d9395ef59855115ff7c12d4fa12d5ff4a5d")
        // SHA-256 of the empty input starts e3 b0 c4 42 98 fc 1c 14 9a fb f4 c8 99 6f b9 24: 1c and 14 keep both digits,
        // and nothing shrinks that has no leading zero.
        #expect(VXPHeaderMap.hashFile(Data()).hasPrefix("e3b0c44298fc1c149afbf4c8996fb924"))
    }

    @Test func sendEdocIsSignedAsTheSDKSignsIt() throws {
        var map = Self.fresh("application/octet-stream")
        map["from"] = "999.01.02.T99"
        map["servicetype"] = "eDoc"
        map["messagetype"] = "edoc"
        map["hash-file"] = VXPHeaderMap.hashFile(Self.packet)
        #expect(map.signHeaderKey == "systemid;servicetype;messagetype;hash-file;from;timestamp;Content-Type")
        #expect(map.signHeader == #"{"XroadVnpt-systemid":"999.01.02.T99","XroadVnpt-servicetype":"eDoc","XroadVnpt-messagetype":"edoc","XroadVnpt-hash-file":"978b19705c6e4597c88c24aca283d9395ef59855115ff7c12d4fa12d5ff4a5d","XroadVnpt-from":"999.01.02.T99","XroadVnpt-timestamp":"15032025T093000+0042","XroadVnpt-Content-Type":"application/octet-stream"}"#)
        #expect(try map.hashHeader(secret: Self.secret) == "8e3bcabd9471f7004969ac03a268c33121645ac21bff7546a109ccbf75252d77")
        // For sendEdoc the real Content-Type comes first.
        let headers = try map.httpHeaders(secret: Self.secret, contentTypeFirst: true)
        #expect(headers.map(\.0) == [
            "Content-Type", "XroadVnpt-systemid", "XroadVnpt-servicetype", "XroadVnpt-messagetype", "XroadVnpt-hash-file", "XroadVnpt-from",
            "XroadVnpt-timestamp", "XroadVnpt-Content-Type", "XroadVnpt-sign-header-key", "XroadVnpt-sign-header", "XroadVnpt-hash-header",
            "User-Agent", "XroadVnpt-version",
        ])
    }

    @Test func getEdocThenUpdateStatusOnOneServiceObjectKeepTheLeftOverFilePath() throws {
        var map = Self.fresh("application/json")
        map["filePath"] = "/srv/qlvb/inbox"
        map["docId"] = "65f3a1c2e4b0a1b2c3d4e5f6"
        #expect(map.signHeaderKey == "systemid;docId;filePath;timestamp;Content-Type")
        #expect(map.signHeader == #"{"XroadVnpt-systemid":"999.01.02.T99","XroadVnpt-docId":"65f3a1c2e4b0a1b2c3d4e5f6","XroadVnpt-filePath":"/srv/qlvb/inbox","XroadVnpt-timestamp":"15032025T093000+0042","XroadVnpt-Content-Type":"application/json"}"#)
        #expect(try map.hashHeader(secret: Self.secret) == "98498d4ded781e94ff954cf76312d49a06a56358dbb15772a2bc232f96942da9")

        map["Content-Type"] = "application/json"
        map["status"] = "done"
        map["docId"] = "65f3a1c2e4b0a1b2c3d4e5f6"
        #expect(map.signHeaderKey == "systemid;docId;filePath;timestamp;Content-Type;status")
        #expect(map.signHeader == #"{"XroadVnpt-systemid":"999.01.02.T99","XroadVnpt-docId":"65f3a1c2e4b0a1b2c3d4e5f6","XroadVnpt-filePath":"/srv/qlvb/inbox","XroadVnpt-timestamp":"15032025T093000+0042","XroadVnpt-Content-Type":"application/json","XroadVnpt-status":"done"}"#)
        #expect(try map.hashHeader(secret: Self.secret) == "7dd3ca62e3b86288020794ef5f6082e6b433c3027783f888d7e80805ba865871")
    }

    @Test func theOtherCallsListTheirKeysInTheSDKsOrder() {
        func keys(_ members: [(String, String)], contentType: String = "application/json") -> String {
            var map = Self.fresh(contentType)
            for (name, value) in members { map[name] = value }
            return map.signHeaderKey
        }
        #expect(keys([("from", "x"), ("servicetype", "eDoc"), ("messagetype", "edoc"), ("to", "[\"a\"]"), ("hash-file", "1")], contentType: "application/octet-stream")
            == "systemid;servicetype;messagetype;hash-file;from;to;timestamp;Content-Type")
        #expect(keys([("servicetype", "eDoc"), ("messagetype", "edoc"), ("docId", "1")]) == "systemid;servicetype;messagetype;docId;timestamp;Content-Type")
        #expect(keys([("status", "done"), ("docId", "1")]) == "systemid;docId;timestamp;Content-Type;status")
        #expect(keys([]) == "systemid;timestamp;Content-Type")
        #expect(keys([("AgencyCode", "1")]) == "systemid;AgencyCode;timestamp;Content-Type")
        // The buckets the protocol lists for the usual names.
        let buckets = ["systemid": 2, "servicetype": 2, "messagetype": 5, "docId": 6, "docid": 6, "hash-file": 6, "filePath": 7,
                       "AgencyCode": 9, "from": 10, "to": 11, "timestamp": 15, "Content-Type": 15, "status": 15]
        for (name, bucket) in buckets { #expect(VXPHeaderMap.bucket(of: name, capacity: 16) == bucket, "\(name)") }
    }

    @Test func moreThanTwelveEntriesDoubleTheTable() {
        var map = VXPHeaderMap()
        for i in 0..<13 { map["h\(i)"] = "\(i)" }
        let order = map.entries.map(\.name)
        let expected = (0..<13).map { "h\($0)" }.enumerated()
            .sorted { (VXPHeaderMap.bucket(of: $0.element, capacity: 32), $0.offset) < (VXPHeaderMap.bucket(of: $1.element, capacity: 32), $1.offset) }
            .map(\.element)
        #expect(order == expected)
    }

    @Test func signHeaderEscapesLikeGsonWithoutHTMLEscaping() {
        #expect(VXPHeaderMap.gsonEscaped(#"["a","b"]"#) == #"[\"a\",\"b\"]"#)
        #expect(VXPHeaderMap.gsonEscaped("a/b<c>&='d") == "a/b<c>&='d")
        #expect(VXPHeaderMap.gsonEscaped("x\\y\n\u{01}\u{2028}é") == "x\\\\y\\n\\u0001\\u2028é")
    }

    @Test func answersAreReadAsTheSDKReadsThem() throws {
        let ok = try VXPAnswer.parse(Data(#"{"status":"FAIL","ErrorCode":0,"ErrorDesc":"","DocId":"65f3"}"#.utf8), httpStatus: 200)
        #expect(VXPAnswer.text(ok.object["DocId"]) == "65f3", "ErrorCode 0 as a number is success; status is not looked at")
        let list = try VXPAnswer.parse(
            Data(#"{"status":"OK","ErrorCode":"0","ErrorDesc":"","data":[{"docId":["d1"],"from":"a","created_time":20250315}]}"#.utf8),
            httpStatus: 200
        ).items().map(VXPListItem.init)
        #expect(list == [VXPListItem(docId: "d1", from: "a", serviceType: "", messageType: "", createdTime: "20250315")])
        #expect(throws: VXPError.self) { try VXPAnswer.parse(Data("<html>502</html>".utf8), httpStatus: 502) }
        do {
            _ = try VXPAnswer.parse(Data(#"{"status":"FAIL","ErrorCode":"401","ErrorDesc":"Sai chữ ký","DocId":""}"#.utf8), httpStatus: 200)
            Issue.record("a non-zero ErrorCode is a refusal")
        } catch {
            guard case .refused(200, "401", "Sai chữ ký") = error else { Issue.record("\(error)"); return }
            #expect(!error.isTransient)
        }
        #expect(VXPError.refused(httpStatus: 503, code: "9", description: "").isTransient)
        #expect(VXPError.unreadableAnswer(httpStatus: 502, "").isTransient)
    }
}
