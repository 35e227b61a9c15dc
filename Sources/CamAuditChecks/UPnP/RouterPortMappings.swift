import CamAuditCore

/// Everything read from one UPnP IGD router: where it was asked, what it said, and how the listing ended.
public struct RouterPortMappings: Sendable, Hashable, Codable {
    /// The description URL asked.
    public var descriptionURL: String
    public var address: IPAddress
    /// The root `deviceType` of the description.
    public var deviceType: String?
    /// The WAN connection service whose table was read.
    public var serviceType: String?
    public var controlURL: String?
    /// `GetExternalIPAddress`, when the router answered it.
    public var externalIPAddress: String?
    /// Every entry read, enabled or not, in index order.
    public var mappings: [PortMapping]
    /// True when the listing ended as the protocol says: a fault (713 SpecifiedArrayIndexInvalid) after the last entry.
    public var complete: Bool
    /// How the listing ended, as a sentence.
    public var endedBy: String
    /// Malformed entries, refused URLs, timeouts, as sentences.
    public var notes: [String]
    public var requestsSent: Int

    public init(
        descriptionURL: String, address: IPAddress, deviceType: String? = nil, serviceType: String? = nil, controlURL: String? = nil,
        externalIPAddress: String? = nil, mappings: [PortMapping] = [], complete: Bool = false, endedBy: String = "not read",
        notes: [String] = [], requestsSent: Int = 0
    ) {
        self.descriptionURL = descriptionURL
        self.address = address
        self.deviceType = deviceType
        self.serviceType = serviceType
        self.controlURL = controlURL
        self.externalIPAddress = externalIPAddress
        self.mappings = mappings
        self.complete = complete
        self.endedBy = endedBy
        self.notes = notes
        self.requestsSent = requestsSent
    }
}
