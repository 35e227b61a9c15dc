import CamAuditCore
import Foundation
import Testing
@testable import CamAuditDiscoveryProtocols
import CamAuditTestSupport

struct WSDiscoveryReplyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let xml: String
        let endpoint: String
        let hardware: String?
        let name: String?
        let metadataVersion: Int
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "Hikvision (env:/d:/wsadis:)", xml: DiscoverySamples.hikvisionProbeMatch,
            endpoint: "urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385", hardware: "DS-2CD2385G1-I",
            name: "HIKVISION DS-2CD2385G1-I", metadataVersion: 10),
        Case(
            label: "Dahua (wsdd:, CRLF in scopes)", xml: DiscoverySamples.dahuaProbeMatch,
            endpoint: "uuid:d1a3c8f0-0000-0000-0000-3ce36b000001", hardware: "IPC-HFW2228M-I1-V2",
            name: "Dahua", metadataVersion: 1),
        Case(
            label: "CP Plus (no prefixes)", xml: DiscoverySamples.unprefixedProbeMatch,
            endpoint: "uuid:5f5a69c2-0000-0000-0000-000000000002", hardware: "CP-UNC-DA21PL3-Y",
            name: "CPPLUS", metadataVersion: 1),
    ]

    @Test(arguments: cases)
    func readsProbeMatch(_ sample: Case) throws {
        let reply = try WSDiscoveryReply.parse(Array(sample.xml.utf8))
        #expect(reply.endpointReference == sample.endpoint)
        #expect(reply.types.contains { $0.hasSuffix("NetworkVideoTransmitter") })
        #expect(reply.decodedScopes.hardware == sample.hardware)
        #expect(reply.decodedScopes.name == sample.name)
        #expect(reply.metadataVersion == sample.metadataVersion)
        #expect(reply.xAddrs.allSatisfy { $0.hasPrefix("http://") && $0.hasSuffix("/onvif/device_service") })
        let scopes = reply.observations().first { $0.field == .onvifScopes }
        #expect(scopes?.value == reply.scopes.joined(separator: " "))
        #expect(scopes?.port == 3702)
    }

    @Test func hikvisionScopesDecodeInOrder() throws {
        let reply = try WSDiscoveryReply.parse(Array(DiscoverySamples.hikvisionProbeMatch.utf8))
        #expect(reply.scopes.count == 8)
        #expect(reply.xAddrs.count == 2)
        #expect(reply.relatesTo == "uuid:6e0d5cb0-7a3c-4b2a-9f0e-000000000001")
        let scopes = reply.decodedScopes
        #expect(scopes.macAddress == "58:50:ed:1f:e3:85")
        #expect(scopes.location == "city/hangzhou")
        #expect(scopes.profiles == ["Streaming", "G", "T"])
        #expect(scopes.types == ["video_encoder"])
    }

    @Test func probeRoundTripsThroughItsParser() throws {
        let uuid = UUID(uuidString: "6E0D5CB0-7A3C-4B2A-9F0E-000000000001")!
        let typed = try WSDiscoveryProbe.parse(WSDiscoveryProbe.message(uuid: uuid))
        #expect(
            typed
                == WSDiscoveryProbe(
                    messageID: "uuid:6e0d5cb0-7a3c-4b2a-9f0e-000000000001",
                    types: ["dn:NetworkVideoTransmitter"]))
        let open = try WSDiscoveryProbe.parse(WSDiscoveryProbe.message(uuid: uuid, types: []))
        #expect(open.types.isEmpty)
        // A probe is not a reply: the reply parser must say so instead of inventing a device.
        #expect(throws: DiscoveryReplyError.missingElement("ProbeMatch")) {
            try WSDiscoveryReply.parse(WSDiscoveryProbe.message(uuid: uuid))
        }
    }
}

