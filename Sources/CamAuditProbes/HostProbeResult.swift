import CamAuditCore

/// Everything the probes learned about one host's open ports.
public struct HostProbeResult: Sendable {
    public var services: [PortService]
    public var observations: [Observation]
    /// Sentences about what went wrong, e.g. `port 80: no answer within 3 s`.
    public var notes: [String]

    public init(services: [PortService] = [], observations: [Observation] = [], notes: [String] = []) {
        self.services = services
        self.observations = observations
        self.notes = notes
    }
}
