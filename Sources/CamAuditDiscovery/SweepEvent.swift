import CamAuditCore

/// What a running sweep reports, in order.
public enum SweepEvent: Sendable {
    /// Every port of this address is decided and at least one is open (ascending port order).
    case host(IPAddress, openPorts: [UInt16])
    /// A progress snapshot, at most about ten per second.
    case progress(SweepProgress)
    /// The last event: the sweep's totals.
    case finished(SweepSummary)
}
