extension FlowTable {
    /// Adds every packet of a capture; on a damaged record the flows so far stay and the error is thrown.
    public mutating func add(capture reader: CaptureReader) throws(CaptureError) {
        let decoder = PacketDecoder(linkType: reader.linkType)
        var table = self
        defer { self = table }
        try reader.forEachPacket { packet in
            table.add(frame: packet.bytes, timestamp: packet.timestamp, decoder: decoder)
        }
    }
}

extension FlowTable {
    /// Adds packets until `deadline` (a live capture's duration), the end of the capture, or a stop.
    public mutating func add(capture reader: CaptureReader, until deadline: ContinuousClock.Instant) throws(CaptureError) {
        let decoder = PacketDecoder(linkType: reader.linkType)
        var table = self
        defer { self = table }
        try reader.forEachPacket(until: deadline) { packet in
            table.add(frame: packet.bytes, timestamp: packet.timestamp, decoder: decoder)
        }
    }
}
