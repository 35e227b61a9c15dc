import CamAuditCore

/// One identified host handed to the active checks: where it listens and what identification concluded.
public struct CheckTarget: Sendable {
    public var address: IPAddress
    /// Open ports with the service each one speaks (`http`, `https`, `rtsp`, `telnet`, ...).
    public var services: [PortService]
    public var identity: Identity
    /// Everything the probes and discovery saw, for checks that need a raw field (realm, SADP `activated`, UPnP).
    public var observations: [Observation]

    public init(address: IPAddress, services: [PortService], identity: Identity, observations: [Observation] = []) {
        self.address = address
        self.services = services
        self.identity = identity
        self.observations = observations
    }

    /// Ports speaking `service`, lowest first.
    public func ports(speaking service: String) -> [UInt16] {
        services.filter { $0.service == service }.map(\.port).sorted()
    }

    /// The values observed for one field, in the order seen.
    public func values(of field: ObservedField) -> [String] {
        observations.filter { $0.field == field }.map(\.value)
    }
}
