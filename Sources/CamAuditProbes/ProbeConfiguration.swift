/// Limits and hints for probing the open ports of one host.
public struct ProbeConfiguration: Sendable {
    /// Deadline for one request/answer exchange (connect included).
    public var stepTimeout: Duration
    /// Deadline for all probes of one host together.
    public var hostDeadline: Duration
    /// Largest answer body kept; longer bodies are cut with a note.
    public var maxResponseBytes: Int
    /// Largest header block accepted; a longer one is dropped with a note.
    public var maxHeaderBytes: Int
    /// Extra port-to-service hints (they win over the built-in table), e.g. for a lab on offset ports.
    public var portHints: [UInt16: ServiceHint]
    /// How long an unknown port gets to speak first before camaudit sends anything.
    public var bannerWait: Duration
    /// How many ports of one host are probed at the same time.
    public var concurrentPorts: Int

    public init(
        stepTimeout: Duration = .seconds(3), hostDeadline: Duration = .seconds(20), maxResponseBytes: Int = 256 * 1024,
        maxHeaderBytes: Int = 64 * 1024, portHints: [UInt16: ServiceHint] = [:], bannerWait: Duration = .milliseconds(500),
        concurrentPorts: Int = 4
    ) {
        self.stepTimeout = stepTimeout
        self.hostDeadline = hostDeadline
        self.maxResponseBytes = maxResponseBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.portHints = portHints
        self.bannerWait = bannerWait
        self.concurrentPorts = max(1, concurrentPorts)
    }
}

/// What a port probably speaks; only decides which probe goes first, the answer decides the service.
public enum ServiceHint: String, Sendable, CaseIterable {
    case http, https, rtsp, hikvisionSDK, dahuaDVRIP, xiongmai, telnet, unknown
}
