import Foundation
import ServiceKit

/// The numbering service's own configuration (`QLVB_NUMBERING_*`).
///
/// | Variable | Meaning |
/// |---|---|
/// | `QLVB_NUMBERING_AGENCIES` | Names of the hosted agencies for the register's heading, `code=name` pairs separated by `;` (see ``AgencyDirectory``). Unlisted agencies print their code. |
/// | `QLVB_NUMBERING_ABBREVIATIONS` | Each agency's abbreviation in ký hiệu, `code=ABBR;…` (default `000.00.00.H52=UBND`; see ``AgencyAbbreviations``). |
/// | `QLVB_NUMBERING_OCR_LANGUAGE` | Tesseract's language for scanned paper documents (default `vie`; `vie+eng` for mixed pages). |
/// | `QLVB_NUMBERING_SERIES` | Outgoing series: which document types share a sequence, `CODE=Type,Type;…;CODE=*` (default `QD=Quyết định;CV=Công văn;VB=*`; see ``SeriesBook``). Normative documents always have one series per type. |
struct NumberingSettings: Sendable {
    var agencies: AgencyDirectory
    var abbreviations = AgencyAbbreviations(parsing: "")
    var series = try! SeriesBook(parsing: SeriesBook.defaultText)
    var ocrLanguage = "vie"

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> NumberingSettings {
        var env = EnvironmentReader(environment)
        let agencies = AgencyDirectory(parsing: env.optional(EnvironmentReader.name(service: "numbering", "AGENCIES")) ?? "")
        let abbreviations = AgencyAbbreviations(parsing: env.optional(EnvironmentReader.name(service: "numbering", "ABBREVIATIONS")) ?? "")
        let seriesName = EnvironmentReader.name(service: "numbering", "SERIES")
        var series = try! SeriesBook(parsing: SeriesBook.defaultText)
        if let text = env.optional(seriesName) {
            do { series = try SeriesBook(parsing: text) } catch { env.report(seriesName, "\(seriesName): \(error.description)") }
        }
        let ocrLanguage = env.optional(EnvironmentReader.name(service: "numbering", "OCR_LANGUAGE")) ?? "vie"
        try env.finish()
        return NumberingSettings(agencies: agencies, abbreviations: abbreviations, series: series, ocrLanguage: ocrLanguage)
    }
}
