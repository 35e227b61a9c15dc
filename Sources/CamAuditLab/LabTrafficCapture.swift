import CLibpcap
import CamAuditCore
import Foundation

/// Writes the lab's internet traffic into a pcap file through libpcap's own dumper: each device's
/// `phoneHome` contacts as Ethernet/IPv4 frames (DNS lookups through a LAN resolver, TLS ClientHellos,
/// P2P datagrams, video bursts captured cut as `tcpdump -s 96` would), plus the owner's phone running
/// the vendor app. The file is written, never sent; the outside addresses are documentation ranges.
public enum LabTrafficCapture {
    /// The LAN resolver and the owner's phone, outside the lab's device addresses.
    public static let resolver = IPAddress.v4(0x7F00_0035)  // 127.0.0.53
    /// Bytes kept of each video packet, as a short snapshot length would.
    static let snapshotLength = 96

    /// Writes the capture for `devices` (only those with `phoneHome`) to `path`; `phone` is the app-running phone's address.
    public static func write(devices: [LabDevice], phone: IPAddress, to path: String, start: Double = 1_800_000_000) throws(LabError) {
        guard let dead = pcap_open_dead(DLT_EN10MB, 65_535) else { throw .captureWrite(path, "pcap_open_dead failed") }
        defer { pcap_close(dead) }
        guard let dumper = pcap_dump_open(dead, path) else {
            throw .captureWrite(path, String(cString: pcap_geterr(dead)))
        }
        defer { pcap_dump_close(dumper) }
        var frames = FrameSequence(start: start)
        var dnsID = 1
        for device in devices {
            guard let phoneHome = device.phoneHome, case .v4(let camera) = device.address else { continue }
            for contact in phoneHome.contacts {
                guard let parsed = IPAddress(contact.address), case .v4(let remote) = parsed else { continue }
                frames.contact(contact, from: camera, to: remote, dnsID: &dnsID)
            }
            // The owner's phone watches this camera on the LAN.
            if case .v4(let phoneAddress) = phone, device.ports.contains(554) {
                frames.tcp(
                    from: phoneAddress, 52_000, to: camera, 554,
                    payload: Array("DESCRIBE rtsp://\(device.address)/ RTSP/1.0\r\nCSeq: 2\r\n\r\n".utf8))
            }
        }
        if case .v4(let phoneAddress) = phone {
            frames.tls(from: phoneAddress, to: 0xCB00_7150, name: "apiieu.ezvizlife.com", dnsID: &dnsID)  // 203.0.113.80: the EZVIZ app API
            for host in 0..<24 {
                frames.tcp(from: phoneAddress, UInt16(53_000 + host), to: 0xC633_6400 + UInt32(10 + host), 443, payload: [])
            }
        }
        for frame in frames.frames {
            var header = pcap_pkthdr()
            header.ts.tv_sec = Int(frame.time)
            header.ts.tv_usec = Int((frame.time - Double(Int(frame.time))) * 1_000_000)
            header.caplen = UInt32(min(frame.bytes.count, frame.captured))
            header.len = UInt32(frame.bytes.count)
            frame.bytes.withUnsafeBufferPointer { bytes in
                pcap_dump(UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self), &header, bytes.baseAddress)
            }
        }
    }
}

/// Frames in time order, built by hand: libpcap writes files but has no packet builder.
struct FrameSequence {
    struct Frame {
        var time: Double
        var bytes: [UInt8]
        /// How many bytes the capture keeps (the rest counts as cut).
        var captured: Int
    }

    private(set) var frames: [Frame] = []
    private var clock: Double

    init(start: Double) { clock = start }

    mutating func contact(_ contact: LabPhoneHome.Contact, from camera: UInt32, to remote: UInt32, dnsID: inout Int) {
        switch contact.kind {
        case "tls":
            tls(from: camera, to: remote, name: contact.name ?? "", port: contact.port, dnsID: &dnsID)
        case "video":
            if let name = contact.name { lookup(name, answer: remote, from: camera, id: &dnsID) }
            let packets = max(1, (contact.kilobytes ?? 1000) * 1000 / 1400)
            let step = (contact.seconds ?? 10) / Double(packets)
            for index in 0..<packets {
                append(
                    ipv4(
                        camera, remote, 17,
                        udp(
                            42_000, contact.port,
                            [0x80, 0x60, UInt8(index >> 8 & 0xFF), UInt8(index & 0xFF)] + [UInt8](repeating: 0, count: 1352))),
                    captured: LabTrafficCapture.snapshotLength, advance: step)
            }
        case "ntp":
            if let name = contact.name { lookup(name, answer: remote, from: camera, id: &dnsID) }
            append(ipv4(camera, remote, 17, udp(123, contact.port, [0x23] + [UInt8](repeating: 0, count: 47))))
        default:  // "udp"
            if let name = contact.name { lookup(name, answer: remote, from: camera, id: &dnsID) }
            append(
                ipv4(
                    camera, remote, 17,
                    udp(41_000, contact.port, Self.bytes(hex: contact.payloadHex ?? "") + [UInt8](repeating: 0, count: 16))))
            append(ipv4(remote, camera, 17, udp(contact.port, 41_000, [UInt8](repeating: 0, count: 40))))
        }
    }

