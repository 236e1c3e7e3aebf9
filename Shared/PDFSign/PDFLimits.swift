import Synchronization

/// How much work reading one PDF may take. A hostile file (a deflate bomb, a reference loop, millions of xref rows)
/// is refused with a reason instead of taking the process's memory or stack.
public struct PDFLimits: Sendable, Equatable {
    /// Bytes that all inflated streams of one document may add up to (xref streams, object streams, content streams).
    public var inflatedBytes: Int
    /// How many indirect lookups one lookup may stack (a /Length resolved inside an object stream, `N 0 R` chains).
    public var referenceDepth: Int
    /// Object streams inside object streams; ISO 32000 (7.5.7) forbids them, hence 0.
    public var objectStreamNesting: Int
    /// Cross-reference rows, summed over every section of the /Prev chain.
    public var objects: Int

    public init(inflatedBytes: Int = 64 << 20, referenceDepth: Int = 32, objectStreamNesting: Int = 0, objects: Int = 1_000_000) {
        self.inflatedBytes = inflatedBytes
        self.referenceDepth = referenceDepth
        self.objectStreamNesting = objectStreamNesting
        self.objects = objects
    }

    /// 64 MiB inflated, 32 lookups deep, no nested object streams, a million objects: far above what agencies' PDFs need.
    public static let standard = PDFLimits()
}

/// The inflated bytes one document has spent, shared by its copies (they read the same file).
final class InflationBudget: Sendable {
    let limit: Int
    private let spent = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// What the next stream may still inflate to.
    var remaining: Int { spent.withLock { max(0, limit - $0) } }

    func spend(_ bytes: Int) throws(PDFSignError) {
        let over = spent.withLock { total -> Bool in
            total += bytes
            return total > limit
        }
        if over { throw .inflationBudget(limit) }
    }

    var total: Int { spent.withLock { $0 } }
}

/// The lookups in progress for one call: an object met again is a cycle, too many at once is too deep.
struct ResolutionTrail {
    var open: [PDFRef] = []
    var objectStreams = 0
}
