import CamAuditCore
import Testing

@testable import CamAuditTraffic

/// Frames with a known decoding, each with the link type it is framed for.
private let corpus: [(name: String, linkType: LinkType, frame: [UInt8])] = {
    typealias F = FrameBuilder
    let udpIP = F.ipv4(source: F.camera, destination: F.broker, protocolNumber: 17, F.udp(41000, 32100, F.cs2Hello))
    let tcpIP = F.ipv4(
        source: F.camera, destination: F.cloud, protocolNumber: 6,
        F.tcp(50000, 443, flags: 0x18, F.clientHello(serverName: "devices.hik-connect.com")))
    let v6 = F.ipv6(
        source: [UInt8](repeating: 0x20, count: 16), destination: [UInt8](repeating: 0x26, count: 16),
        protocolNumber: 17, F.udp(41000, 32100, F.cs2Hello))
    return [
        ("ethernet-udp", .ethernet, F.ethernet(source: F.cameraMAC, destination: F.routerMAC, udpIP)),
        ("ethernet-tcp", .ethernet, F.ethernet(source: F.cameraMAC, destination: F.routerMAC, tcpIP)),
        ("qinq-udp", .ethernet, F.ethernet(source: F.cameraMAC, destination: F.routerMAC, vlanTags: [100, 20], udpIP)),
        ("ethernet-ipv6", .ethernet, F.ethernet(source: F.cameraMAC, destination: F.routerMAC, etherType: 0x86DD, v6)),
        ("sll-tcp", .linuxCooked, F.linuxCooked(source: F.cameraMAC, tcpIP)),
        ("sll2-udp", .linuxCooked2, F.linuxCooked2(source: F.cameraMAC, udpIP)),
        ("raw-ipv6", .rawIP, v6),
    ]
}()

@Suite("PacketDecoder")
struct PacketDecoderTests {
    @Test(arguments: corpus.map(\.name))
    func decodesWholeFrame(name: String) throws {
        let sample = try #require(corpus.first { $0.name == name })
        let packet = try PacketDecoder(linkType: sample.linkType).decode(sample.frame).get()
        #expect(packet.destinationPort == (name.contains("tcp") ? 443 : 32100))
        #expect(packet.sourcePort == (name.contains("tcp") ? 50000 : 41000))
        #expect(!packet.payloadIsCut)
        let payload = Array(sample.frame[packet.payload])
        if name.contains("tcp") {
            #expect(TLSClientHello.serverName(in: payload) == "devices.hik-connect.com")
        } else {
            #expect(payload == FrameBuilder.cs2Hello)
        }
        if name.contains("ipv6") {
            #expect(packet.destination == .v6(high: 0x2626_2626_2626_2626, low: 0x2626_2626_2626_2626))
        } else {
            #expect(packet.source == IPAddress("192.168.1.64")!)
        }
        if sample.linkType != .rawIP { #expect(packet.sourceMAC == MACAddress(FrameBuilder.cameraMAC)) }
    }

    /// Every prefix of every frame (a capture cut at each possible length) decodes or is a counted
    /// skip; once the transport header is complete the prefix decodes, with its payload marked cut.
    @Test(arguments: corpus.map(\.name))
    func everyTruncationIsACountedSkip(name: String) throws {
        let sample = try #require(corpus.first { $0.name == name })
        let decoder = PacketDecoder(linkType: sample.linkType)
        let whole = try decoder.decode(sample.frame).get()
        var table = FlowTable()
        for length in 0..<sample.frame.count {
            let prefix = Array(sample.frame.prefix(length))
            let result = decoder.decode(prefix)
            switch result {
            case .success(let packet):
                #expect(length >= whole.payload.lowerBound)
                #expect(packet.payloadIsCut == (length < whole.payload.upperBound))
                #expect(packet.payload.upperBound <= length)
            case .failure(let reason):
                #expect(reason == .truncated, "length \(length)")
                #expect(length < whole.payload.lowerBound)
            }
            prefix.withUnsafeBytes { table.add(frame: $0, timestamp: 0, decoder: decoder) }
        }
        #expect(table.packets == sample.frame.count)
        #expect(table.skipped[.truncated] == whole.payload.lowerBound)
    }

    @Test func laterFragmentsAndNonIPAreSkipped() {
        typealias F = FrameBuilder
        let decoder = PacketDecoder(linkType: .ethernet)
        let fragment = F.ethernet(
            source: F.cameraMAC, destination: F.routerMAC,
            F.ipv4(source: F.camera, destination: F.cloud, protocolNumber: 17, fragmentOffset: 0x2000 | 0, F.udp(1, 2, [9])))
        // More-fragments set with offset zero is the first fragment: it has the UDP header.
        #expect((try? decoder.decode(fragment).get())?.destinationPort == 2)
        let later = F.ethernet(
            source: F.cameraMAC, destination: F.routerMAC,
            F.ipv4(source: F.camera, destination: F.cloud, protocolNumber: 17, fragmentOffset: 185, [1, 2, 3, 4, 5, 6, 7, 8]))
        #expect(decoder.decode(later) == .failure(.laterFragment))
        let arp = F.ethernet(source: F.cameraMAC, destination: F.routerMAC, etherType: 0x0806, [UInt8](repeating: 0, count: 28))
        #expect(decoder.decode(arp) == .failure(.notIP))
        let manyTags = F.ethernet(
            source: F.cameraMAC, destination: F.routerMAC, vlanTags: [1, 2, 3, 4, 5, 6],
            F.ipv4(source: F.camera, destination: F.cloud, protocolNumber: 17, F.udp(1, 2, [])))
        #expect(decoder.decode(manyTags) == .failure(.tooManyHeaders))
        let wrongVersion = F.ethernet(
            source: F.cameraMAC, destination: F.routerMAC, etherType: 0x86DD,
            F.ipv4(source: F.camera, destination: F.cloud, protocolNumber: 17, F.udp(1, 2, [])))
        #expect(decoder.decode(wrongVersion) == .failure(.badIPHeader))
    }

    @Test func ethernetPaddingIsNotPayload() throws {
        typealias F = FrameBuilder
        // 14 + 20 + 8 + 4 = 46 bytes: the NIC pads to 60; the padding must not count as UDP payload.
        let frame =
            F.ethernet(
                source: F.cameraMAC, destination: F.routerMAC,
                F.ipv4(source: F.camera, destination: F.broker, protocolNumber: 17, F.udp(41000, 32100, F.cs2Hello)))
            + [UInt8](repeating: 0, count: 14)
        let packet = try PacketDecoder(linkType: .ethernet).decode(frame).get()
        #expect(Array(frame[packet.payload]) == FrameBuilder.cs2Hello)
        #expect(packet.ipLength == 32)
    }
}
