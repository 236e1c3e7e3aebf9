import ZlibSupport

/// FlateDecode (zlib through ZlibSupport) and the PNG row predictors used by xref streams, object streams and PNG images.
enum Flate {
    /// Undoes PNG predictors (10-15). TIFF predictor 2 is refused.
    static func unpredict(_ data: [UInt8], predictor: Int, colors: Int, bpc: Int, columns: Int) throws(PDFSignError) -> [UInt8] {
        if predictor <= 1 { return data }
        guard predictor >= 10 else { throw .unsupported("TIFF predictor") }
        let bpp = max(1, colors * bpc / 8)
        let rowLen = (columns * colors * bpc + 7) / 8
        guard rowLen > 0, columns < 1 << 20, colors < 64, bpc <= 16 else { throw .damaged("bad predictor parameters") }
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var prev = [UInt8](repeating: 0, count: rowLen)
        var i = 0
        while i + 1 + rowLen <= data.count {
            let filter = data[i]
            var row = Array(data[(i + 1)..<(i + 1 + rowLen)])
            for x in 0..<rowLen {
                let a = x >= bpp ? Int(row[x - bpp]) : 0
                let b = Int(prev[x])
                let c = x >= bpp ? Int(prev[x - bpp]) : 0
                let add: Int
                switch filter {
                case 0: add = 0
                case 1: add = a
                case 2: add = b
                case 3: add = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    add = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c)
                default: throw .damaged("bad PNG filter type \(filter)")
                }
                row[x] = UInt8(truncatingIfNeeded: Int(row[x]) + add)
            }
            out += row
            prev = row
            i += 1 + rowLen
        }
        return out
    }

    /// Decodes a stream's data, spending its inflated size from the document's `budget`. Only FlateDecode (with
    /// predictors) is supported, which is all signing needs.
    static func decode(_ stream: PDFStream, budget: InflationBudget) throws(PDFSignError) -> [UInt8] {
        var filters: [String] = []
        switch stream.dict["Filter"] {
        case .name(let n)?: filters = [n]
        case .array(let a)?: filters = a.compactMap(\.nameValue)
        default: break
        }
        var parms: [PDFDict?] = []
        switch stream.dict["DecodeParms"] {
        case .dict(let d)?: parms = [d]
        case .array(let a)?: parms = a.map(\.dictValue)
        default: break
        }
        var data = stream.data
        for (i, f) in filters.enumerated() {
            guard f == "FlateDecode" || f == "Fl" else { throw .unsupported("stream filter /\(f)") }
            // Stop at what is left of the budget, so a bomb costs at most the budget, not its full size.
            let remaining = budget.remaining
            do { data = try Zlib.inflate(data, limit: remaining) } catch {
                if error.status == 0 { throw .inflationBudget(budget.limit) }
                throw .damaged("Flate data does not decode (zlib \(error.status))")
            }
            try budget.spend(data.count)
            if i < parms.count, let p = parms[i] {
                data = try unpredict(
                    data, predictor: p["Predictor"]?.intValue ?? 1, colors: p["Colors"]?.intValue ?? 1,
                    bpc: p["BitsPerComponent"]?.intValue ?? 8, columns: p["Columns"]?.intValue ?? 1)
            }
        }
        return data
    }
}
