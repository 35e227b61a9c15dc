import CamAuditCore

/// One running emulated device: where it listens and what it should be identified as.
public struct LabDevice: Sendable, Hashable {
    public let address: IPAddress
    /// The profile id, e.g. `hikvision-ipc-new`.
    public let profile: String
    public let expected: LabExpectation
    /// The ports actually bound (real ports, or real ports plus the lab's offset).
    public let ports: [UInt16]
    /// True for devices built to misbehave (silence, trickles, floods, 200-to-everything).
    public let isHostile: Bool
    /// The UDP discovery ports answered (3702 WS-Discovery, 1900 SSDP, 37020 SADP, 37810 DHDiscover).
    public let udpPorts: [UInt16]
    /// What it says to the internet (written into the demo's capture), when the profile says.
    public let phoneHome: LabPhoneHome?

    public init(
        address: IPAddress, profile: String, expected: LabExpectation, ports: [UInt16], isHostile: Bool, udpPorts: [UInt16] = [],
        phoneHome: LabPhoneHome? = nil
    ) {
        self.phoneHome = phoneHome
        self.address = address
        self.profile = profile
        self.expected = expected
        self.ports = ports
        self.isHostile = isHostile
        self.udpPorts = udpPorts
    }
}
