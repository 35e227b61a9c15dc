/// How one packet updates its flow: counters, MACs, first payloads and the TLS server name.
extension Flow {
    mutating func absorb(_ packet: DecodedPacket, payload: UnsafeRawBufferPointer, fromClient: Bool, timestamp: Double) {
        firstSeen = min(firstSeen, timestamp)
        lastSeen = max(lastSeen, timestamp)
        if fromClient {
            bytesUp += packet.ipLength
            packetsUp += 1
            if clientMAC == nil { clientMAC = packet.sourceMAC }
            if serverMAC == nil { serverMAC = packet.destinationMAC }
            if firstClientPayload.isEmpty, !payload.isEmpty {
                firstClientPayload = Array(payload.prefix(Flow.payloadPrefixLength))
                if key.transport == .tcp { serverName = TLSClientHello.serverName(in: payload) }
            }
        } else {
            bytesDown += packet.ipLength
            packetsDown += 1
            if clientMAC == nil { clientMAC = packet.destinationMAC }
            if serverMAC == nil { serverMAC = packet.sourceMAC }
            if firstServerPayload.isEmpty, !payload.isEmpty {
                firstServerPayload = Array(payload.prefix(Flow.payloadPrefixLength))
            }
        }
    }
}
