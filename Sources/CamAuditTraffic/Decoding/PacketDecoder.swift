import CamAuditCore

/// Decodes captured link-layer frames down to IP endpoints, ports and the transport payload's
/// position. Pure and allocation-free: every read is bounds-checked against the captured bytes, so
/// a short or snaplen-cut frame comes back as a `PacketSkipReason`, never a trap.
public struct PacketDecoder: Sendable {
    public let linkType: LinkType

    /// VLAN tags followed per frame (802.1Q, QinQ); real stacks stop at two, malformed ones loop.
    static let maximumVLANTags = 4
    /// IPv6 extension headers followed before giving up, so a chain of them cannot cost unbounded time.
    static let maximumExtensionHeaders = 8

    public init(linkType: LinkType) { self.linkType = linkType }

    /// Decodes one captured frame.
    public func decode(_ bytes: UnsafeRawBufferPointer) -> Result<DecodedPacket, PacketSkipReason> {
        var reader = FrameReader(bytes: bytes)
        switch linkType {
        case .ethernet: return decodeEthernet(&reader)
        case .linuxCooked: return decodeLinuxCooked(&reader)
        case .linuxCooked2: return decodeLinuxCooked2(&reader)
        case .rawIP:
            guard let first = reader.u8(at: 0) else { return .failure(.truncated) }
            return decodeIP(&reader, at: 0, version: first >> 4, sourceMAC: nil, destinationMAC: nil)
        case .rawIPv4: return decodeIP(&reader, at: 0, version: 4, sourceMAC: nil, destinationMAC: nil)
        case .rawIPv6: return decodeIP(&reader, at: 0, version: 6, sourceMAC: nil, destinationMAC: nil)
        }
    }

    /// Decodes one captured frame held in an array.
    public func decode(_ bytes: [UInt8]) -> Result<DecodedPacket, PacketSkipReason> {
        bytes.withUnsafeBytes { decode($0) }
    }

    private func decodeEthernet(_ reader: inout FrameReader) -> Result<DecodedPacket, PacketSkipReason> {
        guard let destination = reader.mac(at: 0), let source = reader.mac(at: 6),
            var etherType = reader.u16(at: 12)
        else { return .failure(.truncated) }
        var offset = 14
        var tags = 0
        // 0x8100 802.1Q, 0x88A8 802.1ad, 0x9100 legacy QinQ: each tag is TCI + the next EtherType.
        while etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100 {
            tags += 1
            guard tags <= Self.maximumVLANTags else { return .failure(.tooManyHeaders) }
            guard let next = reader.u16(at: offset + 2) else { return .failure(.truncated) }
            etherType = next
            offset += 4
        }
        return decodeEtherType(etherType, &reader, at: offset, sourceMAC: source, destinationMAC: destination)
    }

    private func decodeLinuxCooked(_ reader: inout FrameReader) -> Result<DecodedPacket, PacketSkipReason> {
        // packet type(2) ARPHRD(2) address length(2) address(8) protocol(2)
        guard let hardwareType = reader.u16(at: 2), let addressLength = reader.u16(at: 4),
            let etherType = reader.u16(at: 14)
        else { return .failure(.truncated) }
        // The address field is the sender's; only Ethernet-type 6-byte addresses are MACs.
        let source = (hardwareType == 1 && addressLength == 6) ? reader.mac(at: 6) : nil
        return decodeEtherType(etherType, &reader, at: 16, sourceMAC: source, destinationMAC: nil)
    }

    private func decodeLinuxCooked2(_ reader: inout FrameReader) -> Result<DecodedPacket, PacketSkipReason> {
        // protocol(2) reserved(2) interface(4) ARPHRD(2) packet type(1) address length(1) address(8)
        guard let etherType = reader.u16(at: 0), let hardwareType = reader.u16(at: 8),
            let addressLength = reader.u8(at: 11), reader.count >= 20
        else { return .failure(.truncated) }
        let source = (hardwareType == 1 && addressLength == 6) ? reader.mac(at: 12) : nil
        return decodeEtherType(etherType, &reader, at: 20, sourceMAC: source, destinationMAC: nil)
    }

