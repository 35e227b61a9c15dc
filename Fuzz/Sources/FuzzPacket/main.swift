import CamAuditTraffic

// Captured frames without the file: byte 0 picks the link type, then each frame is a 16-bit big-endian
// length and that many bytes. Every frame goes through the packet decoder and the flow table, which
// reassembles TCP streams and reads DNS, DHCP, TLS ClientHello, QUIC Initial, HTTP Host and CS2 headers.
let linkTypes: [LinkType] = [.ethernet, .linuxCooked, .linuxCooked2, .rawIP, .rawIPv4, .rawIPv6]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPacket(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let first = input.first else { return 0 }
    let decoder = PacketDecoder(linkType: linkTypes[Int(first) % linkTypes.count])
    var table = FlowTable(maximumFlows: 64, maximumNames: 64, maximumInspectingFlows: 8)
    var offset = 1
    var timestamp = 1_700_000_000.0
    while offset + 2 <= count {
        let length = Int(input[offset]) << 8 | Int(input[offset + 1])
        offset += 2
        let end = min(count, offset + length)
        // A copy of exactly the frame, so AddressSanitizer catches a read past its end.
        let frame = Array(input[offset..<end])
        frame.withUnsafeBytes { table.add(frame: $0, timestamp: timestamp, decoder: decoder) }
        _ = decoder.decode(frame)
        offset = end
        timestamp += 0.25
    }
    for flow in table.flows { _ = flow }
    return 0
}
