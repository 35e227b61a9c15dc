import CamAuditCore
@testable import CamAuditDiscovery
@testable import CamAuditDiscoveryProtocols
import CamAuditTestSupport
import CamAuditLab
import Foundation
import Testing

/// Unicast discovery against lab devices on loopback, and the parser on broken datagrams.
@Suite(.serialized) struct UDPDiscoveryTests {
    static let profiles = ["hikvision-ipc-new", "dahua-ipc", "axis-m1065", "hostile-flood", "amcrest-ipc", "decoy-nginx", "hiwatch-ipc"]

    private func values(_ observations: [Observation], _ field: ObservedField) -> [String] {
        observations.filter { $0.field == field }.map(\.value)
    }

    @Test func unicastDiscoveryFindsEachProtocolOnTheRightAddress() async throws {
        try await LabSession.with(profiles: Self.profiles, allowPrivilegedPorts: false) { lab in
            let addresses = lab.devices.map(\.address)
            let result = await Discoverer().discover(unicast: addresses, timeout: .milliseconds(700))
            let byProfile = Dictionary(uniqueKeysWithValues: lab.devices.map { ($0.profile, $0) })

            let hik = try #require(byProfile["hikvision-ipc-new"])
            let hikSeen = result.observations[hik.address] ?? []
            #expect(values(hikSeen, .sadpDeviceDescription) == ["DS-2CD2385G1-I"])
            // The lab sends "V5.5.800build 210628"; the SADP parser records it normalised.
            #expect(values(hikSeen, .sadpSoftwareVersion) == ["V5.5.800 build 210628"])
            #expect(values(hikSeen, .sadpSerial) == ["DS-2CD2385G1-I20210705AAWRE52183921"])
            #expect(values(hikSeen, .sadpMAC) == ["58:50:ed:1f:e3:85"])
            #expect(values(hikSeen, .sadpActivated) == ["true"])
            #expect(Set(values(hikSeen, .macOUI)) == ["5850ED"], "SADP and WS-Discovery both name the MAC")
            let scopes = try #require(values(hikSeen, .onvifScopes).first)
            #expect(scopes.contains("onvif://www.onvif.org/hardware/DS-2CD2385G1-I"))
            #expect(scopes.contains("onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I"))
            let httpPort = lab.portOffset + 80
            #expect(values(hikSeen, .wsdiscoveryXAddrs) == ["http://\(hik.address):\(httpPort)/onvif/device_service"])
            #expect(hik.udpPorts == [3702, 37020])

            let hiwatch = try #require(byProfile["hiwatch-ipc"])
            #expect(values(result.observations[hiwatch.address] ?? [], .sadpActivated) == ["false"])

            let dahua = try #require(byProfile["dahua-ipc"])
            let dahuaSeen = result.observations[dahua.address] ?? []
            #expect(values(dahuaSeen, .dhdiscoverDeviceType) == ["IPC-HFW2228M-I1-V2"])
            #expect(values(dahuaSeen, .dhdiscoverVendor) == ["Dahua"])
            #expect(values(dahuaSeen, .dhdiscoverVersion) == ["2.800.0000000.16.R"])
            #expect(values(dahuaSeen, .dhdiscoverSerial) == ["7J01F4DPAG6E2B9"])
            #expect(values(dahuaSeen, .dhdiscoverMAC) == ["3c:ef:8c:61:22:b7"])
            #expect(values(dahuaSeen, .macOUI) == ["3CEF8C"])
            #expect(values(dahuaSeen, .sadpDeviceDescription).isEmpty)

            let amcrest = try #require(byProfile["amcrest-ipc"])
            #expect(values(result.observations[amcrest.address] ?? [], .dhdiscoverVendor) == ["Amcrest"])

            let axis = try #require(byProfile["axis-m1065"])
            let axisSeen = result.observations[axis.address] ?? []
            #expect(values(axisSeen, .ssdpServer) == ["Linux/4.9.94-axis5, UPnP/1.0, Portable SDK for UPnP devices/1.6.22"])
            #expect(values(axisSeen, .ssdpLocation) == ["http://\(axis.address):\(httpPort)/rootdesc1.xml"])
            #expect(values(axisSeen, .upnpManufacturer) == ["AXIS"])
            #expect(values(axisSeen, .upnpModelName) == ["AXIS M1065-LW"])
            #expect(values(axisSeen, .upnpModelNumber) == ["M1065-LW"])
            #expect(values(axisSeen, .upnpFriendlyName) == ["AXIS M1065-LW - ACCC8E5A3B2F"])
            #expect(values(axisSeen, .sadpSerial).isEmpty)
            #expect(values(axisSeen, .mdnsService) == ["_axis-video._tcp.local"])
            #expect(values(axisSeen, .mdnsInstance) == ["AXIS M1065-LW - ACCC8E5A3B2F"])
            #expect(values(axisSeen, .mdnsTXT) == ["macaddress=ACCC8E5A3B2F"])
            #expect(Set(values(axisSeen, .macOUI)) == ["ACCC8E"], "WS-Discovery and mDNS both name the MAC")
            #expect(axis.udpPorts == [1900, 3702, 5353])

            // The hostile device answers every protocol with garbage: counted, noted, never trusted.
            let hostile = try #require(byProfile["hostile-flood"])
            #expect(result.observations[hostile.address] == nil)
            #expect(result.malformedReplies == 5)
            #expect(result.notes.filter { $0.hasPrefix("\(hostile.address):") }.count == 5)
            #expect(result.notes.contains { $0.hasPrefix("\(hostile.address): malformed mDNS reply ignored") })

            let decoy = try #require(byProfile["decoy-nginx"])
            #expect(result.observations[decoy.address] == nil)
            #expect(result.droppedUnsolicited == 0)
        }
    }

