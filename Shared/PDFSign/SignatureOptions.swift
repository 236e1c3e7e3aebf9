import Foundation

/// Where a new signature field goes. A zero-size rectangle makes an invisible signature.
public struct FieldPlacement: Sendable, Equatable {
    /// Zero-based page index.
    public var page: Int
    public var rect: PDFRect
    public init(page: Int, rect: PDFRect) {
        self.page = page
        self.rect = rect
    }
    public static let invisible = FieldPlacement(page: 0, rect: PDFRect(x: 0, y: 0, width: 0, height: 0))
}

/// How one signature is made.
public struct SignatureOptions: Sendable {
    /// Field to sign: an existing empty signature field, or a new one created at `placement`.
    public var fieldName: String
    /// Placement of a new field (ignored when the field exists). `nil`: invisible.
    public var placement: FieldPlacement?
    /// Visible appearance drawn into the field's rectangle; `nil`: an empty appearance.
    public var appearance: SignatureAppearance?
    /// The claimed signing time, written to /M (never as a CMS signing-time attribute).
    public var signingTime: Date
    /// Time zone offset for /M and appearance text, in seconds (Vietnam: +7 h).
    public var timeZoneOffset: Int
    public var reason: String?
    public var location: String?
    /// Signer's name for /Name (defaults to the certificate's common name).
    public var signerName: String?
    /// Makes the signature B-T: an RFC 3161 token over the signature value.
    public var timestampAuthority: (any TimestampAuthority)?
    /// Certification signature with DocMDP P=2 (form filling and signing allowed). Only for the first signature.
    public var certify: Bool
    /// Bytes reserved for the CMS (doubled in hex). Grown automatically when too small.
    public var reservedBytes: Int

    public init(
        fieldName: String, placement: FieldPlacement? = nil, appearance: SignatureAppearance? = nil, signingTime: Date = Date(),
        timeZoneOffset: Int = 7 * 3600, reason: String? = nil, location: String? = nil, signerName: String? = nil,
        timestampAuthority: (any TimestampAuthority)? = nil, certify: Bool = false, reservedBytes: Int = 16384
    ) {
        self.fieldName = fieldName
        self.placement = placement
        self.appearance = appearance
        self.signingTime = signingTime
        self.timeZoneOffset = timeZoneOffset
        self.reason = reason
        self.location = location
        self.signerName = signerName
        self.timestampAuthority = timestampAuthority
        self.certify = certify
        self.reservedBytes = reservedBytes
    }
}

/// Date formats used in signatures.
public enum PDFDate {
    /// `D:YYYYMMDDHHmmSS+07'00'`.
    public static func pdf(_ date: Date, offset: Int) -> String {
        let f = fields(date, offset)
        return "D:\(f.year)\(two(f.month))\(two(f.day))\(two(f.hour))\(two(f.minute))\(two(f.second))"
            + "\(offset >= 0 ? "+" : "-")\(two(abs(offset) / 3600))'\(two(abs(offset) / 60 % 60))'"
    }

    /// ISO 8601 with offset: `2026-03-16T15:04:05+07:00`.
    public static func iso8601(_ date: Date, offset: Int) -> String {
        let (d, sign, oh, om) = parts(date, offset)
        return d + "\(sign)\(two(oh)):\(two(om))"
    }

    /// `dd/MM/yyyy HH:mm:ss` local time (for Vietnamese appearance text).
    public static func vietnamese(_ date: Date, offset: Int) -> String {
        let (d, _, _, _) = parts(date, offset)
        let c = Array(d)
        return "\(String(c[8..<10]))/\(String(c[5..<7]))/\(String(c[0..<4])) \(String(c[11..<19]))"
    }

    private static func parts(_ date: Date, _ offset: Int) -> (String, String, Int, Int) {
        let f = fields(date, offset)
        let s = "\(f.year)-\(two(f.month))-\(two(f.day))T\(two(f.hour)):\(two(f.minute)):\(two(f.second))"
        return (s, offset >= 0 ? "+" : "-", abs(offset) / 3600, abs(offset) / 60 % 60)
    }

    /// Local calendar fields of `date` at `offset` seconds from UTC.
    private static func fields(_ date: Date, _ offset: Int) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let secs = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        var days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = secs - days * 86400
        // Civil-from-days (Howard Hinnant).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, rem / 3600, rem / 60 % 60, rem % 60)
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
