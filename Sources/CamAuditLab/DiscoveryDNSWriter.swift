/// Builds a DNS message with name compression: each name suffix written once, later ones point back.
struct DiscoveryDNSWriter {
    var bytes: [UInt8] = []
    private var offsets: [String: Int] = [:]

    mutating func word(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func name(_ labels: [String]) {
        for index in labels.indices {
            let suffix = labels[index...].joined(separator: ".").lowercased()
            if let offset = offsets[suffix] {
                word(0xC000 | UInt16(offset))
                return
            }
            if bytes.count < 0x3FFF { offsets[suffix] = bytes.count }
            let utf8 = Array(labels[index].utf8.prefix(63))
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        bytes.append(0)
    }

    /// Appends a class-IN record; `data` writes the RDATA, whose length is filled in afterwards.
    mutating func record(name owner: [String], type: UInt16, ttl: UInt32, data: (inout DiscoveryDNSWriter) -> Void) {
        name(owner)
        word(type)
        word(1)
        word(UInt16(ttl >> 16))
        word(UInt16(ttl & 0xFFFF))
        let lengthAt = bytes.count
        word(0)
        data(&self)
        let length = bytes.count - lengthAt - 2
        bytes[lengthAt] = UInt8(length >> 8)
        bytes[lengthAt + 1] = UInt8(length & 0xFF)
    }
}
