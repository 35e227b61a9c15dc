import CamAuditCore
import Foundation
import Testing
@testable import CamAuditDiscoveryProtocols
import CamAuditTestSupport

struct DHIPFrameTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let body: [UInt8]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "pretty-printed notifyDevInfo", body: Array(DiscoverySamples.dahuaNotifyDevInfo.utf8)),
        // "\n\0" after the JSON (a Dahua reply ending 0a 00 in Haicam/Haicam@307e0a3735f0 golang/discovery.go), counted
        // in the length: lab assumption, no public sample.
        Case(label: "trailing newline and NUL", body: Array(DiscoverySamples.dahuaNotifyDevInfo.utf8) + [0x0A, 0x00]),
    ]

    static func expectDahua(_ reply: DHDiscoverReply) {
        #expect(reply.method == "client.notifyDevInfo")
        #expect(reply.deviceType == "IPC-HDW5421S")
        #expect(reply.vendor == "Dahua")
        #expect(reply.version == "2.400.0.8")
        #expect(reply.serialNumber == "1F006E4PAX00075")
        #expect(reply.machineName == "1F006E4PAX00075")
        #expect(reply.macAddress == "4c:11:bf:c2:0b:9d")
        #expect(reply.httpPort == 80)
        #expect(reply.port == 37777)
        #expect(reply.deviceClass == "IPC")
        #expect(reply.ipv4Address == "192.168.1.108")  // data: the address inside a sample reply, never a target
    }

    @Test(arguments: cases)
    func wholeDatagramParses(_ sample: Case) throws {
        let datagram = DHIPFrame(session: 0x7fff_fe62, requestID: 2, body: sample.body).encoded
        let reply = try DHDiscoverReply.parse(datagram)
        Self.expectDahua(reply)
        #expect(reply.observations().count == 8)
        #expect(
            reply.observations().filter { [.dhdiscoverHTTPPort, .dhdiscoverServicePort].contains($0.field) }.map(\.value) == [
                "80", "37777",
            ])
    }

    @Test(arguments: cases)
    func byteByByteGivesTheSameFrames(_ sample: Case) throws {
        let frame = DHIPFrame(session: 0x7fff_fe62, requestID: 2, body: sample.body)
        let stream = frame.encoded + frame.encoded
        var decoder = DHIPFrameDecoder()
        var frames: [DHIPFrame] = []
        for byte in stream {
            decoder.feed(CollectionOfOne(byte))
            while let next = try decoder.next() { frames.append(next) }
        }
        #expect(frames == [frame, frame])
        #expect(decoder.pendingByteCount == 0)
        #expect(try DHDiscoverReply.parse(frame: frames[0]) == DHDiscoverReply.parse(frame.encoded))
    }

    @Test func headerMatchesTheCapturedLayout() {
        // 20 00 00 00 'DHIP' 62 fe ff 7f 02 00 00 00 20 01 00 00 00 00 00 00 20 01 00 00 00 00 00 00: the header layout of
        // mcw0/DahuaConsole@5f8f35b13437 net.py; the session, id and length values: lab assumption, no public sample.
        let header = Array(DHIPFrame(session: 0x7fff_fe62, requestID: 2, body: Array(repeating: 0x20, count: 0x120)).encoded.prefix(32))
        #expect(
            header == [
                0x20, 0, 0, 0, 0x44, 0x48, 0x49, 0x50, 0x62, 0xfe, 0xff, 0x7f, 2, 0, 0, 0,
                0x20, 0x01, 0, 0, 0, 0, 0, 0, 0x20, 0x01, 0, 0, 0, 0, 0, 0,
            ])
    }

    @Test func searchProbeIsFramedJSON() throws {
        let frame = try DHIPFrame.parseDatagram(DHDiscoverProbe.message())
        let object = try JSONSerialization.jsonObject(with: Data(frame.body)) as? [String: Any]
        #expect(object?["method"] as? String == "DHDiscover.search")
        #expect(throws: DiscoveryReplyError.missingMember("deviceInfo")) { try DHDiscoverReply.parse(frame: frame) }
    }

    static func header(length: UInt32, second: UInt32? = nil, magic: [UInt8] = Array("DHIP".utf8)) -> [UInt8] {
        var bytes: [UInt8] = [0x20, 0, 0, 0] + magic + [UInt8](repeating: 0, count: 8)
        withUnsafeBytes(of: length.littleEndian) { bytes += $0 }; bytes += [0, 0, 0, 0]
        withUnsafeBytes(of: (second ?? length).littleEndian) { bytes += $0 }; bytes += [0, 0, 0, 0]
        return bytes
    }

    static let malformed: [(String, [UInt8], DiscoveryReplyError)] = [
        ("truncated header", Array(header(length: 2).prefix(20)), .truncatedHeader(available: 20, required: 32)),
        (
            "wrong magic", header(length: 2, magic: Array("PIHD".utf8)) + [0x7b, 0x7d],
            .wrongMagic(found: [0x20, 0, 0, 0] + Array("PIHD".utf8))
        ),
        ("length larger than the data", header(length: 100) + [0x7b, 0x7d], .truncatedBody(declared: 100, available: 2)),
        ("huge length", header(length: 0x7fff_ffff), .frameTooLarge(declared: 0x7fff_ffff, limit: 65_536)),
        ("lengths disagree", header(length: 2, second: 3) + [0x7b, 0x7d], .lengthMismatch(first: 2, second: 3)),
        ("JSON without deviceInfo", header(length: 2) + [0x7b, 0x7d], .missingMember("deviceInfo")),
    ]

    @Test(arguments: malformed)
    func malformedFramesAreErrorValues(label: String, bytes: [UInt8], expected: DiscoveryReplyError) {
        #expect(throws: expected) { try DHDiscoverReply.parse(bytes) }
    }

    @Test func nonJSONBodyIsAnError() {
        let bytes = Self.header(length: 5) + Array("hello".utf8)
        #expect {
            try DHDiscoverReply.parse(bytes)
        } throws: { error in
            if case .notJSON = error as? DiscoveryReplyError { return true }
            return false
        }
    }

    @Test func streamDecoderRefusesHugeLengthBeforeBuffering() {
        var decoder = DHIPFrameDecoder()
        decoder.feed(Self.header(length: 0x7fff_ffff))
        #expect(throws: DiscoveryReplyError.frameTooLarge(declared: 0x7fff_ffff, limit: 65_536)) { try decoder.next() }
    }
}

