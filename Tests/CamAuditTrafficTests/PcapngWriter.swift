import Foundation

/// Writes pcapng files (little-endian, one section, one interface, microsecond timestamps) in code,
/// following the pcapng specification (IETF draft-ietf-opsawg-pcapng: SHB §4.1, IDB §4.2, EPB §4.3),
/// so tests read the same packets through libpcap's pcapng reader as through its pcap reader.
struct PcapngWriter {
    let linkType: UInt16
    let snapshotLength: UInt32
    private(set) var bytes: [UInt8] = []

    init(linkType: UInt16, snapshotLength: UInt32 = 65_535, application: String = "camaudit tests") {
        self.linkType = linkType
        self.snapshotLength = snapshotLength
        // Section Header Block: byte-order magic, version 1.0, section length unknown (-1), shb_userappl (code 4).
        var body: [UInt8] = []
        Self.append32(0x1A2B_3C4D, to: &body)
        Self.append16(1, to: &body)
        Self.append16(0, to: &body)
        body += [UInt8](repeating: 0xFF, count: 8)
        body += Self.option(code: 4, Array(application.utf8)) + Self.endOfOptions
        block(type: 0x0A0D_0D0A, body)
        // Interface Description Block: link type, snap length, if_tsresol (code 9) = 6 (microseconds).
        var interface: [UInt8] = []
        Self.append16(linkType, to: &interface)
        Self.append16(0, to: &interface)
        Self.append32(snapshotLength, to: &interface)
        interface += Self.option(code: 9, [6]) + Self.endOfOptions
        block(type: 1, interface)
    }

    /// Adds an Enhanced Packet Block; frames longer than the snapshot length are cut.
    mutating func add(_ frame: [UInt8], at timestamp: Double) {
        let captured = Array(frame.prefix(Int(snapshotLength)))
        // Seconds and fraction apart, as PcapWriter does, so both formats carry the same microseconds.
        let seconds = UInt64(timestamp)
        let microseconds = seconds * 1_000_000 + UInt64(((timestamp - Double(seconds)) * 1_000_000).rounded())
        var body: [UInt8] = []
        Self.append32(0, to: &body)  // interface id
        Self.append32(UInt32(microseconds >> 32), to: &body)
        Self.append32(UInt32(microseconds & 0xFFFF_FFFF), to: &body)
        Self.append32(UInt32(captured.count), to: &body)
        Self.append32(UInt32(frame.count), to: &body)
        body += captured + [UInt8](repeating: 0, count: (4 - captured.count % 4) % 4)
        block(type: 6, body)
    }

    private mutating func block(type: UInt32, _ body: [UInt8]) {
        let total = UInt32(12 + body.count)
        Self.append32(type, to: &bytes)
        Self.append32(total, to: &bytes)
        bytes += body
        Self.append32(total, to: &bytes)
    }

    private static let endOfOptions: [UInt8] = [0, 0, 0, 0]

    private static func option(code: UInt16, _ value: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        append16(code, to: &result)
        append16(UInt16(value.count), to: &result)
        return result + value + [UInt8](repeating: 0, count: (4 - value.count % 4) % 4)
    }

    private static func append16(_ value: UInt16, to bytes: inout [UInt8]) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    private static func append32(_ value: UInt32, to bytes: inout [UInt8]) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
}
