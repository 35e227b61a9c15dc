import CamAuditCore

/// A conversation's 5-tuple, oriented from the side that opened it (client) to the other (server).
public struct FlowKey: Sendable, Hashable {
    public var transport: TransportProtocol
    public var client: IPAddress
    public var clientPort: UInt16
    public var server: IPAddress
    public var serverPort: UInt16

    public init(transport: TransportProtocol, client: IPAddress, clientPort: UInt16, server: IPAddress, serverPort: UInt16) {
        self.transport = transport
        self.client = client
        self.clientPort = clientPort
        self.server = server
        self.serverPort = serverPort
    }

    /// The same conversation seen from the other side.
    public var reversed: FlowKey {
        FlowKey(transport: transport, client: server, clientPort: serverPort, server: client, serverPort: clientPort)
    }
}
