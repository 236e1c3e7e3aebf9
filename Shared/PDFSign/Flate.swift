import CDeflate

/// zlib inflate/deflate and the PNG row predictors used by xref streams, object streams and PNG images.
enum Flate {
    static func inflate(_ input: [UInt8], limit: Int = 1 << 30) throws(PDFSignError) -> [UInt8] {
        var strm = z_stream()
        guard inflateInit_(&strm, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .damaged("zlib init failed")
        }
        defer { inflateEnd(&strm) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var status: Int32 = Z_OK
        var input = input
        input.withUnsafeMutableBufferPointer { inBuf in
            strm.next_in = inBuf.baseAddress
            strm.avail_in = uInt(inBuf.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { outBuf in
                    strm.next_out = outBuf.baseAddress
                    strm.avail_out = uInt(outBuf.count)
                    status = CDeflate.inflate(&strm, Z_NO_FLUSH)
                    out.append(contentsOf: outBuf[0..<(outBuf.count - Int(strm.avail_out))])
                }
            } while status == Z_OK && out.count <= limit && (strm.avail_in > 0 || strm.avail_out == 0)
        }
        // Truncated streams (Z_BUF_ERROR with no input left) are tolerated like most readers do.
        guard status == Z_STREAM_END || status == Z_OK || status == Z_BUF_ERROR, out.count <= limit else {
            throw .damaged("Flate data does not decode (zlib \(status))")
        }
        return out
    }

    static func deflate(_ input: [UInt8]) -> [UInt8] {
        var destLen = compressBound(uLong(input.count))
        var out = [UInt8](repeating: 0, count: Int(destLen))
        let rc = compress2(&out, &destLen, input, uLong(input.count), 6)
        precondition(rc == Z_OK, "compress2 failed")
        return Array(out[0..<Int(destLen)])
    }

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

    /// Decodes a stream's data. Only FlateDecode (with predictors) is supported, which is all signing needs.
    static func decode(_ stream: PDFStream) throws(PDFSignError) -> [UInt8] {
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
            data = try inflate(data)
            if i < parms.count, let p = parms[i] {
                data = try unpredict(
                    data, predictor: p["Predictor"]?.intValue ?? 1, colors: p["Colors"]?.intValue ?? 1,
                    bpc: p["BitsPerComponent"]?.intValue ?? 8, columns: p["Columns"]?.intValue ?? 1)
            }
        }
        return data
    }
}
