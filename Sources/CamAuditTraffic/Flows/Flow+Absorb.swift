/// How one packet updates its flow: counters, MACs, first payloads, and while the search lasts, the
/// server name from the client's first bytes (TLS SNI, HTTP Host, QUIC SNI) or DNS-over-TCP answers.
extension Flow {
    /// TCP ports that carry DNS with a two-byte length prefix (RFC 1035 §4.2.2; mDNS shares the framing).
    static let dnsPorts: Set<UInt16> = [53, 5353]

    /// Counts the packet and reads what the name search needs; returns the complete DNS messages
    /// the server side of a DNS-over-TCP flow finished with this packet (usually none).
    @discardableResult
    mutating func absorb(_ packet: DecodedPacket, payload: UnsafeRawBufferPointer, fromClient: Bool, timestamp: Double) -> [[UInt8]] {
        firstSeen = min(firstSeen, timestamp)
        lastSeen = max(lastSeen, timestamp)
        if fromClient {
            bytesUp += packet.ipLength
            packetsUp += 1
            if clientMAC == nil { clientMAC = packet.sourceMAC }
            if serverMAC == nil { serverMAC = packet.destinationMAC }
            if !payload.isEmpty, !tookClientPayload {
                firstClientPayload = Array(payload.prefix(Flow.payloadPrefixLength))
                tookClientPayload = true
            }
        } else {
            bytesDown += packet.ipLength
            packetsDown += 1
            if clientMAC == nil { clientMAC = packet.destinationMAC }
            if serverMAC == nil { serverMAC = packet.sourceMAC }
            if !payload.isEmpty, !tookServerPayload {
                firstServerPayload = Array(payload.prefix(Flow.payloadPrefixLength))
                tookServerPayload = true
            }
        }
        // CS2/PPPP runs on any UDP port (Wansview's brokers listen on 60722): its 4-byte header is checked on each datagram.
        if key.transport == .udp, payload.count >= 4, payload[0] == CS2Messages.magic,
            let message = CS2Messages(header: payload, cut: packet.payloadIsCut)
        {
            if fromClient { cs2FromClient.formUnion(message) } else { cs2FromServer.formUnion(message) }
        }
        // The fast path: a flow past its first bytes pays for this one test only.
        var state: FlowInspection
        switch inspectionState {
        case .finished: return []
        case .notStarted: state = FlowInspection()
        case .reading(let held): state = held
        }
        // Drop the box so the buffers taken out stay uniquely referenced while they grow.
        inspectionState = .notStarted
        var messages: [[UInt8]] = []
        let done: Bool
        switch key.transport {
        case .tcp where Self.dnsPorts.contains(key.serverPort) || Self.dnsPorts.contains(key.clientPort):
            done = readDNSOverTCP(packet, payload: payload, fromClient: fromClient, state: &state, messages: &messages)
        case .tcp:
            done =
                readClientStream(packet, payload: payload, fromClient: fromClient, state: &state)
                || packetsUp + packetsDown >= FlowInspection.maximumFlowPackets
        case .udp:
            done =
                readQUICInitial(payload: payload, fromClient: fromClient, state: &state)
                || packetsUp + packetsDown >= FlowInspection.maximumFlowPackets
        case .other:
            done = true
        }
        inspectionState = done ? .finished : .reading(state)
        return messages
    }

    /// Where a TCP segment's data starts: a SYN takes one sequence number itself (RFC 9293 §3.4).
    private static func dataSequence(_ packet: DecodedPacket) -> UInt32 {
        packet.tcpFlags & 0x02 != 0 ? packet.tcpSequence &+ 1 : packet.tcpSequence
    }

    /// Adds a segment to one direction's reassembly, creating it from a SYN or the first data seen.
    private static func add(_ packet: DecodedPacket, payload: UnsafeRawBufferPointer, to stream: inout StreamReassembly?) {
        let sequence = dataSequence(packet)
        if stream == nil {
            guard packet.tcpFlags & 0x02 != 0 || !payload.isEmpty else { return }
            stream = StreamReassembly(base: sequence, anchored: packet.tcpFlags & 0x02 != 0)
        }
        if !payload.isEmpty { stream?.insert(payload, at: sequence) }
    }