    @Test func labIgnoresBareJSONAndAnswersFramedDHDiscover() async throws {
        try await LabSession.with(profiles: ["dahua-ipc"], allowPrivilegedPorts: false) { lab in
            let device = lab.devices[0].address.description
            let client = try UDPTestSocket(address: "127.0.0.1")
            let bare = Array("{\"method\": \"DHDiscover.search\", \"params\": {\"mac\": \"\", \"uni\": 1}}".utf8)
            client.send(bare, to: device, port: 37810)
            #expect(
                client.receive(milliseconds: 300) == nil,
                "the lab ignores bare JSON, as a Dahua unit is assumed to (lab assumption, no public sample)")
            client.send(DHDiscoverProbe.message(), to: device, port: 37810)
            let reply = try #require(client.receive(milliseconds: 1000))
            guard case .reply(.dhDiscover, let observations, _) = UDPReplyParser.read(reply.bytes) else {
                Issue.record("framed DHDiscover reply did not parse")
                return
            }
            #expect(observations.contains { $0.field == .dhdiscoverSerial && $0.value == "7J01F4DPAG6E2B9" })
            // The pretty-printed JSON escapes '/' and puts spaces around ':' as the captured reply does.
            #expect(String(decoding: reply.bytes, as: UTF8.self).contains("\"method\" : \"client.notifyDevInfo\""))
        }
    }

    @Test func axisLabDeviceAnswersAUnicastMDNSQuery() async throws {
        try await LabSession.with(profiles: ["axis-m1065"], allowPrivilegedPorts: false) { lab in
            let device = lab.devices[0].address
            let client = try UDPTestSocket(address: "127.0.0.1")
            client.send(MDNSQuery.message(services: ["_rtsp._tcp.local"]), to: device.description, port: 5353)
            #expect(client.receive(milliseconds: 300) == nil, "the profile announces only _axis-video._tcp")
            client.send(MDNSQuery.message(), to: device.description, port: 5353)
            let reply = try #require(client.receive(milliseconds: 1000))
            let message = try MDNSMessage.parse(reply.bytes)
            // A legacy unicast answer echoes the id and the questions (RFC 6762 §6.7).
            #expect(message.isResponse && message.id == 0)
            #expect(message.questions.count == MDNSQuery.cameraServices.count)
            #expect(message.instances == ["AXIS M1065-LW - ACCC8E5A3B2F"])
            #expect(message.textRecords == ["macaddress=ACCC8E5A3B2F"])
            #expect(message.records.allSatisfy { $0.ttl <= 10 })
            let host = MDNSMessage.Name(labels: ["axis-accc8e5a3b2f", "local"])
            #expect(message.records.contains { $0.data == .service(priority: 0, weight: 0, port: lab.portOffset + 80, target: host) })
            #expect(message.records.contains { $0.name == host && $0.data == .address(device.description) })
        }
    }

    @Test func mdnsRepliesFromUnprobedAddressesAreDropped() async throws {
        let block = TestAddresses.block()
        let probedSocket = try UDPTestSocket(address: block.host(1).description, port: 0)
        let strangerSocket = try UDPTestSocket(address: block.host(99).description)
        let answer = DiscoverySamples.axisMDNSAnswer
        let responder = Task.detached { () -> Bool in
            guard let query = probedSocket.receive(milliseconds: 3000), (try? MDNSMessage.parse(query.bytes))?.questions.isEmpty == false
            else { return false }
            strangerSocket.send(answer, to: query.address, port: query.port)
            probedSocket.send(answer, to: query.address, port: query.port)
            return true
        }
        let configuration = DiscovererConfiguration(protocols: [.mdns], ports: [.mdns: probedSocket.port])
        let result = await Discoverer(configuration: configuration)
            .discover(unicast: [block.host(1)], timeout: .milliseconds(500))
        #expect(await responder.value)
        #expect(result.droppedUnsolicited == 1)
        #expect(result.observations[block.host(99)] == nil)
        #expect(values(result.observations[block.host(1)] ?? [], .mdnsInstance) == ["AXIS M5014 - ACCC8E3C0419"])
    }

    @Test func repliesFromUnprobedAddressesAreDropped() async throws {
        // A fake device on a probed address answers itself AND makes another address answer for it.
        let block = TestAddresses.block()
        let probedSocket = try UDPTestSocket(address: block.host(1).description, port: 0)
        let strangerSocket = try UDPTestSocket(address: block.host(99).description)
        let goodReply = Array(Self.hikvisionProbeMatches.utf8)
        let responder = Task.detached { () -> Bool in
            guard let probe = probedSocket.receive(milliseconds: 3000) else { return false }
            strangerSocket.send(goodReply, to: probe.address, port: probe.port)
            strangerSocket.send(goodReply, to: probe.address, port: probe.port)
            probedSocket.send(goodReply, to: probe.address, port: probe.port)
            return true
        }
        let configuration = DiscovererConfiguration(protocols: [.wsDiscovery], ports: [.wsDiscovery: probedSocket.port])
        let result = await Discoverer(configuration: configuration)
            .discover(unicast: [block.host(1)], timeout: .milliseconds(500))
        #expect(await responder.value)
        #expect(result.droppedUnsolicited == 2)
        #expect(result.observations[block.host(99)] == nil)
        #expect(values(result.observations[block.host(1)] ?? [], .macOUI) == ["5850ED"])
    }

    @Test func aHostThatFloodsRepliesIsReadOnlyUpToItsLimit() async throws {
        // A hostile device answers one probe with 200 malformed replies and then a good one: the first 32 are
        // parsed, the rest are counted and dropped unread (each malformed XML reply costs memory inside
        // Foundation's XMLParser, so reading them all would let one device grow the scan without bound).
        let block = TestAddresses.block()
        let socket = try UDPTestSocket(address: block.host(1).description, port: 0)
        let malformed = Array("<?xml version=\"1.0\"?><ProbeMatches><ProbeMatch><Types>".utf8)
        let good = Array(Self.hikvisionProbeMatches.utf8)
        let responder = Task.detached { () -> Bool in
            guard let probe = socket.receive(milliseconds: 3000) else { return false }
            for _ in 0..<200 { socket.send(malformed, to: probe.address, port: probe.port) }
            socket.send(good, to: probe.address, port: probe.port)
            return true
        }
        let configuration = DiscovererConfiguration(protocols: [.wsDiscovery], ports: [.wsDiscovery: socket.port])
        let result = await Discoverer(configuration: configuration)
            .discover(unicast: [block.host(1)], timeout: .milliseconds(500))
        #expect(await responder.value)
        #expect(result.malformedReplies == 32)
        #expect(result.droppedExcess == 169)
        #expect(result.observations[block.host(1)] == nil)
        #expect(result.notes.contains { $0.hasPrefix("\(block.host(1)): 169 more discovery replies dropped unread") })
    }

    @Test func descriptionsAreFetchedOnlyFromTheAnsweringHost() throws {
        // A listener on the host the LOCATION names must never see a connection: the fetch goes to the
        // answering host (nothing listens there, so it fails) at the announced port.
        let block = TestAddresses.block()
        let named = try ListeningSocket(host: block.host(9).description)
        let fetcher = UDPDescriptionFetcher(timeout: .milliseconds(200), maximumBytes: 1024)
        #expect(throws: UDPDescriptionFetcher.Refusal.self) {
            try fetcher.fetch(location: "http://\(block.host(9)):\(named.port)/desc.xml", responder: block.host(1))
        }
        #expect(!named.hasPendingConnection(), "no connection to the host the LOCATION names")
        #expect(throws: UDPDescriptionFetcher.Refusal.notHTTP) {
            try fetcher.fetch(location: "file:///etc/passwd", responder: block.host(1))
        }
    }

    static let hikvisionProbeMatches = """
        <?xml version="1.0" encoding="UTF-8"?>
        <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:wsadis="http://schemas.xmlsoap.org/ws/2004/08/addressing"><env:Header><wsadis:RelatesTo>urn:uuid:x</wsadis:RelatesTo></env:Header><env:Body><d:ProbeMatches><d:ProbeMatch><wsadis:EndpointReference><wsadis:Address>urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385</wsadis:Address></wsadis:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types><d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/MAC/58:50:ed:1f:e3:85 onvif://www.onvif.org/hardware/DS-2CD2385G1-I onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I</d:Scopes><d:XAddrs>http://127.88.3.1/onvif/device_service</d:XAddrs><d:MetadataVersion>10</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>
        """

    /// Broken datagrams of every kind: each must read as malformed, never as a reply.
    static let malformedSamples: [(String, [UInt8])] = [
        ("empty", []),
        ("truncated SADP", Array("<?xml version=\"1.0\"?><ProbeMatch>\r\n<DeviceDescription>DS-2CD".utf8)),
        ("SADP without fields", Array("<ProbeMatch></ProbeMatch>".utf8)),
        ("DHIP cut short", [0x20, 0, 0, 0] + Array("DHIP".utf8)),
        ("wrong DHIP magic", DHIPFrame(body: Array("{}".utf8)).encoded.enumerated().map { $0.offset == 4 ? 0x50 : $0.element }),
        (
            "huge DHIP length",
            [0x20, 0, 0, 0] + Array("DHIP".utf8) + [UInt8](repeating: 0, count: 8) + [UInt8](repeating: 0xff, count: 16) + Array("{}".utf8)
        ),
        (
            "DHIP lengths disagree",
            [0x20, 0, 0, 0] + Array("DHIP".utf8) + [UInt8](repeating: 0, count: 8) + [2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0]
                + Array("{}".utf8)
        ),
        ("DHIP not JSON", DHIPFrame(body: Array("abc".utf8)).encoded),
        ("DHIP without deviceInfo", DHIPFrame(body: Array("{}".utf8)).encoded),
        (
            "truncated WS-Discovery",
            Array("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><d:ProbeMatches><d:Scopes>onvif://x".utf8)
        ),
        ("SSDP unterminated", Array("HTTP/1.1 200 OK\r\nSERVER: x\r\n".utf8)),
        ("SSDP huge header", Array(("HTTP/1.1 200 OK\r\nSERVER: " + String(repeating: "A", count: 5000) + "\r\n\r\n").utf8)),
        ("SSDP error status", Array("HTTP/1.1 404 Not Found\r\n\r\n".utf8)),
        ("random bytes", [0xde, 0xad, 0xbe, 0xef]),
    ]

    @Test(arguments: malformedSamples.map(\.0))
    func malformedDatagramsAreNeverTrusted(name: String) throws {
        let sample = try #require(Self.malformedSamples.first { $0.0 == name })
        guard case .malformed = UDPReplyParser.read(sample.1) else {
            Issue.record("\(name) was read as a reply")
            return
        }
    }

    @Test func dhDiscoverReplyWithCountedTerminatorParses() {
        // A trailing "\n\0" counted in the DHIP length (the tail as in Haicam/Haicam@307e0a3735f0 golang/discovery.go;
        // counting it in the length: lab assumption, no public sample).
        let body = Array(
            "{ \"mac\" : \"4c:11:bf:c2:0b:9d\", \"method\" : \"client.notifyDevInfo\", \"params\" : { \"deviceInfo\" : { \"DeviceType\" : \"IPC-HDW5421S\", \"SerialNo\" : \"1F006E4PAX00075\", \"Vendor\" : \"Dahua\", \"Version\" : \"2.400.0.8\" } } }\n\0"
                .utf8)
        guard case .reply(.dhDiscover, let observations, _) = UDPReplyParser.read(DHIPFrame(body: body).encoded) else {
            Issue.record("reply did not parse")
            return
        }
        #expect(observations.first { $0.field == .dhdiscoverDeviceType }?.value == "IPC-HDW5421S")
        #expect(observations.first { $0.field == .macOUI }?.value == "4C11BF")
    }
}

#if canImport(Glibc)
    import Glibc

    /// A TCP listener on a loopback address, to prove that nothing connected to it.
    final class ListeningSocket {
        let descriptor: Int32
        let port: UInt16

        init(host: String) throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            inet_pton(AF_INET, host, &address.sin_addr)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(descriptor, 4) == 0 else { close(descriptor); throw ListeningSocketError.cannotListen(host) }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            self.descriptor = descriptor
            port = UInt16(bigEndian: address.sin_port)
        }

        /// Whether a connection is waiting to be accepted.
        func hasPendingConnection() -> Bool {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            return poll(&entry, 1, 50) > 0
        }

        deinit { close(descriptor) }
    }

    enum ListeningSocketError: Error { case cannotListen(String) }
#endif
