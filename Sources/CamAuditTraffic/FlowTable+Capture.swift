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
