import Contracts
import EdXML
import Foundation
import Hummingbird
import ServiceKit

/// `POST /axis/deliveries`: one edXML packet in, its status packet out (202 with 01, 422 with 02).
///
/// The body streams straight into the blob store (never held in memory, written once); the processor parses the
/// stored packet.
struct DeliveryRoutes: Sendable {
    let processor: DeliveryProcessor
    /// Bodies larger than this are cut off and refused (a 50 MB attachment is about 67 MB in base64).
    let maxBodyBytes: Int

    func add(to router: Router<QLVBRequestContext>) {
        router.post("/axis/deliveries") { request, _ in
            try await deliver(request)
        }
    }

    func deliver(_ request: Request) async throws -> Response {
        // The sender proves who it is before a byte of the packet is stored.
        let credentials = processor.settings.axisCredentials
        var source = "http"
        if !credentials.isOpen {
            let system = credentials.system(
                id: request.headers[.init(AxisCredentials.systemHeader)!],
                secret: request.headers[.init(AxisCredentials.secretHeader)!])
            guard let system else {
                processor.logger.notice(
                    "axis delivery refused: sender not authenticated",
                    metadata: ["system": "\(request.headers[.init(AxisCredentials.systemHeader)!] ?? "-")"])
                throw Refusal(
                    .unauthorized, code: "axis_sender_unauthenticated", vietnamese: "Hệ thống gửi chưa được xác thực (systemid, secret)",
                    english: "the sending system is not authenticated (headers systemid and secret)")
            }
            source = "http:\(system)"
        }
        var size = 0
        let packet = try await processor.blobs.put(mediaType: "application/xml") { writer in
            for try await buffer in request.body {
                size += buffer.readableBytes
                guard size <= maxBodyBytes else { continue }
                try await writer.write(Data(buffer.readableBytesView))
            }
        }
        // Past the limit only the first part was kept: it is logged, and refused as too large without parsing.
        let tooLarge = size > maxBodyBytes ? IntakeRefusal(EdXMLError.tooLarge(limit: maxBodyBytes)) : nil
        let answer = try await processor.process(packet: packet, source: source, refusal: tooLarge)
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        if let reason = answer.reasonCode { headers[.init("X-QLVB-Reason")!] = reason }
        return Response(status: .init(code: answer.httpStatus), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.xml)))
    }
}
