import Crypto
import Foundation
import _CryptoExtras

/// Reads the CRYPTO frames of a client's QUIC Initial packets (RFC 9000 §17.2.2): derives the
/// Initial keys, removes header protection (RFC 9001 §5.4), decrypts with AES-128-GCM (§5.3) and
/// walks the frames. A packet that fails authentication yields nothing, never a guess.
enum QUICInitial {
    /// One CRYPTO frame's data at its offset in the handshake stream (RFC 9000 §19.6).
    struct CryptoChunk: Sendable, Hashable {
        var offset: Int
        var bytes: [UInt8]
    }

    /// What one client datagram held.
    enum Reading: Sendable, Hashable {
        /// No long-header packet of a known version: not QUIC this tool can read.
        case notQUIC
        /// Long-header packets of version 1 or 2; `chunks` holds the CRYPTO data of those that decrypted.
        case initial(version: QUICVersion, destinationConnectionID: [UInt8], chunks: [CryptoChunk])
    }

    /// Coalesced packets read per datagram (RFC 9000 §12.2: Initial, 0-RTT and Handshake at most).
    static let maximumPacketsPerDatagram = 4
    /// Frames walked per packet; a 1200-byte packet of 1-byte frames is all PADDING anyway.
    static let maximumFramesPerPacket = 256

    /// Reads a client datagram. `originalDestinationConnectionID` is the DCID of the flow's first
    /// Initial: later Initials keep its keys even after the client switches DCID (RFC 9001 §5.2).
    static func read(datagram: UnsafeRawBufferPointer, originalDestinationConnectionID: [UInt8]? = nil) -> Reading {
        let reader = FrameReader(bytes: datagram)
        var cursor = 0
        var found: (version: QUICVersion, dcid: [UInt8])?
        var chunks: [CryptoChunk] = []
        for _ in 0..<maximumPacketsPerDatagram {
            guard let first = reader.u8(at: cursor), first & 0xC0 == 0xC0, let wire = reader.u32(at: cursor + 1),
                let version = QUICVersion(wire: wire), let dcidLength = reader.u8(at: cursor + 5), dcidLength <= 20,
                let scidLength = reader.u8(at: cursor + 6 + Int(dcidLength)), scidLength <= 20
            else { break }
            let dcidStart = cursor + 6
            let dcid = Array(datagram[dcidStart..<(dcidStart + Int(dcidLength))])
            if found == nil { found = (version, dcid) }
            let type = (first >> 4) & 0x03
            guard type != version.retryPacketType else { break }
            var position = dcidStart + Int(dcidLength) + 1 + Int(scidLength)
            if type == version.initialPacketType {
                guard let (tokenLength, afterToken) = variableLengthInteger(reader, at: position) else { break }
                position = afterToken + Int(clamping: tokenLength)
            }
            guard let (length, packetNumberOffset) = variableLengthInteger(reader, at: position) else { break }
            let packetEnd = packetNumberOffset + Int(clamping: length)
            guard packetEnd <= datagram.count, packetEnd > packetNumberOffset else { break }
            if type == version.initialPacketType, dcid.count >= 8 || originalDestinationConnectionID != nil {
                let packet = UnsafeRawBufferPointer(rebasing: datagram[cursor..<packetEnd])
                let keyDCIDs = [originalDestinationConnectionID, dcid].compactMap { $0 }
                for keyDCID in keyDCIDs where !keyDCID.isEmpty {
                    let keys = QUICInitialKeys(version: version, destinationConnectionID: keyDCID)
                    if let plaintext = decrypt(packet, packetNumberOffset: packetNumberOffset - cursor, keys: keys) {
                        chunks += cryptoChunks(inFrames: plaintext)
                        break
                    }
                }
            }
            cursor = packetEnd
        }
        guard let found else { return .notQUIC }
        return .initial(version: found.version, destinationConnectionID: found.dcid, chunks: chunks)
    }

    /// Reads a datagram held in an array.
    static func read(datagram: [UInt8], originalDestinationConnectionID: [UInt8]? = nil) -> Reading {
        datagram.withUnsafeBytes { read(datagram: $0, originalDestinationConnectionID: originalDestinationConnectionID) }
    }

    /// The SNI of a single datagram holding a whole ClientHello; for tests and one-shot use.
    static func serverName(inDatagram datagram: [UInt8]) -> String? {
        guard case .initial(_, _, let chunks) = read(datagram: datagram) else { return nil }
        var stream = StreamReassembly(base: 0, anchored: true)
        for chunk in chunks where chunk.offset < StreamReassembly.capacity {
            stream.insert(chunk.bytes, at: UInt32(chunk.offset))
        }
        return stream.bytes.withUnsafeBytes { TLSClientHello.searchHandshake(in: $0) }.name
    }

