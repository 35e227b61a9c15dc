import CamAuditDiscoveryProtocols
import Foundation
import Testing

/// Documents that stopped the process inside Foundation's XMLParser, found by the fuzz harnesses: each is now a
/// parse error, and the documents devices and nmap really write still parse.
@Suite struct XMLParserHazardTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "xml", subdirectory: "Fixtures/fuzz"))
        return Array(try Data(contentsOf: url))
    }

    /// The input FuzzSADP found: a mangled SADP ProbeMatch in which `<?xm?>` appears; XMLParser passed the null data of
    /// that processing instruction to strlen (a segmentation fault). A device on the LAN could send it to any scan.
    @Test func sadpReplyWithEmptyProcessingInstructionIsAnError() throws {
        let reply = try Self.fixture("sadp-processing-instruction-without-data")
        let needle = Array("<?xm?>".utf8)
        let offset = try #require((0...(reply.count - needle.count)).first { Array(reply[$0..<($0 + needle.count)]) == needle })
        let expected = XMLParserHazard.processingInstructionWithoutData(offset: offset)
        #expect(XMLParserHazard.first(in: reply) == expected)
        #expect(throws: DiscoveryReplyError.notXML(reason: expected.reason)) { try SADPReply.parse(reply) }
        guard case .malformed(_, let reason) = UDPReplyParser.read(reply) else {
            Issue.record("a reply that cannot be parsed must read as malformed")
            return
        }
        #expect(reason.contains("processing instruction"))
        // The same in a WS-Discovery reply, which goes through the same tree parser.
        #expect(throws: DiscoveryReplyError.self) { try WSDiscoveryReply.parse(Array("<Envelope><?x?></Envelope>".utf8)) }
    }

    @Test(arguments: [
        ("<?xml version=\"1.0\"?><a/>", nil),
        // nmap -oX writes this stylesheet instruction; a processing instruction with data is safe.
        ("<?xml version=\"1.0\"?><?xml-stylesheet href=\"nmap.xsl\" type=\"text/xsl\"?><nmaprun/>", nil),
        ("<a><?pi data?></a>", nil),
        ("<a><?pi?></a>", XMLParserHazard.processingInstructionWithoutData(offset: 3)),
        ("<?x?>", XMLParserHazard.processingInstructionWithoutData(offset: 0)),
        ("<a>text</a><?", nil),
    ])
    func processingInstructions(document: String, hazard: XMLParserHazard?) {
        #expect(XMLParserHazard.first(in: document.utf8) == hazard)
    }

    @Test func bytesThatAreNotUTF8() {
        #expect(XMLParserHazard.first(in: Array("<a".utf8) + [0xE0, 0x92] + Array("/>".utf8)) == .notUTF8(offset: 2))
        #expect(XMLParserHazard.first(in: Array("<a>caméra</a>".utf8)) == nil)
        #expect(XMLParserHazard.first(in: [0xFF]) == .notUTF8(offset: 0))
    }
}
