import CamAuditCore

/// Finds a packet's flow in either direction with one probe sequence: an open-addressing table of
/// positions in `FlowTable.flows`, hashed by a cheap symmetric mix of the 5-tuple (both directions of a
/// conversation hash alike). A `[FlowKey: Int]` dictionary hashed every packet twice through SipHash,
/// which was a quarter of the capture-reading time at 20,000 flows.
///
/// The keys come from an untrusted capture, so a crafted capture could aim many flows at one bucket;
/// the cost of that is bounded by `FlowTable.maximumFlows` and stays linear probing over positions.
struct FlowIndex: Sendable {
    /// Each slot: the hash's high 32 bits (a tag that rules out most mismatches without touching the
    /// flow, which at 100,000 flows is a cache miss) and the flow's position plus one; 0 is empty.
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// The flow holding this packet's conversation, and whether the packet goes client to server.
    @inline(__always)
    func find(_ key: FlowKey, in flows: [Flow]) -> (position: Int, fromClient: Bool)? {
        let hash = Self.hash(key)
        let tag = UInt64(UInt32(truncatingIfNeeded: hash >> 32))
        var slot = hash & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry >> 32 == tag {
                let position = Int(entry & 0xFFFF_FFFF) - 1
                let known = flows[position].key
                if known.transport == key.transport {
                    if known.clientPort == key.clientPort, known.serverPort == key.serverPort, known.client == key.client,
                        known.server == key.server
                    {
                        return (position, true)
                    }
                    if known.clientPort == key.serverPort, known.serverPort == key.clientPort, known.client == key.server,
                        known.server == key.client
                    {
                        return (position, false)
                    }
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Records that `flows[position]` holds a new conversation; grows (rehashing from `flows`) at half full.
    mutating func insert(position: Int, in flows: [Flow]) {
        if (count + 1) * 2 > slots.count {
            var grown = FlowIndex(capacity: slots.count)
            for index in 0..<position { grown.place(Self.hash(flows[index].key), position: index) }
            self = grown
        }
        place(Self.hash(flows[position].key), position: position)
    }

    private mutating func place(_ hash: Int, position: Int) {
        var slot = hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt64(UInt32(truncatingIfNeeded: hash >> 32)) << 32 | UInt64(UInt32(truncatingIfNeeded: position + 1))
        count += 1
    }

    /// Symmetric in the two endpoints (sum and xor commute), then a 64-bit finaliser (MurmurHash3's fmix64).
    @inline(__always)
    static func hash(_ key: FlowKey) -> Int {
        let one = word(key.client, key.clientPort), other = word(key.server, key.serverPort)
        var mixed = (one &+ other) ^ ((one ^ other) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(key.transport.number)
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        mixed &*= 0xC4CE_B9FE_1A85_EC53
        mixed ^= mixed >> 33
        return Int(truncatingIfNeeded: mixed)
    }

    @inline(__always)
    private static func word(_ address: IPAddress, _ port: UInt16) -> UInt64 {
        switch address {
        case .v4(let value): return UInt64(value) << 16 | UInt64(port)
        case .v6(let high, let low): return (high &* 0x94D0_49BB_1331_11EB) ^ low ^ UInt64(port)
        }
    }
}
