import CamAuditCore

/// How a TCP connect sweep behaves: which ports, how many connects at once, how long each may take.
public struct SweepConfiguration: Sendable {
    /// The TCP ports probed on every address, in probe order.
    public var ports: [UInt16]
    /// The most connects pending at once; lowered further to fit the process's open-file limit.
    public var maxInFlight: Int
    /// How long one connect may stay unanswered before its port counts as filtered.
    public var connectTimeout: Duration
    /// An upper bound on connects started per second, or nil for as fast as the machine allows.
    public var probesPerSecond: Int?

    public init(
        ports: [UInt16] = PortList.cameraDefaults.ports,
        maxInFlight: Int = 4096,
        connectTimeout: Duration = .milliseconds(1000),
        probesPerSecond: Int? = nil
    ) {
        self.ports = ports
        self.maxInFlight = maxInFlight
        self.connectTimeout = connectTimeout
        self.probesPerSecond = probesPerSecond
    }
}
