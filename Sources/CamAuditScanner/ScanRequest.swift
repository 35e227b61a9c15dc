import CamAuditChecks
import CamAuditCore
import CamAuditProbes
import Foundation

/// Everything the user asked of one scan.
public struct ScanRequest: Sendable {
    /// Targets as the user gave them, parsed: addresses, networks, ranges, host names.
    public var targets: [TargetSpecification]
    /// Targets to leave out; a host name that does not resolve excludes nothing.
    public var exclusions: [TargetSpecification]
    public var ports: PortList
    public var allowPublic: Bool
    /// Connection attempts in flight during the sweep.
    public var maxInFlight: Int
    /// Sweep probes per second; nil for as fast as the machine goes.
    public var probesPerSecond: Int?
    /// The timeout of each network step: one connect, one request.
    public var stepTimeout: Duration
    /// Hosts probed at the same time after the sweep found them.
    public var hostConcurrency: Int
    /// The whole scan stops here; what was found until then is reported.
    public var deadline: Duration?
    /// Extra port-to-service hints, e.g. for a lab on offset ports.
    public var portHints: [UInt16: ServiceHint]
    /// Ask each host found by the sweep the devices' own UDP discovery questions (SADP, DHDiscover,
    /// WS-Discovery, SSDP, mDNS), unicast, while its TCP services are probed.
    public var udpDiscovery: Bool
    /// How long each host's unicast discovery answers are awaited, at most (and never longer than `stepTimeout`):
    /// devices answer discovery within milliseconds, so a second keeps a scan of many silent hosts short.
    public var discoveryWindow: Duration = .seconds(1)
    /// Logins for authenticated reads after identification (passwords never reported).
    public var credentials: CredentialFile?
    /// Hosts and open ports from an nmap XML run; when set, no sweep runs and `targets` may be empty.
    public var imported: NmapImport?
    /// The security checks to run on each identified device; nil runs none.
    public var checks: CheckOptions? = CheckOptions()
    /// The UPnP IGD description URL whose port mappings are read; nil looks for one among the scanned hosts.
    public var router: URL?
    /// Where each host is written down as it completes; nil keeps the scan in memory only.
    public var journal: (any ScanJournal)?
    /// The interrupted scan this run continues: its id, its start and the hosts it had done.
    public var resuming: ScanResumption?
    /// The id the scan takes (a server hands it out before the scan starts); nil makes one from the start time.
    public var scanID: String?

    public init(
        targets: [TargetSpecification], exclusions: [TargetSpecification] = [], ports: PortList = .cameraDefaults,
        allowPublic: Bool = false,
        maxInFlight: Int = 4096, probesPerSecond: Int? = nil, stepTimeout: Duration = .seconds(3), hostConcurrency: Int = 128,
        deadline: Duration? = nil, portHints: [UInt16: ServiceHint] = [:], udpDiscovery: Bool = true
    ) {
        self.targets = targets
        self.exclusions = exclusions
        self.ports = ports
        self.allowPublic = allowPublic
        self.maxInFlight = maxInFlight
        self.probesPerSecond = probesPerSecond
        self.stepTimeout = stepTimeout
        self.hostConcurrency = hostConcurrency
        self.deadline = deadline
        self.portHints = portHints
        self.udpDiscovery = udpDiscovery
    }
}

/// How far a running scan has got, for a progress bar.
public struct ScanProgress: Sendable {
    public enum Phase: String, Sendable { case resolving, sweeping, probing, done }
    public var phase: Phase
    public var addressesDone: UInt64
    public var addressesTotal: UInt64
    public var openPorts: Int
    public var hostsFound: Int
    public var hostsProbed: Int
    public var elapsed: Duration
}
