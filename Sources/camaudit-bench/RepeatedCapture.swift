import ArgumentParser
import CamAuditTraffic
import Foundation

/// A large capture made of a real one: its packets, byte for byte, written again and again into a classic
/// pcap file until it reaches the size asked for. Each round is shifted in time past the previous one, so
/// timestamps keep rising and flows look long-lived, as in a capture of the same device left running.
enum RepeatedCapture {
    /// What was written.
    struct Written {
        var bytes: Int
        var packets: Int
        var rounds: Int
        var sourcePackets: Int
        var linkType: Int32
    }

    static func write(from source: String, to path: String, bytes target: Int) throws -> Written {
        var packets: [(timestamp: Double, original: Int, bytes: [UInt8])] = []
        let reader: CaptureReader
        do { reader = try CaptureReader(path: source) } catch { throw ValidationError("Cannot read \(source): \(error.description)") }
        do {
            try reader.forEachPacket { packet in
                packets.append((packet.timestamp, packet.originalLength, Array(packet.bytes)))
            }
        } catch {
            throw ValidationError("\(source) is damaged after \(packets.count) packets: \(error.description)")
        }
        guard let first = packets.first, let last = packets.last else { throw ValidationError("\(source) holds no packets to repeat.") }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("Cannot write the capture to \(path).")
        }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8 << 20)
        func le32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
        func le16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
        // Classic pcap, microsecond timestamps, the source's link type and a snap length that keeps every frame.
        le32(0xa1b2_c3d4); le16(2); le16(4); le32(0); le32(0); le32(262_144); le32(UInt32(bitPattern: reader.dataLinkType))
        var written = buffer.count
        var count = 0
        var rounds = 0
        let span = max(last.timestamp - first.timestamp, 0) + 1
        while written < target {
            let shift = Double(rounds) * span
            for packet in packets {
                let time = packet.timestamp + shift
                let seconds = time.rounded(.down)
                le32(UInt32(clamping: Int(seconds))); le32(UInt32(clamping: Int(((time - seconds) * 1e6).rounded(.down))))
                le32(UInt32(packet.bytes.count)); le32(UInt32(clamping: packet.original))
                buffer += packet.bytes
                written += 16 + packet.bytes.count
                count += 1
                if buffer.count >= 8 << 20 {
                    handle.write(Data(buffer))
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            rounds += 1
        }
        handle.write(Data(buffer))
        return Written(bytes: written, packets: count, rounds: rounds, sourcePackets: packets.count, linkType: reader.dataLinkType)
    }
}