    private func decodeEtherType(
        _ etherType: UInt16, _ reader: inout FrameReader, at offset: Int,
        sourceMAC: MACAddress?, destinationMAC: MACAddress?
    ) -> Result<DecodedPacket, PacketSkipReason> {
        switch etherType {
        case 0x0800: return decodeIP(&reader, at: offset, version: 4, sourceMAC: sourceMAC, destinationMAC: destinationMAC)
        case 0x86DD: return decodeIP(&reader, at: offset, version: 6, sourceMAC: sourceMAC, destinationMAC: destinationMAC)
        default: return .failure(.notIP)
        }
    }

    private func decodeIP(
        _ reader: inout FrameReader, at offset: Int, version: UInt8,
        sourceMAC: MACAddress?, destinationMAC: MACAddress?
    ) -> Result<DecodedPacket, PacketSkipReason> {
        guard let first = reader.u8(at: offset) else { return .failure(.truncated) }
        guard first >> 4 == version else { return .failure(.badIPHeader) }
        let header: IPHeader
        switch version {
        case 4:
            switch ipv4Header(&reader, at: offset) {
            case .success(let value): header = value
            case .failure(let reason): return .failure(reason)
            }
        case 6:
            switch ipv6Header(&reader, at: offset) {
            case .success(let value): header = value
            case .failure(let reason): return .failure(reason)
            }
        default:
            return .failure(.badIPHeader)
        }
        var packet = DecodedPacket(
            sourceMAC: sourceMAC, destinationMAC: destinationMAC,
            source: header.source, destination: header.destination,
            transport: TransportProtocol(number: header.protocolNumber),
            sourcePort: 0, destinationPort: 0, tcpFlags: 0, tcpSequence: 0, ipLength: header.totalLength,
            payload: header.payloadStart..<header.payloadStart, payloadIsCut: false)
        // Ethernet pads short frames to 60 bytes: the IP length, not the frame, says where data ends.
        let announcedEnd = header.payloadEnd
        let capturedEnd = min(announcedEnd, reader.count)
        var payloadStart = header.payloadStart
        switch packet.transport {
        case .tcp:
            guard let sourcePort = reader.u16(at: payloadStart), let destinationPort = reader.u16(at: payloadStart + 2),
                let sequence = reader.u32(at: payloadStart + 4),
                let dataOffset = reader.u8(at: payloadStart + 12), let flags = reader.u8(at: payloadStart + 13)
            else { return .failure(.truncated) }
            let headerLength = Int(dataOffset >> 4) * 4
            guard headerLength >= 20, payloadStart + headerLength <= announcedEnd else { return .failure(.badIPHeader) }
            guard payloadStart + headerLength <= reader.count else { return .failure(.truncated) }
            packet.sourcePort = sourcePort
            packet.destinationPort = destinationPort
            packet.tcpFlags = flags
            packet.tcpSequence = sequence
            payloadStart += headerLength
        case .udp:
            guard let sourcePort = reader.u16(at: payloadStart), let destinationPort = reader.u16(at: payloadStart + 2),
                payloadStart + 8 <= reader.count
            else { return .failure(.truncated) }
            guard payloadStart + 8 <= announcedEnd else { return .failure(.badIPHeader) }
            packet.sourcePort = sourcePort
            packet.destinationPort = destinationPort
            payloadStart += 8
        case .other:
            break
        }
        packet.payload = payloadStart..<max(payloadStart, capturedEnd)
        packet.payloadIsCut = capturedEnd < announcedEnd
        return .success(packet)
    }

