/// How far a sweep has got, reported a few times per second.
public struct SweepProgress: Sendable, Hashable {
    /// Addresses whose every port is decided.
    public var addressesDone: UInt64
    /// Addresses in the target set.
    public var addressesTotal: UInt64
    /// Connects started so far.
    public var probesSent: UInt64
    /// Open ports found so far.
    public var openPorts: Int

    public init(addressesDone: UInt64, addressesTotal: UInt64, probesSent: UInt64, openPorts: Int) {
        self.addressesDone = addressesDone
        self.addressesTotal = addressesTotal
        self.probesSent = probesSent
        self.openPorts = openPorts
    }
}
