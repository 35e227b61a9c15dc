import Foundation

/// A host whose probes and checks finished, as a scan writes it down and a resumed scan reads it back.
public struct CompletedHost: Sendable, Hashable, Codable {
    public var device: DeviceReport
    /// Requests the security checks sent to it.
    public var requestsSent: Int
    /// The intrusive requests among them, described.
    public var intrusiveRequests: [String]
    /// Whether the security checks ran on it (they do not once the deadline has passed); the router's port
    /// mappings are matched only to hosts that were checked.
    public var checked: Bool

    public init(device: DeviceReport, requestsSent: Int = 0, intrusiveRequests: [String] = [], checked: Bool = false) {
        self.device = device
        self.requestsSent = requestsSent
        self.intrusiveRequests = intrusiveRequests
        self.checked = checked
    }
}

/// A scan taken up again: its id and start, and the hosts done before it stopped (they are not probed again).
public struct ScanResumption: Sendable {
    public var id: String
    public var startedAt: Date
    public var hosts: [CompletedHost]

    public init(id: String, startedAt: Date, hosts: [CompletedHost]) {
        self.id = id
        self.startedAt = startedAt
        self.hosts = hosts
    }
}
