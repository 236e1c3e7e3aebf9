import Contracts
import Foundation
import Testing

struct EnvelopeTests {
    @Test("An unknown version is refused with a reason naming it")
    func unknownVersionIsRefused() throws {
        var envelope = try ContractSamples.envelope(ContractSamples.all[1] as! DocumentRegistered)
        envelope.version = 7
        #expect(throws: ContractError.unknownVersion(type: "document.registered", version: 7, supported: 1)) {
            try envelope.decode(DocumentRegistered.self)
        }
    }

    @Test("A message of another type is refused")
    func otherTypeIsRefused() throws {
        let envelope = try ContractSamples.envelope(ContractSamples.all[1] as! DocumentRegistered)
        #expect(throws: ContractError.unexpectedType(expected: "document.received", actual: "document.registered")) {
            try envelope.decode(DocumentReceived.self)
        }
    }

    @Test("Garbage bytes are not an envelope")
    func garbageIsNotAnEnvelope() {
        #expect(throws: ContractError.self) { try Envelope.decode(from: Data("{\"id\":1".utf8)) }
    }

    @Test("A payload missing a field is refused as invalid, not crashed on")
    func payloadMissingFieldIsInvalid() throws {
        var envelope = try ContractSamples.envelope(ContractSamples.all[1] as! DocumentRegistered)
        envelope.payload = .object(["documentId": .string(UUID().uuidString)])
        #expect {
            try envelope.decode(DocumentRegistered.self)
        } throws: { error in
            guard case ContractError.invalidPayload(let type, _) = error else { return false }
            return type == "document.registered"
        }
    }

    @Test("A new flow correlates to itself; a caused message keeps the flow")
    func correlationDefaultsToOwnId() throws {
        let first = try Envelope(ContractSamples.all[1] as! DocumentRegistered, agency: "000.00.00.H52")
        #expect(first.correlationId == first.id)
        #expect(first.causationId == nil)
    }
}
