/// One RTP packet sent inside an RTSP connection (RFC 2326 §10.12: `$`, channel, 16-bit length, packet).
public struct RTPInterleavedFrame: Sendable, Hashable {
    public var channel: UInt8
    /// RTP version from the first two bits; 2 for real RTP.
    public var version: Int
    public var marker: Bool
    public var payloadType: Int
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    /// The whole RTP packet length (header and payload), as the frame header states.
    public var packetLength: Int

    /// What reading from the start of some bytes produced.
    public enum ReadResult: Sendable, Hashable {
        /// The bytes end before the frame does.
        case needMoreData
        /// A frame, and how many bytes it took (header and packet).
        case frame(RTPInterleavedFrame, consumed: Int)
        /// The bytes do not start with an interleaved frame (an RTSP message, or junk).
        case notAFrame
    }

    /// The RTP fixed header (RFC 3550 §5.1) is 12 bytes.
    static let rtpHeaderBytes = 12

    /// Reads one interleaved frame at the start of `bytes`.
    public static func read(_ bytes: ArraySlice<UInt8>) -> ReadResult {
        let start = bytes.startIndex
        guard let first = bytes.first else { return .needMoreData }
        guard first == 0x24 else { return .notAFrame }  // "$"
        guard bytes.count >= 4 else { return .needMoreData }
        let length = Int(bytes[start + 2]) << 8 | Int(bytes[start + 3])
        guard bytes.count >= 4 + length else { return .needMoreData }
        let channel = bytes[start + 1]
        guard length >= rtpHeaderBytes else {
            // Too short for RTP: still a frame (RTCP or padding) that the caller may skip.
            return .frame(
                RTPInterleavedFrame(
                    channel: channel, version: -1, marker: false, payloadType: -1, sequenceNumber: 0,
                    timestamp: 0, ssrc: 0, packetLength: length), consumed: 4 + length)
        }
        let packet = start + 4
        let version = Int(bytes[packet] >> 6)
        let marker = bytes[packet + 1] & 0x80 != 0
        let payloadType = Int(bytes[packet + 1] & 0x7F)
        let sequence = UInt16(bytes[packet + 2]) << 8 | UInt16(bytes[packet + 3])
        let timestamp = bytes[(packet + 4)..<(packet + 8)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let ssrc = bytes[(packet + 8)..<(packet + 12)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return .frame(
            RTPInterleavedFrame(
                channel: channel, version: version, marker: marker, payloadType: payloadType,
                sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc, packetLength: length),
            consumed: 4 + length)
    }
}
