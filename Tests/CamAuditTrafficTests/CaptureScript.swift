@testable import CamAuditTraffic

/// Writes a camera's conversation with one server as an Ethernet pcap, packet by packet, and reads
/// it back through libpcap into a flow table, so protocol tests run end to end.
struct CaptureScript {
    typealias F = FrameBuilder
    let server: [UInt8]
    let serverPort: Int
    var clientPort = 50_123
    private(set) var writer = PcapWriter(linkType: 1)
    private var time = 1_000.0

    init(server: [UInt8] = FrameBuilder.cloud, serverPort: Int) {
        self.server = server
        self.serverPort = serverPort
    }

    mutating func tcpUp(flags: UInt8 = 0x18, sequence: UInt32, _ payload: [UInt8] = []) {
        add(
            F.ethernet(
                source: F.cameraMAC, destination: F.routerMAC,
                F.ipv4(
                    source: F.camera, destination: server, protocolNumber: 6,
                    F.tcp(clientPort, serverPort, flags: flags, sequence: sequence, payload))))
    }

    mutating func tcpDown(flags: UInt8 = 0x18, sequence: UInt32, _ payload: [UInt8] = []) {
        add(
            F.ethernet(
                source: F.routerMAC, destination: F.cameraMAC,
                F.ipv4(
                    source: server, destination: F.camera, protocolNumber: 6,
                    F.tcp(serverPort, clientPort, flags: flags, sequence: sequence, payload))))
    }

    mutating func udpUp(_ payload: [UInt8]) {
        add(
            F.ethernet(
                source: F.cameraMAC, destination: F.routerMAC,
                F.ipv4(
                    source: F.camera, destination: server, protocolNumber: 17, F.udp(clientPort, serverPort, payload))))
    }

    private mutating func add(_ frame: [UInt8]) {
        writer.add(frame, at: time)
        time += 0.01
    }

    /// The flow table libpcap's reading of the written file gives.
    func table() throws -> FlowTable {
        var table = FlowTable()
        try table.add(capture: try CaptureReader(path: try writer.write(named: "script.pcap")))
        return table
    }
}

/// Bytes from hex text, ignoring spaces and line breaks (RFC test vectors are printed that way).
func bytes(hex: String) -> [UInt8] {
    let digits = hex.compactMap { $0.hexDigitValue }
    return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
}
