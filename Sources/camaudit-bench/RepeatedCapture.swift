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
        // Classic pcap, microsecond timestamps, the source's link type and a snap length that keeps every frame.
        let file = try PcapFileWriter(path: path, linkType: UInt32(bitPattern: reader.dataLinkType), snapLength: 262_144)
        defer { file.finish() }
        var count = 0
        var rounds = 0
        let span = max(last.timestamp - first.timestamp, 0) + 1
        while file.written < target {
            let shift = Double(rounds) * span
            for packet in packets {
                let time = packet.timestamp + shift
                let seconds = time.rounded(.down)
                file.beginRecord(
                    seconds: UInt32(clamping: Int(seconds)), microseconds: UInt32(clamping: Int(((time - seconds) * 1e6).rounded(.down))),
                    captured: packet.bytes.count, original: packet.original)
                file.buffer += packet.bytes
                count += 1
            }
            rounds += 1
        }
        return Written(bytes: file.written, packets: count, rounds: rounds, sourcePackets: packets.count, linkType: reader.dataLinkType)
    }
}