struct SADPReplyTests {
    @Test func readsProbeMatchWithCRLF() throws {
        let reply = try SADPReply.parse(Array(DiscoverySamples.sadpProbeMatch.utf8))
        #expect(reply.deviceDescription == "DS-2CD2432F-IW")
        #expect(reply.serialNumber == "DS-2CD2432F-IW20150101AAWR123456")
        #expect(reply.softwareVersion == "V5.3.0build 150513")
        #expect(reply.firmware == "V5.3.0 build 150513")
        #expect(reply.rawMAC == "44-19-b6-aa-bb-cc")
        #expect(reply.macAddress == "44:19:b6:aa:bb:cc")
        #expect(reply.activated == false)
        #expect(reply.commandPort == 8000)
        #expect(reply.httpPort == 80)
        #expect(reply.elements.count == 28)
        let fields = Dictionary(uniqueKeysWithValues: reply.observations().map { ($0.field, $0.value) })
        #expect(fields[.sadpSoftwareVersion] == "V5.3.0 build 150513")
        #expect(fields[.sadpActivated] == "false")
        #expect(fields[.sadpMAC] == "44:19:b6:aa:bb:cc")
    }

    @Test(arguments: [
        ("V5.3.0build 150513", "V5.3.0 build 150513"),
        ("V5.7.15 build 240201", "V5.7.15 build 240201"),
        ("V4.62.210", "V4.62.210"),
    ])
    func firmwareIsNormalised(raw: String, expected: String) {
        #expect(SADPReply.normalisedFirmware(raw) == expected)
    }

    @Test func probeRoundTripsThroughItsParser() throws {
        let uuid = UUID(uuidString: "7D8A4A67-0BF2-4C1A-9E8D-2F1A4B3C5D6E")!
        let bytes = SADPProbe.message(uuid: uuid)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>7D8A4A67-0BF2-4C1A-9E8D-2F1A4B3C5D6E</Uuid><Types>inquiry</Types></Probe>"#
        )
        #expect(try SADPProbe.parse(bytes) == SADPProbe(uuid: uuid.uuidString, type: "inquiry"))
        #expect(throws: DiscoveryReplyError.missingElement("ProbeMatch")) { try SADPReply.parse(bytes) }
    }
}

/// Hostile XML in discovery answers (the lab's hostile-malformed-xml sends these): the reader expands no entity,
/// resolves no external one, stops at its nesting limit, and refuses bytes that are not UTF-8.
struct HostileDiscoveryXMLTests {
    /// Ten levels of ten references each: fully expanded, `lol9` is 10^9 "lol"s (3 GB); plus an external entity.
    static let billionLaughs: String = {
        var doctype = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            doctype += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        doctype += "<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>"
        return "<?xml version=\"1.0\"?>" + doctype
            + "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\">"
            + "<e:Body><d:ProbeMatches><d:ProbeMatch><d:Types>&lol9;</d:Types><d:Scopes>&lol9;&xxe;</d:Scopes>"
            + "</d:ProbeMatch></d:ProbeMatches></e:Body></e:Envelope>"
    }()

    /// libxml2 (under Foundation's XMLParser) stops at the entity amplification ("entity reference loop", error 89)
    /// instead of expanding: the reply is refused as not well-formed, at once.
    @Test func billionLaughsIsRefusedWithoutExpanding() {
        let clock = ContinuousClock()
        let start = clock.now
        #expect {
            try WSDiscoveryReply.parse(Array(Self.billionLaughs.utf8))
        } throws: { error in
            guard case DiscoveryReplyError.notXML = error else { return false }
            return true
        }
        #expect(clock.now - start < .seconds(5))
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        let depth = 1500
        let xml =
            "<ProbeMatch>" + String(repeating: "<DeviceDescription>", count: depth) + "x"
            + String(repeating: "</DeviceDescription>", count: depth) + "</ProbeMatch>"
        #expect(throws: DiscoveryReplyError.notXML(reason: "nested deeper than \(XMLTree.maximumDepth) elements")) {
            try SADPReply.parse(Array(xml.utf8))
        }
    }

    @Test func bytesThatAreNotUTF8AreRefusedBeforeParsing() {
        let bytes: [UInt8] =
            Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ProbeMatch><DeviceSN".utf8) + [0xFF] + Array(">".utf8)
            + [0xC0, 0xAF, 0xED, 0xA0, 0x80, 0x80] + Array("</DeviceSN></ProbeMatch>".utf8) + [0xE2, 0x82]
        #expect(throws: DiscoveryReplyError.notText) { try SADPReply.parse(bytes) }
        #expect(throws: DiscoveryReplyError.notText) { try WSDiscoveryReply.parse(bytes) }
    }
}