    /// Removes header protection and decrypts one long-header packet; nil when it does not authenticate.
    static func decrypt(_ packet: UnsafeRawBufferPointer, packetNumberOffset: Int, keys: QUICInitialKeys) -> [UInt8]? {
        // RFC 9001 §5.4.2: the sample starts 4 bytes after the packet number's first byte.
        let sampleStart = packetNumberOffset + 4
        guard sampleStart + 16 <= packet.count else { return nil }
        var mask = Array(packet[sampleStart..<(sampleStart + 16)])
        guard (try? AES.permute(&mask, key: keys.headerProtection)) != nil else { return nil }
        var header = Array(packet[0..<packetNumberOffset])
        header[0] ^= mask[0] & 0x0F  // long header: the low 4 bits are protected (§5.4.1)
        let packetNumberLength = Int(header[0] & 0x03) + 1
        let payloadStart = packetNumberOffset + packetNumberLength
        guard payloadStart + 16 <= packet.count else { return nil }
        var packetNumber: UInt64 = 0
        for index in 0..<packetNumberLength {
            let byte = packet[packetNumberOffset + index] ^ mask[1 + index]
            header.append(byte)
            packetNumber = packetNumber << 8 | UInt64(byte)
        }
        // §5.3: the nonce is the IV XORed with the packet number, left-padded to the IV's length.
        // The first Initials carry small numbers, so the truncated value is the full one here.
        var nonce = keys.iv
        for index in 0..<8 { nonce[nonce.count - 1 - index] ^= UInt8(truncatingIfNeeded: packetNumber >> (8 * index)) }
        let tagStart = packet.count - 16
        guard let gcmNonce = try? AES.GCM.Nonce(data: nonce),
            let box = try? AES.GCM.SealedBox(nonce: gcmNonce, ciphertext: packet[payloadStart..<tagStart], tag: packet[tagStart...]),
            let plaintext = try? AES.GCM.open(box, using: keys.key, authenticating: header)
        else { return nil }
        return Array(plaintext)
    }

    /// The CRYPTO frames among PADDING, PING, ACK and CONNECTION_CLOSE (RFC 9000 §19); an unknown
    /// frame type ends the walk, keeping what came before it.
    static func cryptoChunks(inFrames plaintext: [UInt8]) -> [CryptoChunk] {
        plaintext.withUnsafeBytes { bytes in
            let reader = FrameReader(bytes: bytes)
            var chunks: [CryptoChunk] = []
            var cursor = 0
            var frames = 0
            while cursor < bytes.count, frames < maximumFramesPerPacket {
                guard let (type, afterType) = variableLengthInteger(reader, at: cursor) else { break }
                cursor = afterType
                switch type {
                case 0x00:  // PADDING: skip the whole run at once
                    while cursor < bytes.count, bytes[cursor] == 0 { cursor += 1 }
                    continue
                case 0x01:  // PING
                    break
                case 0x02, 0x03:  // ACK: largest, delay, range count, first range, ranges, [ECN counts]
                    guard let skipped = skipVariableLengthIntegers(reader, at: cursor, count: 2),
                        let (rangeCount, afterCount) = variableLengthInteger(reader, at: skipped),
                        rangeCount <= UInt64(bytes.count),
                        let afterRanges = skipVariableLengthIntegers(reader, at: afterCount, count: 1 + 2 * Int(rangeCount)),
                        let afterECN = skipVariableLengthIntegers(reader, at: afterRanges, count: type == 0x03 ? 3 : 0)
                    else { return chunks }
                    cursor = afterECN
                case 0x06:  // CRYPTO: offset, length, data
                    guard let (offset, afterOffset) = variableLengthInteger(reader, at: cursor),
                        let (length, dataStart) = variableLengthInteger(reader, at: afterOffset),
                        length <= UInt64(bytes.count - dataStart), offset <= UInt64(Int.max / 2)
                    else { return chunks }
                    let dataEnd = dataStart + Int(length)
                    chunks.append(CryptoChunk(offset: Int(offset), bytes: Array(bytes[dataStart..<dataEnd])))
                    cursor = dataEnd
                case 0x1C:  // CONNECTION_CLOSE (transport): error code, frame type, reason
                    guard let skipped = skipVariableLengthIntegers(reader, at: cursor, count: 2),
                        let (reasonLength, reasonStart) = variableLengthInteger(reader, at: skipped),
                        reasonLength <= UInt64(bytes.count - reasonStart)
                    else { return chunks }
                    cursor = reasonStart + Int(reasonLength)
                default:
                    return chunks
                }
                frames += 1
            }
            return chunks
        }
    }

    /// A variable-length integer (RFC 9000 §16): the top two bits give its length, 1, 2, 4 or 8 bytes.
    static func variableLengthInteger(_ reader: FrameReader, at offset: Int) -> (UInt64, Int)? {
        guard let first = reader.u8(at: offset) else { return nil }
        let length = 1 << Int(first >> 6)
        guard offset + length <= reader.count else { return nil }
        var value = UInt64(first & 0x3F)
        for index in 1..<length { value = value << 8 | UInt64(reader.bytes[offset + index]) }
        return (value, offset + length)
    }

    private static func skipVariableLengthIntegers(_ reader: FrameReader, at offset: Int, count: Int) -> Int? {
        var cursor = offset
        for _ in 0..<count {
            guard let (_, next) = variableLengthInteger(reader, at: cursor) else { return nil }
            cursor = next
        }
        return cursor
    }
}