    /// TLS ClientHello or HTTP request over TCP; true when the search is over.
    private mutating func readClientStream(
        _ packet: DecodedPacket, payload: UnsafeRawBufferPointer, fromClient: Bool, state: inout FlowInspection
    ) -> Bool {
        guard fromClient else { return false }
        Self.add(packet, payload: payload, to: &state.client)
        guard !payload.isEmpty, let stream = state.client else { return false }
        state.clientPackets += 1
        let (search, source) = stream.bytes.withUnsafeBytes { bytes -> (ServerNameSearch, NameSource?) in
            let tls = TLSClientHello.search(in: bytes)
            if tls.name != nil { return (tls, .tlsSNI) }
            let http = HTTPRequestHost.search(in: bytes)
            if http.name != nil { return (http, .httpHost) }
            return (tls == .needMoreBytes || http == .needMoreBytes ? .needMoreBytes : .absent, nil)
        }
        switch search {
        case .found(let name):
            serverName = name
            serverNameSource = source
            return true
        case .absent:
            return true
        case .needMoreBytes:
            // A snaplen-cut segment leaves a gap nothing will fill.
            return packet.payloadIsCut || stream.isFull || state.clientPackets >= FlowInspection.maximumClientPackets
        }
    }

    /// DNS over TCP: the server's length-prefixed answers (RFC 1035 §4.2.2, RFC 7766 §8); true when done.
    private func readDNSOverTCP(
        _ packet: DecodedPacket, payload: UnsafeRawBufferPointer, fromClient: Bool, state: inout FlowInspection,
        messages: inout [[UInt8]]
    ) -> Bool {
        guard !fromClient else { return false }
        Self.add(packet, payload: payload, to: &state.server)
        guard !payload.isEmpty, var stream = state.server else { return false }
        state.server = nil
        state.serverPackets += 1
        while stream.bytes.count >= 2 {
            let length = Int(stream.bytes[0]) << 8 | Int(stream.bytes[1])
            // A message longer than the window could never complete: stop instead of waiting.
            guard 2 + length <= StreamReassembly.capacity else { return true }
            guard stream.bytes.count >= 2 + length else { break }
            if length > 0 { messages.append(Array(stream.bytes[2..<(2 + length)])) }
            stream.consume(2 + length)
            state.serverPackets = 0
        }
        state.server = stream
        return packet.payloadIsCut || state.serverPackets >= FlowInspection.maximumDNSServerPacketsWithoutAnswer
    }

    /// QUIC Initial packets over UDP; true when the search is over.
    private mutating func readQUICInitial(payload: UnsafeRawBufferPointer, fromClient: Bool, state: inout FlowInspection) -> Bool {
        guard fromClient, !payload.isEmpty else { return false }
        state.clientPackets += 1
        let reading = QUICInitial.read(datagram: payload, originalDestinationConnectionID: state.quicDestinationConnectionID)
        guard case .initial(_, let destinationConnectionID, let chunks) = reading else {
            // Not QUIC from the first datagram on (DNS, CS2, NTP...): nothing to read.
            return state.quicDestinationConnectionID == nil || state.clientPackets >= FlowInspection.maximumClientPackets
        }
        if state.quicDestinationConnectionID == nil { state.quicDestinationConnectionID = destinationConnectionID }
        if !chunks.isEmpty { state.quicInitials += 1 }
        var stream = state.client ?? StreamReassembly(base: 0, anchored: true)
        state.client = nil
        for chunk in chunks where chunk.offset < StreamReassembly.capacity {
            stream.insert(chunk.bytes, at: UInt32(chunk.offset))
        }
        let search = stream.bytes.withUnsafeBytes { TLSClientHello.searchHandshake(in: $0) }
        state.client = stream
        switch search {
        case .found(let name):
            serverName = name
            serverNameSource = .quicSNI
            return true
        case .absent:
            return true
        case .needMoreBytes:
            return stream.isFull || state.quicInitials >= FlowInspection.maximumQUICInitials
                || state.clientPackets >= FlowInspection.maximumClientPackets
        }
    }
}
