import CamAuditCore

/// One TCP port that accepted a connection.
public struct OpenPort: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let address: IPAddress
    public let port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    public static func < (lhs: OpenPort, rhs: OpenPort) -> Bool {
        lhs.address < rhs.address || (lhs.address == rhs.address && lhs.port < rhs.port)
    }

    /// `address port`, the line format `camaudit sweep` prints.
    public var description: String { "\(address) \(port)" }
}
