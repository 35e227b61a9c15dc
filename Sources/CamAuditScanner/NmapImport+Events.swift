import CamAuditCore
import CamAuditDiscovery

extension NmapImport {
    /// The imported hosts as sweep events, so the scanner probes them exactly as if a sweep had found them.
    func events() -> AsyncThrowingStream<SweepEvent, Error> {
        let hosts = self.hosts
        return AsyncThrowingStream { continuation in
            for host in hosts { continuation.yield(.host(host.address, openPorts: host.openPorts)) }
            let open = hosts.reduce(0) { $0 + $1.openPorts.count }
            continuation.yield(
                .finished(SweepSummary(probesSent: 0, open: open, closed: 0, filtered: 0, elapsed: .zero, completed: true, peakInFlight: 0))
            )
            continuation.finish()
        }
    }
}
