import CamAuditCore

/// What the internet-exposure check concluded for the whole scan.
public struct InternetExposureOutcome: Sendable {
    /// `internet-exposed` and `upnp-enabled` findings, by the device they concern.
    public var perDevice: [IPAddress: [Finding]]
    /// Every router read, with all its mappings (enabled or not), for the report's router section.
    public var routers: [RouterPortMappings]
    /// Refused router URLs, routers not found, tables cut short, mappings to closed ports, as sentences.
    public var notes: [String]
    public var requestsSent: Int

    public init(perDevice: [IPAddress: [Finding]] = [:], routers: [RouterPortMappings] = [], notes: [String] = [], requestsSent: Int = 0) {
        self.perDevice = perDevice
        self.routers = routers
        self.notes = notes
        self.requestsSent = requestsSent
    }
}
