import CamAuditCore
import Testing

@testable import CamAuditTraffic

@Suite("DNSMessage and TLS ClientHello")
struct DNSMessageTests {
    let response = FrameBuilder.dnsResponse(
        id: 7, name: "Devices.Hik-Connect.com", alias: "edge.example-cdn.net", address: [203, 0, 113, 10])

    @Test func parsesCompressedAnswers() throws {
        let message = try DNSMessage(parsing: response)
        #expect(message.id == 7 && message.isResponse && message.responseCode == 0)
        #expect(message.questions == ["devices.hik-connect.com"])
        #expect(
            message.answers == [
                .alias(name: "devices.hik-connect.com", canonicalName: "edge.example-cdn.net", ttl: 60),
                .address(name: "edge.example-cdn.net", address: IPAddress("203.0.113.10")!, ttl: 60),
            ])
        let query = try DNSMessage(parsing: FrameBuilder.dnsQuery(id: 9, name: "p2p.example.com"))
        #expect(!query.isResponse && query.answers.isEmpty && query.questions == ["p2p.example.com"])
    }

    @Test func everyTruncationThrowsInsteadOfTrapping() {
        for length in 0..<response.count {
            #expect(throws: DNSParseError.self, "length \(length)") { try DNSMessage(parsing: Array(response.prefix(length))) }
        }
    }

    @Test func compressionLoopsAndBadLabelsAreErrors() {
        let header: [UInt8] = [0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0]
        // The question name is a pointer to itself (offset 12).
        #expect(throws: DNSParseError.compressionLoop) { try DNSMessage(parsing: header + [0xC0, 12, 0, 1, 0, 1]) }
        // Two names pointing at each other.
        #expect(throws: DNSParseError.compressionLoop) { try DNSMessage(parsing: header + [0xC0, 14, 0xC0, 12, 0, 1, 0, 1]) }
        #expect(throws: DNSParseError.badLabel) { try DNSMessage(parsing: header + [0x40, 0, 0, 1, 0, 1]) }
        // 200 labels of 1 byte each exceed 255 bytes.
        let long = [UInt8]((0..<200).flatMap { _ in [UInt8(1), UInt8(0x61)] }) + [0, 0, 1, 0, 1]
        #expect(throws: DNSParseError.nameTooLong) { try DNSMessage(parsing: header + long) }
        // A record with a 3-byte address.
        let badA: [UInt8] = [0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3, 1, 2, 3]
        #expect(throws: DNSParseError.badRecord(type: 1)) { try DNSMessage(parsing: badA) }
    }

    @Test func serverNameOnlyFromACompleteExtension() {
        let hello = FrameBuilder.clientHello(serverName: "devices.hik-connect.com")
        #expect(TLSClientHello.serverName(in: hello) == "devices.hik-connect.com")
        let nameEnd = hello.count  // the SNI extension is last, so its name ends the record
        for length in 0..<nameEnd {
            #expect(TLSClientHello.serverName(in: Array(hello.prefix(length))) == nil, "length \(length)")
        }
        #expect(TLSClientHello.serverName(in: Array("GET / HTTP/1.1\r\n".utf8)) == nil)
        #expect(TLSClientHello.serverName(in: FrameBuilder.cs2Hello) == nil)
        #expect(TLSClientHello.serverName(in: FrameBuilder.clientHello(serverName: "bad\u{01}name")) == nil)
    }
}
