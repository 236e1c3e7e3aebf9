import COpenSSL
import OpenSSLSupport

/// OpenSSL certificate stacks (`STACK_OF(X509)`) as CMS takes and returns them.
enum X509Stack {
    /// A STACK_OF(X509) with new references to the certificates (free with pdfsign_sk_X509_pop_free).
    static func stack(_ certs: [Certificate]) throws -> OpaquePointer {
        let sk = pdfsign_sk_X509_new_null()!
        for c in certs {
            let h = try X509Cache.shared.handle(der: c.der)
            X509_up_ref(h.ptr)
            _ = pdfsign_sk_X509_push(sk, h.ptr)
        }
        return sk
    }

    static func certificates(in sk: OpaquePointer?) -> [Certificate] {
        guard let sk else { return [] }
        return (0..<pdfsign_sk_X509_num(sk)).compactMap { i in
            pdfsign_sk_X509_value(sk, i).flatMap { try? Certificate(der: X509Certificate.encode($0)) }
        }
    }
}