    mutating func tls(from client: UInt32, to server: UInt32, name: String, port: UInt16 = 443, dnsID: inout Int) {
        lookup(name, answer: server, from: client, id: &dnsID)
        append(ipv4(client, server, 6, tcpSegment(50_000, port, flags: 0x02, [])))
        append(ipv4(server, client, 6, tcpSegment(port, 50_000, flags: 0x12, [])))
        append(ipv4(client, server, 6, tcpSegment(50_000, port, flags: 0x18, Self.clientHello(name))))
        append(ipv4(server, client, 6, tcpSegment(port, 50_000, flags: 0x18, [UInt8](repeating: 0x16, count: 1200))))
    }

    mutating func tcp(from client: UInt32, _ clientPort: UInt16, to server: UInt32, _ port: UInt16, payload: [UInt8]) {
        append(ipv4(client, server, 6, tcpSegment(clientPort, port, flags: 0x02, [])))
        if !payload.isEmpty { append(ipv4(client, server, 6, tcpSegment(clientPort, port, flags: 0x18, payload))) }
    }

    /// A DNS query to the LAN resolver and its answer (RFC 1035 §4.1), so the capture maps the address to `name`.
    mutating func lookup(_ name: String, answer: UInt32, from client: UInt32, id: inout Int) {
        guard case .v4(let resolver) = LabTrafficCapture.resolver else { return }
        let encoded: [UInt8] =
            name.split(separator: ".").flatMap { label -> [UInt8] in [UInt8(label.utf8.count)] + Array(label.utf8) } + [0]
        let question: [UInt8] = encoded + [0, 1, 0, 1]
        let identifier = Self.be16(UInt16(id & 0xFFFF))
        let query: [UInt8] = identifier + Self.be16(0x0100) + Self.be16(1) + Self.be16(0) + [0, 0, 0, 0]
        append(ipv4(client, resolver, 17, udp(40_000, 53, query + question)))
        let record: [UInt8] = [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4] + Self.be32(answer)
        let response: [UInt8] = identifier + Self.be16(0x8180) + Self.be16(1) + Self.be16(1) + [0, 0, 0, 0]
        append(ipv4(resolver, client, 17, udp(53, 40_000, response + question + record)))
        id += 1
    }

    private mutating func append(_ ip: [UInt8], captured: Int = .max, advance: Double = 0.01) {
        // Ethernet II with zero MACs, as a capture on loopback shows them.
        frames.append(
            Frame(
                time: clock, bytes: [UInt8](repeating: 0, count: 12) + [0x08, 0x00] + ip, captured: captured == .max ? .max : 14 + captured)
        )
        clock += advance
    }

    private func ipv4(_ source: UInt32, _ destination: UInt32, _ proto: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0x45, 0] + Self.be16(UInt16(20 + payload.count)) + [0, 0, 0x40, 0, 64, proto, 0, 0] + Self.be32(source) + Self.be32(destination)
            + payload
    }

    private func udp(_ source: UInt16, _ destination: UInt16, _ payload: [UInt8]) -> [UInt8] {
        Self.be16(source) + Self.be16(destination) + Self.be16(UInt16(8 + payload.count)) + [0, 0] + payload
    }

    /// A TCP segment; a SYN takes sequence number 0 and the first data byte 1 (RFC 9293 §3.4), as a reassembler expects.
    private func tcpSegment(_ source: UInt16, _ destination: UInt16, flags: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let sequence: UInt8 = flags & 0x02 != 0 ? 0 : 1
        return Self.be16(source) + Self.be16(destination) + [0, 0, 0, sequence, 0, 0, 0, 0, 0x50, flags, 0xFF, 0xFF, 0, 0, 0, 0] + payload
    }

    /// A minimal TLS 1.2-framed ClientHello with one server_name extension (RFC 8446 §4.1.2, RFC 6066 §3).
    static func clientHello(_ name: String) -> [UInt8] {
        let host = Array(name.utf8)
        let serverName = be16(UInt16(host.count + 3)) + [0] + be16(UInt16(host.count)) + host
        let extensions = be16(0) + be16(UInt16(serverName.count)) + serverName
        let body =
            [3, 3] + [UInt8](repeating: 0x11, count: 32) + [0] + be16(2) + [0x13, 0x01] + [1, 0] + be16(UInt16(extensions.count))
            + extensions
        let handshake = [1, 0] + be16(UInt16(body.count)) + body
        return [22, 3, 1] + be16(UInt16(handshake.count)) + handshake
    }

    static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var iterator = hex.makeIterator()
        while let high = iterator.next(), let low = iterator.next(), let byte = UInt8(String([high, low]), radix: 16) {
            result.append(byte)
        }
        return result
    }
}
