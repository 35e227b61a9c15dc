/// The IP payload protocol of a packet: TCP and UDP carry ports, anything else only its number.
public enum TransportProtocol: Sendable, Hashable, CustomStringConvertible {
    case tcp
    case udp
    case other(UInt8)

    public init(number: UInt8) {
        switch number {
        case 6: self = .tcp
        case 17: self = .udp
        default: self = .other(number)
        }
    }

    public var number: UInt8 {
        switch self {
        case .tcp: return 6
        case .udp: return 17
        case .other(let number): return number
        }
    }

    public var description: String {
        switch self {
        case .tcp: return "tcp"
        case .udp: return "udp"
        case .other(let number):
            switch number {
            case 1: return "icmp"
            case 58: return "icmpv6"
            default: return "ip-proto-\(number)"
            }
        }
    }
}
