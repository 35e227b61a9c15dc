import CamAuditCore
import CamAuditDiscoveryProtocols

/// What UDP discovery found: observations per answering address, and what it refused to trust.
public struct DiscoveryResult: Sendable {
    /// Observations from well-formed replies (and fetched UPnP descriptions), per answering address.
    public var observations: [IPAddress: [Observation]]
    /// One sentence per malformed reply, refused description fetch, or send failure.
    public var notes: [String]
    /// Replies from addresses that were never probed (unicast mode), dropped unread.
    public var droppedUnsolicited: Int
    /// Replies that were recognisably broken (truncated XML, wrong DHIP magic, bad lengths).
    public var malformedReplies: Int
    /// Replies past `maximumRepliesPerHost` from one address, or from addresses past `maximumHosts`, dropped unread.
    public var droppedExcess: Int = 0

    public init(
        observations: [IPAddress: [Observation]] = [:], notes: [String] = [], droppedUnsolicited: Int = 0, malformedReplies: Int = 0
    ) {
        self.observations = observations
        self.notes = notes
        self.droppedUnsolicited = droppedUnsolicited
        self.malformedReplies = malformedReplies
    }
}
