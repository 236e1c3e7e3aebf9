/// zlib refused the data or could not start.
public struct ZlibFailure: Error, Sendable, CustomStringConvertible {
    /// zlib's return code (`Z_DATA_ERROR`, …), or 0 when the output went over its budget.
    public var status: Int32
    public var message: String
    public var description: String { message }
}
