/// What the CS2/PPPP (iLnkP2P and its relatives) messages a host sent say about it. Every message
/// starts with 0xF1, a type byte and a big-endian length of the rest, on any UDP port: Xiaomi's
/// cameras use the CS2 server port 32100, Wansview's use 60722 (both in the real captures the
/// attribution weights cite). Message types from Wladimir Palant, "An overview of the PPPP protocol
/// for IoT cameras" (https://palant.info/2025/11/05/an-overview-of-the-pppp-protocol-for-iot-cameras/).
public struct CS2Messages: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Any well-formed CS2 message.
    public static let any = CS2Messages(rawValue: 1 << 0)
    /// MSG_DEV_LGN (0x10) or MSG_DEV_LGN_CRC (0x12): a device registering its ID with a P2P server; only devices send it.
    public static let deviceLogin = CS2Messages(rawValue: 1 << 1)
    /// MSG_P2P_REQ (0x20) or MSG_LAN_SEARCH (0x30): a client asking a server for a device, or searching the LAN; only apps send them.
    public static let clientRequest = CS2Messages(rawValue: 1 << 2)
    /// MSG_DRW (0xD0): session data (video from a camera, commands from the app).
    public static let data = CS2Messages(rawValue: 1 << 3)

    static let magic: UInt8 = 0xF1

    /// The message a datagram's first bytes carry; nil unless the header is CS2's and its length fits the datagram
    /// (at least fits, when the capture cut the datagram short).
    init?(header payload: UnsafeRawBufferPointer, cut: Bool) {
        guard payload.count >= 4, payload[0] == Self.magic else { return nil }
        let length = Int(payload[2]) << 8 | Int(payload[3])
        guard cut ? length >= payload.count - 4 : length == payload.count - 4 else { return nil }
        var message: CS2Messages = .any
        switch payload[1] {
        case 0x10, 0x12: message.insert(.deviceLogin)
        case 0x20, 0x30: message.insert(.clientRequest)
        case 0xD0: message.insert(.data)
        default: break
        }
        self = message
    }
}
