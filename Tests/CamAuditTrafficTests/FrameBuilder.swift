/// Builds the frames the test captures hold: link headers, IP, TCP/UDP, DNS, TLS ClientHello, CS2.
enum FrameBuilder {
    static let cameraMAC: [UInt8] = [0x44, 0x19, 0xB6, 0x01, 0x02, 0x03]
    static let routerMAC: [UInt8] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55]
    // Synthetic addresses inside file bytes only; nothing here is ever sent.
    static let camera: [UInt8] = [192, 168, 1, 64]
    static let resolver: [UInt8] = [192, 168, 1, 1]
    static let cloud: [UInt8] = [203, 0, 113, 10]
    static let broker: [UInt8] = [198, 51, 100, 7]

    static func be16(_ value: Int) -> [UInt8] { [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }

    static func ethernet(source: [UInt8], destination: [UInt8], vlanTags: [Int] = [], etherType: Int = 0x0800, _ payload: [UInt8])
        -> [UInt8]
    {
        var frame = destination + source
        for (position, tag) in vlanTags.enumerated() {
            frame += be16(position == 0 && vlanTags.count > 1 ? 0x88A8 : 0x8100) + be16(tag)
        }
        return frame + be16(etherType) + payload
    }

    static func linuxCooked(source: [UInt8], etherType: Int = 0x0800, _ payload: [UInt8]) -> [UInt8] {
        be16(4) + be16(1) + be16(6) + source + [0, 0] + be16(etherType) + payload
    }

    static func linuxCooked2(source: [UInt8], etherType: Int = 0x0800, _ payload: [UInt8]) -> [UInt8] {
        be16(etherType) + [0, 0] + [0, 0, 0, 2] + be16(1) + [4, 6] + source + [0, 0] + payload
    }

    static func ipv4(source: [UInt8], destination: [UInt8], protocolNumber: UInt8, fragmentOffset: Int = 0, _ payload: [UInt8]) -> [UInt8] {
        [0x45, 0] + be16(20 + payload.count) + [0x12, 0x34] + be16(fragmentOffset) + [64, protocolNumber, 0, 0]
            + source + destination + payload
    }

    /// IPv6 with one hop-by-hop options header in front of the transport header.
    static func ipv6(source: [UInt8], destination: [UInt8], protocolNumber: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let hopByHop: [UInt8] = [protocolNumber, 0, 1, 4, 0, 0, 0, 0]
        return [0x60, 0, 0, 0] + be16(hopByHop.count + payload.count) + [0, 64] + source + destination + hopByHop + payload
    }

    static func udp(_ sourcePort: Int, _ destinationPort: Int, _ payload: [UInt8]) -> [UInt8] {
        be16(sourcePort) + be16(destinationPort) + be16(8 + payload.count) + [0, 0] + payload
    }

    static func tcp(_ sourcePort: Int, _ destinationPort: Int, flags: UInt8, sequence: UInt32 = 1, _ payload: [UInt8] = []) -> [UInt8] {
        be16(sourcePort) + be16(destinationPort) + be16(Int(sequence >> 16)) + be16(Int(sequence & 0xFFFF)) + [0, 0, 0, 0] + [0x50, flags]
            + be16(65_535) + [0, 0, 0, 0] + payload
    }

    static func encodedName(_ name: String) -> [UInt8] {
        name.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }

    static func dnsQuery(id: Int, name: String) -> [UInt8] {
        be16(id) + [0x01, 0x00] + be16(1) + be16(0) + be16(0) + be16(0) + encodedName(name) + be16(1) + be16(1)
    }

    /// A response: the question, a CNAME from it to `alias`, then an A record for the alias; names
    /// after the first are compression pointers, as real resolvers write them.
    static func dnsResponse(id: Int, name: String, alias: String, address: [UInt8]) -> [UInt8] {
        let question = encodedName(name)
        var message = be16(id) + [0x81, 0x80] + be16(1) + be16(2) + be16(0) + be16(0)
        message += question + be16(1) + be16(1)
        // CNAME: the owner points at the question name (offset 12); the A record's owner points at the alias.
        let aliasEncoded = encodedName(alias)
        let aliasOffset = message.count + 12  // where the CNAME's data starts
        message += [0xC0, 12] + be16(5) + be16(1) + [0, 0, 0, 60] + be16(aliasEncoded.count) + aliasEncoded
        message += [0xC0 | UInt8(aliasOffset >> 8), UInt8(aliasOffset & 0xFF)] + be16(1) + be16(1) + [0, 0, 0, 60] + be16(4) + address
        return message
    }

    static func clientHello(serverName: String) -> [UInt8] {
        let name = Array(serverName.utf8)
        let sniBody = be16(name.count + 3) + [0] + be16(name.count) + name
        let extensions =
            be16(0x000A) + be16(4) + be16(2) + be16(0x001D)  // supported_groups first
            + be16(0) + be16(sniBody.count) + sniBody
        var hello: [UInt8] = [0x03, 0x03] + [UInt8](repeating: 0xAB, count: 32)
        hello += [32] + [UInt8](repeating: 0xCD, count: 32)  // session id
        hello += be16(4) + [0x13, 0x01, 0x13, 0x02] + [1, 0]
        hello += be16(extensions.count) + extensions
        let handshake: [UInt8] = [1, 0] + be16(hello.count) + hello
        return [22, 3, 1] + be16(handshake.count) + handshake
    }

    /// A CS2-style P2P hello: magic 0xF1, message type, big-endian body length.
    static let cs2Hello: [UInt8] = [0xF1, 0x00, 0x00, 0x00]
}