struct SSDPTests {
    // SSDP samples are synthetic in the shape of the UPnP Device Architecture 1.1 examples;
    // no public camera SSDP capture was found (julienblitte/UniversalScanner@fb7ae672dad9 doc/protocols.html lists only the port).
    static let searchResponse =
        "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
        + "Location: http://192.168.1.90:49152/rootdesc.xml\r\nserver: Linux/3.10 UPnP/1.0 IPCamera/1.0\r\n"  // data: sample reply text, never a target
        + "ST: upnp:rootdevice\r\nUSN: uuid:00000000-0000-0000-0000-000000000001::upnp:rootdevice\r\n\r\n"
    static let notify =
        "NOTIFY * HTTP/1.1\nHOST: 239.255.255.250:1900\nNT: urn:schemas-upnp-org:device:Basic:1\n"
        + "NTS: ssdp:alive\nLOCATION: http://192.168.1.90:49152/rootdesc.xml\nSERVER: Linux UPnP/1.0 Camera/2.0\n"  // data: sample reply text, never a target
        + "USN: uuid:00000000-0000-0000-0000-000000000001\n\n"

    @Test(arguments: [
        (searchResponse, SSDPResponse.Kind.searchResponse, "upnp:rootdevice", "Linux/3.10 UPnP/1.0 IPCamera/1.0"),
        (notify, .notify, "urn:schemas-upnp-org:device:Basic:1", "Linux UPnP/1.0 Camera/2.0"),
    ])
    func readsAnswersAndNotifies(text: String, kind: SSDPResponse.Kind, target: String, server: String) throws {
        let response = try SSDPResponse.parse(Array(text.utf8))
        #expect(response.kind == kind)
        #expect(response.searchTarget == target)
        #expect(response.server == server)
        #expect(response.location == "http://192.168.1.90:49152/rootdesc.xml")  // data: sample reply text, never a target
        #expect(response.usn?.hasPrefix("uuid:") == true)
        #expect(response.observations().count == 4)
    }

    @Test func searchRoundTripsThroughItsParser() throws {
        let bytes = SSDPSearch.message(searchTarget: "urn:schemas-upnp-org:device:Basic:1", mx: 3)
        #expect(try SSDPSearch.parse(bytes) == SSDPSearch(searchTarget: "urn:schemas-upnp-org:device:Basic:1", mx: 3))
        #expect(throws: DiscoveryReplyError.badStartLine("M-SEARCH * HTTP/1.1")) { try SSDPResponse.parse(bytes) }
    }
}

struct DiscoveryGarbageTests {
    typealias Parser = @Sendable ([UInt8]) throws -> Void
    static let parsers: [(String, Parser)] = [
        ("WS-Discovery", { _ = try WSDiscoveryReply.parse($0) }),
        ("SADP", { _ = try SADPReply.parse($0) }),
        ("DHDiscover", { _ = try DHDiscoverReply.parse($0) }),
        ("SSDP", { _ = try SSDPResponse.parse($0) }),
    ]

    @Test(arguments: parsers.map(\.0))
    func megabyteDatagramIsRefusedQuickly(name: String) throws {
        let parse = try #require(Self.parsers.first { $0.0 == name }).1
        let huge = [UInt8](repeating: 0x3c, count: 1_048_576)
        let start = ContinuousClock.now
        #expect(throws: DiscoveryReplyError.datagramTooLarge(size: 1_048_576, limit: 65_536)) { try parse(huge) }
        #expect(ContinuousClock.now - start < .milliseconds(200))
    }

    static let garbage: [[UInt8]] = [
        [], [0], Array("not xml at all".utf8), [0xff, 0xfe, 0x00, 0x3c], Array("<a><b></a>".utf8),
        Array("<?xml version=\"1.0\"?><Envelope><Body/></Envelope>".utf8), Array(repeating: 0x3c, count: 4096),
    ]

    @Test(arguments: garbage)
    func garbageIsAnErrorForEveryParser(bytes: [UInt8]) {
        for (name, parse) in Self.parsers {
            #expect(throws: DiscoveryReplyError.self, "\(name)") { try parse(bytes) }
        }
    }
}
