/// How the security checks of one scan ran: what the user allowed, and every intrusive request sent.
///
/// Printed in every report so a reader knows whether the run was the safe default or `--intrusive`.
public struct ScanChecks: Sendable, Hashable, Codable {
    /// `safe` (the default: passive and read-only checks only) or `intrusive` (`--intrusive` was given).
    public var mode: CheckMode
    /// Default-password checks ran (lockout-aware); false with `--no-default-credentials`.
    public var defaultCredentials: Bool
    /// `--reveal-secrets`: found passwords are printed instead of redacted.
    public var secretsRevealed: Bool
    /// `--frame-check`: open RTSP streams were confirmed by reading one RTP packet.
    public var frameCheck: Bool
    /// The UPnP IGD router whose port mappings were read, when there was one.
    public var router: String?
    /// Requests the active checks sent, all hosts together.
    public var requestsSent: Int
    /// One line per intrusive request (empty in the default run).
    public var intrusiveRequests: [String]
    /// The router's port mappings as read (`WAN 8554/TCP -> 127.0.0.5:554 'camera' enabled`), one line each.
    public var portMappings: [String]

    public init(
        mode: CheckMode, defaultCredentials: Bool, secretsRevealed: Bool, frameCheck: Bool, router: String? = nil,
        requestsSent: Int = 0, intrusiveRequests: [String] = [], portMappings: [String] = []
    ) {
        self.portMappings = portMappings
        self.mode = mode
        self.defaultCredentials = defaultCredentials
        self.secretsRevealed = secretsRevealed
        self.frameCheck = frameCheck
        self.router = router
        self.requestsSent = requestsSent
        self.intrusiveRequests = intrusiveRequests
    }
}
