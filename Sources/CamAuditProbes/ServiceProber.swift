import CamAuditCore
import NIOCore
import NIOSSL

/// Talks to each open port of a host, read-only and without credentials, and reports what it heard.
public struct ServiceProber: Sendable {
    public let configuration: ProbeConfiguration
    private let connection: ProbeConnection

    public init(configuration: ProbeConfiguration, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        // Per connection: the header and body limits plus slack for chunk framing.
        connection = .forCameras(
            group: eventLoopGroup, byteLimit: configuration.maxHeaderBytes + configuration.maxResponseBytes + 16 * 1024)
    }

    /// Probes the open ports (a few at a time) within the host deadline; failures become notes.
    public func probe(host: IPAddress, openPorts: [UInt16]) async -> HostProbeResult {
        await probe(host: host, openPorts: openPorts, hints: [:])
    }

    /// Probes the ports with extra hints for this host only (a port the host announced speaks what
    /// its announcement says); the configured hints still win.
    public func probe(host: IPAddress, openPorts: [UInt16], hints: [UInt16: ServiceHint]) async -> HostProbeResult {
        var configuration = self.configuration
        configuration.portHints.merge(hints) { configured, _ in configured }
        let hostDeadline = ContinuousClock.now + configuration.hostDeadline
        let ports = Array(Set(openPorts)).sorted()
        var records: [PortRecord] = []
        await withTaskGroup(of: PortRecord.self) { group in
            var pending = ports.makeIterator()
            func startNext() {
                guard let port = pending.next() else { return }
                let prober = PortProber(
                    host: host, port: port, configuration: configuration, connection: connection, hostDeadline: hostDeadline)
                group.addTask { await prober.run() }
            }
            for _ in 0..<configuration.concurrentPorts { startNext() }
            while let record = await group.next() {
                records.append(record)
                startNext()
            }
        }
        records.sort { $0.port < $1.port }
        return HostProbeResult(
            services: records.map(\.portService),
            observations: records.flatMap(\.observations),
            notes: records.flatMap(\.notes))
    }
}
