import Foundation
import ZlibSupport

/// Wraps a file in a one-entry ZIP the way the government SDK does: deflated, sizes in a data descriptor (flag bit 3),
/// UTF-8 name `<uuid>.<ext>`. Streams: each piece of input yields the compressed bytes available so far.
final class ZipEntryWriter {
    private let deflater: ZlibStream
    private let name: [UInt8]
    private var crc = CRC32()
    private var inputSize: Int64 = 0
    private var outputSize: Int64 = 0
    private var started = false
    private let dosTime: UInt16
    private let dosDate: UInt16

    init(fileExtension: String?) throws(EdXMLError) {
        do { deflater = try ZlibStream(.deflate) } catch { throw .badZip(contentId: "-", reason: error.message) }
        let base = UUID().uuidString.lowercased()
        name = Array((fileExtension.map { base + "." + $0 } ?? base).utf8)
        let now = EdXMLTimestamp(Date())
        dosTime = UInt16(now.hour << 11 | now.minute << 5 | now.second / 2)
        dosDate = UInt16(max(0, now.day.year - 1980) << 9 | now.day.month << 5 | now.day.day)
    }

    /// Compressed bytes for the next piece of the file (the local header comes with the first call).
    func write(_ piece: Data) -> [UInt8] {
        var output = started ? [] : localHeader()
        started = true
        piece.withUnsafeBytes { crc.update($0) }
        inputSize += Int64(piece.count)
        let before = output.count
        piece.withUnsafeBytes { bytes in
            var offset = 0
            repeat {
                let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                offset += (try? deflater.process(rest, into: &output, maxOutput: max(64 * 1024, rest.count))) ?? rest.count
            } while offset < bytes.count
        }
        outputSize += Int64(output.count - before)
        return output
    }

    /// The end of the compressed data, the data descriptor, the central directory and its end record.
    func finish() -> [UInt8] {
        var output = started ? [] : localHeader()
        started = true
        let before = output.count
        while !deflater.ended {
            let empty = UnsafeRawBufferPointer(start: nil, count: 0)
            guard (try? deflater.process(empty, into: &output, maxOutput: 64 * 1024, finish: true)) != nil else { break }
        }
        outputSize += Int64(output.count - before)
        let localLength = 30 + name.count
        output += [0x50, 0x4B, 0x07, 0x08] + le32(crc.value) + le32(UInt32(truncatingIfNeeded: outputSize))
            + le32(UInt32(truncatingIfNeeded: inputSize))
        let centralOffset = Int64(localLength) + outputSize + 16
        var central: [UInt8] = [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0x0808) + le16(8) + le16(dosTime) + le16(dosDate)
        central += le32(crc.value) + le32(UInt32(truncatingIfNeeded: outputSize)) + le32(UInt32(truncatingIfNeeded: inputSize))
        central += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name
        output += central
        output += [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(1) + le16(1) + le32(UInt32(central.count))
            + le32(UInt32(truncatingIfNeeded: centralOffset)) + le16(0)
        return output
    }

    private func localHeader() -> [UInt8] {
        [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0x0808) + le16(8) + le16(dosTime) + le16(dosDate) + le32(0) + le32(0) + le32(0)
            + le16(UInt16(name.count)) + le16(0) + name
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { le16(UInt16(value & 0xFFFF)) + le16(UInt16(value >> 16)) }
}

/// Base64 without line breaks (as the SDK writes it) over pieces of any length.
struct Base64StreamEncoder {
    private var carry: [UInt8] = []

    mutating func encode(_ bytes: [UInt8]) -> Data {
        var input = carry + bytes
        let usable = input.count / 3 * 3
        carry = Array(input[usable...])
        input.removeLast(input.count - usable)
        return Data(input).base64EncodedData()
    }

    mutating func finish() -> Data {
        defer { carry = [] }
        return Data(carry).base64EncodedData()
    }
}