    private func ipv4Header(_ reader: inout FrameReader, at offset: Int) -> Result<IPHeader, PacketSkipReason> {
        guard let first = reader.u8(at: offset), let totalLength = reader.u16(at: offset + 2),
            let fragment = reader.u16(at: offset + 6), let protocolNumber = reader.u8(at: offset + 9),
            let source = reader.u32(at: offset + 12), let destination = reader.u32(at: offset + 16)
        else { return .failure(.truncated) }
        let headerLength = Int(first & 0x0F) * 4
        guard headerLength >= 20 else { return .failure(.badIPHeader) }
        // A zero total length appears with TCP segmentation offload: trust the captured bytes then.
        let length = totalLength == 0 ? reader.count - offset : Int(totalLength)
        guard length >= headerLength else { return .failure(.badIPHeader) }
        guard offset + headerLength <= reader.count else { return .failure(.truncated) }
        // Later fragments carry no transport header; the first one (offset 0) is decoded normally.
        guard fragment & 0x1FFF == 0 else { return .failure(.laterFragment) }
        return .success(
            IPHeader(
                source: .v4(source), destination: .v4(destination), protocolNumber: protocolNumber,
                totalLength: length, payloadStart: offset + headerLength, payloadEnd: offset + length))
    }

    private func ipv6Header(_ reader: inout FrameReader, at offset: Int) -> Result<IPHeader, PacketSkipReason> {
        guard let payloadLength = reader.u16(at: offset + 4), var nextHeader = reader.u8(at: offset + 6),
            let sourceHigh = reader.u64(at: offset + 8), let sourceLow = reader.u64(at: offset + 16),
            let destinationHigh = reader.u64(at: offset + 24), let destinationLow = reader.u64(at: offset + 32)
        else { return .failure(.truncated) }
        // A zero payload length means a jumbogram or offload; fall back to the captured bytes.
        let length = payloadLength == 0 ? reader.count - offset : 40 + Int(payloadLength)
        var cursor = offset + 40
        var followed = 0
        while true {
            switch nextHeader {
            case 0, 43, 60, 135, 139, 140:  // hop-by-hop, routing, destination options, mobility, HIP, shim6
                guard let next = reader.u8(at: cursor), let units = reader.u8(at: cursor + 1) else { return .failure(.truncated) }
                nextHeader = next
                cursor += (Int(units) + 1) * 8
            case 44:  // fragment header: fixed 8 bytes
                guard let next = reader.u8(at: cursor), let fragment = reader.u16(at: cursor + 2) else { return .failure(.truncated) }
                guard fragment & 0xFFF8 == 0 else { return .failure(.laterFragment) }
                nextHeader = next
                cursor += 8
            case 51:  // authentication header: length in 4-byte units, minus 2
                guard let next = reader.u8(at: cursor), let units = reader.u8(at: cursor + 1) else { return .failure(.truncated) }
                nextHeader = next
                cursor += (Int(units) + 2) * 4
            default:
                guard cursor <= offset + length else { return .failure(.badIPHeader) }
                return .success(
                    IPHeader(
                        source: .v6(high: sourceHigh, low: sourceLow), destination: .v6(high: destinationHigh, low: destinationLow),
                        protocolNumber: nextHeader, totalLength: length, payloadStart: cursor, payloadEnd: offset + length))
            }
            followed += 1
            guard followed <= Self.maximumExtensionHeaders else { return .failure(.tooManyHeaders) }
        }
    }
}

/// What the IP layer tells the transport layer.
private struct IPHeader {
    var source: IPAddress
    var destination: IPAddress
    var protocolNumber: UInt8
    var totalLength: Int
    var payloadStart: Int
    var payloadEnd: Int
}

/// Bounds-checked big-endian reads over captured bytes; every accessor answers nil past the end.
struct FrameReader {
    let bytes: UnsafeRawBufferPointer
    var count: Int { bytes.count }

    @inline(__always)
    func u8(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < bytes.count else { return nil }
        return bytes[offset]
    }

    @inline(__always)
    func u16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    @inline(__always)
    func u32(at offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian
    }

    @inline(__always)
    func u64(at offset: Int) -> UInt64? {
        guard offset >= 0, offset + 8 <= bytes.count else { return nil }
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian
    }

    @inline(__always)
    func mac(at offset: Int) -> MACAddress? {
        guard offset >= 0, offset + 6 <= bytes.count else { return nil }
        let high = UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self).bigEndian)
        let low = UInt64(bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt32.self).bigEndian)
        return MACAddress(value: high << 32 | low)
    }
}
