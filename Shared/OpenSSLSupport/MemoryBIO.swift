import COpenSSL

/// OpenSSL memory BIOs: the byte channel most OpenSSL readers and writers (PEM, DER, CMS) take.
public enum MemoryBIO {
    /// A memory BIO holding a copy of `bytes`. The caller frees it with `free(_:)`.
    public static func make(_ bytes: [UInt8]) -> OpaquePointer {
        let bio = BIO_new(BIO_s_mem())!
        bytes.withUnsafeBufferPointer { _ = BIO_write(bio, $0.baseAddress, Int32($0.count)) }
        return bio
    }

    /// An empty memory BIO to write into. The caller frees it with `free(_:)`.
    public static func make() -> OpaquePointer { BIO_new(BIO_s_mem())! }

    public static func free(_ bio: OpaquePointer?) { BIO_free(bio) }

    /// What has been written to a memory BIO so far.
    public static func bytes(_ bio: OpaquePointer?) -> [UInt8] {
        var pointer: UnsafeMutablePointer<CChar>? = nil
        let length = qlvb_BIO_get_mem_data(bio, &pointer)
        guard length > 0, let pointer else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }
}
