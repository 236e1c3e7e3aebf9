/// Writes objects in PDF syntax.
enum PDFSerializer {
    static func write(_ obj: PDFObject, to out: inout [UInt8]) {
        switch obj {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): appendDecimal(i, to: &out)
        case .real(let d):
            if d == d.rounded() && abs(d) < 1e15 { appendDecimal(Int(d), to: &out) } else { out += format(d).utf8 }
        case .string(let s): writeString(s, to: &out)
        case .name(let n): writeName(n, to: &out)
        case .ref(let r):
            appendDecimal(r.number, to: &out)
            out.append(0x20)
            appendDecimal(r.generation, to: &out)
            out.append(0x20)
            out.append(0x52)
        case .array(let a):
            out.append(0x5B)
            for (i, o) in a.enumerated() {
                if i > 0 { out.append(0x20) }
                write(o, to: &out)
            }
            out.append(0x5D)
        case .dict(let d): writeDict(d, to: &out)
        case .stream(let s):
            var d = s.dict
            d["Length"] = .int(s.data.count)
            writeDict(d, to: &out)
            out += "\nstream\n".utf8
            out += s.data
            out += "\nendstream".utf8
        }
    }

    static func bytes(_ obj: PDFObject) -> [UInt8] {
        var out: [UInt8] = []
        write(obj, to: &out)
        return out
    }

    static func writeDict(_ d: PDFDict, to out: inout [UInt8]) {
        out += [0x3C, 0x3C]
        for e in d.entries {
            writeName(e.key, to: &out)
            out.append(0x20)
            write(e.value, to: &out)
            out.append(0x0A)
        }
        out += [0x3E, 0x3E]
    }

    /// Fixed-point notation, at most 4 decimals, no exponent (PDF has none).
    static func format(_ d: Double) -> String {
        if d == d.rounded() && abs(d) < 1e15 { return String(Int(d)) }
        let shortest = "\(d)"  // shortest round-trip form keeps the original value
        if !shortest.utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "n") || $0 == UInt8(ascii: "i") }) { return shortest }
        var s = String(Int((abs(d) * 10000).rounded()))
        while s.count < 5 { s = "0" + s }
        var frac = String(s.suffix(4))
        while frac.hasSuffix("0") { frac.removeLast() }
        let sign = d < 0 ? "-" : ""
        return sign + s.dropLast(4) + (frac.isEmpty ? "" : "." + frac)
    }

    /// Decimal digits of `v`, without going through a String.
    static func appendDecimal(_ v: Int, to out: inout [UInt8]) {
        if v < 0 { out.append(0x2D) }
        let m = v.magnitude
        var scale: UInt = 1
        while m / scale >= 10 { scale *= 10 }
        while scale > 0 {
            out.append(0x30 + UInt8(truncatingIfNeeded: m / scale % 10))
            scale /= 10
        }
    }

    static func writeName(_ n: String, to out: inout [UInt8]) {
        out.append(0x2F)
        let plain = n.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            for c in utf8 where !(c > 0x20 && c < 0x7F && PDFBytes.isRegular(c) && c != 0x23) { return false }
            out.append(contentsOf: utf8)
            return true
        }
        if plain == true { return }
        for u in n.unicodeScalars {
            let c = UInt8(truncatingIfNeeded: u.value)
            if c > 0x20 && c < 0x7F && PDFBytes.isRegular(c) && c != 0x23 {
                out.append(c)
            } else {
                out += Array(String(format: c).utf8)
            }
        }
    }

    static func writeString(_ s: [UInt8], to out: inout [UInt8]) {
        let printable = s.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if printable {
            out.append(0x28)
            for c in s {
                if c == 0x28 || c == 0x29 || c == 0x5C { out.append(0x5C) }
                out.append(c)
            }
            out.append(0x29)
        } else {
            out.append(0x3C)
            appendHex(s, to: &out)
            out.append(0x3E)
        }
    }

    static func hex(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        appendHex(s, to: &out)
        return out
    }

    static func appendHex(_ s: [UInt8], to out: inout [UInt8]) {
        let digits: StaticString = "0123456789ABCDEF"
        out.reserveCapacity(out.count + s.count * 2)
        digits.withUTF8Buffer { d in
            for c in s {
                out.append(d[Int(c >> 4)])
                out.append(d[Int(c & 15)])
            }
        }
    }
}

extension String {
    /// `#xx` escape of a name byte.
    fileprivate init(format c: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = "#" + String(digits[Int(c >> 4)]) + String(digits[Int(c & 15)])
    }
}
