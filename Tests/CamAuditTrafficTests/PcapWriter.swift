import Foundation

/// Writes classic (microsecond, little-endian) pcap files in code, so tests know every byte of the
/// capture they read back through libpcap.
struct PcapWriter {
    let linkType: UInt32
    let snapshotLength: UInt32
    private(set) var bytes: [UInt8] = []

    init(linkType: UInt32, snapshotLength: UInt32 = 65_535) {
        self.linkType = linkType
        self.snapshotLength = snapshotLength
        append32(0xA1B2_C3D4)  // magic: microsecond timestamps
        append16(2)
        append16(4)  // version 2.4
        append32(0)  // thiszone
        append32(0)  // sigfigs
        append32(snapshotLength)
        append32(linkType)
    }

    /// Adds a record; frames longer than the snapshot length are cut, as tcpdump -s does.
    mutating func add(_ frame: [UInt8], at timestamp: Double) {
        let captured = frame.prefix(Int(snapshotLength))
        let seconds = UInt32(timestamp)
        append32(seconds)
        append32(UInt32(((timestamp - Double(seconds)) * 1_000_000).rounded()))
        append32(UInt32(captured.count))
        append32(UInt32(frame.count))
        bytes += captured
    }

    /// Writes the file under a fresh temporary name and returns its path.
    func write(named name: String) throws -> String {
        try Self.write(bytes, named: name)
    }

    /// Writes arbitrary bytes (a damaged capture) under a fresh temporary name.
    static func write(_ bytes: [UInt8], named name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-pcap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private mutating func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    private mutating func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
}
