/// The totals of one sweep.
///
/// When a deadline cut the sweep short, `open + closed + filtered` is less than `probesSent`:
/// the connects still pending at the cut are counted as sent but not decided.
public struct SweepSummary: Sendable, Hashable {
    /// Connects started.
    public var probesSent: UInt64
    /// Ports that accepted a connection.
    public var open: Int
    /// Ports that answered with a reset (ECONNREFUSED).
    public var closed: UInt64
    /// Ports that did not answer in time or whose network reported an error (unreachable, ...).
    public var filtered: UInt64
    /// Wall time from the first connect to the end.
    public var elapsed: Duration
    /// False when the deadline stopped the sweep before every probe was decided.
    public var completed: Bool
    /// The most connects that were pending at the same time.
    public var peakInFlight: Int

    public init(
        probesSent: UInt64, open: Int, closed: UInt64, filtered: UInt64, elapsed: Duration, completed: Bool,
        peakInFlight: Int
    ) {
        self.probesSent = probesSent
        self.open = open
        self.closed = closed
        self.filtered = filtered
        self.elapsed = elapsed
        self.completed = completed
        self.peakInFlight = peakInFlight
    }

    /// Probes per second over the whole sweep.
    public var probesPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(probesSent) / seconds : 0
    }
}
