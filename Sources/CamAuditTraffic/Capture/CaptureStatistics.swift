/// libpcap's counters for a live capture, for the report: packets seen and packets lost.
public struct CaptureStatistics: Sendable, Hashable, Codable {
    /// Packets that passed the filter (on Linux: all packets the kernel handed over, pcap_stats(3PCAP)).
    public var received: Int
    /// Packets dropped because the capture buffer was full: the analysis missed them.
    public var droppedByKernel: Int
    /// Packets the interface or its driver dropped, when the platform reports it.
    public var droppedByInterface: Int

    public init(received: Int, droppedByKernel: Int, droppedByInterface: Int) {
        self.received = received
        self.droppedByKernel = droppedByKernel
        self.droppedByInterface = droppedByInterface
    }
}
