import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import CamAuditDiscovery
import CamAuditIdentification
import CamAuditProbes
import CamAuditVerdicts
import Foundation
import Logging
import NIOCore

/// Runs a scan end to end: targets, sweep, service probes, identification, one report.
///
/// The sweep streams hosts as their ports are decided, and each host is probed while the sweep
/// goes on, with at most `hostConcurrency` hosts probed at once.
public struct Scanner: Sendable {
    public let identifier: Identifier
    /// Version-based vulnerability findings from the identity alone (label `passive`: no packet).
    public let checker: PassiveChecker?
    /// The active checks (probes, logins, streams, router); run when the request's `checks` is set.
    public let securityChecks: SecurityChecks?
    /// Compliance verdicts, risk scores and the replacement plan, computed when the scan ends.
    public let verdicts: VerdictEngine?
    public let eventLoopGroup: any EventLoopGroup
    public var logger: Logger

    public init(
        catalog: FingerprintCatalog, vulnerabilities: VulnerabilityCatalog? = nil, securityChecks: SecurityChecks? = nil,
        verdicts: VerdictEngine? = nil, eventLoopGroup: any EventLoopGroup, logger: Logger = Logger(label: "camaudit.scan")
    ) {
        self.verdicts = verdicts
        self.identifier = Identifier(catalog: catalog)
        self.checker = vulnerabilities.map { PassiveChecker(catalog: $0) }
        self.securityChecks = securityChecks
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Runs the scan. When the task is cancelled (the CLI cancels it on SIGINT or SIGTERM) the scan stops
    /// sweeping, drops the hosts still being probed and returns the hosts done, with status `interrupted`.
    public func run(_ request: ScanRequest, progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }) async throws -> ScanReport {
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = request.resuming?.startedAt ?? Date()
        let scanID = request.resuming?.id ?? request.scanID ?? ScanIdentifier.make(at: startedAt)
        let deadline = request.deadline.map { started + $0 }
        progress(
            ScanProgress(
                phase: .resolving, addressesDone: 0, addressesTotal: 0, openPorts: 0, hostsFound: 0, hostsProbed: 0, elapsed: .zero))
        let (targets, hostnames): (TargetSet, [IPAddress: String])
        if let imported = request.imported {
            (targets, hostnames) = (try imported.checkedScope(allowPublic: request.allowPublic), [:])
        } else {
            let resolved = try await TargetResolution.resolve(
                request.targets, excluding: request.exclusions, allowPublic: request.allowPublic, timeout: request.stepTimeout)
            (targets, hostnames) = (resolved.addresses, resolved.hostnames)
        }
        logger.info("scan starting", metadata: ["addresses": "\(targets.count)", "ports": "\(request.ports.ports.count)"])
        func metadata(status: ScanStatus, probesSent: UInt64, notes: [String], checks: ScanChecks?) -> ScanMetadata {
            ScanMetadata(
                id: scanID, version: CamAuditVersion.current, startedAt: startedAt, finishedAt: Date(),
                targets: request.targets.map(\.text), exclusions: request.exclusions.map(\.text), ports: request.ports.ports,
                addressesScanned: targets.count, probesSent: probesSent, status: status, notes: notes, checks: checks)
        }
        await request.journal?.started(metadata(status: .running, probesSent: 0, notes: [], checks: nil))

        let sweeper = TCPSweeper(
            configuration: SweepConfiguration(
                ports: request.ports.ports, maxInFlight: request.maxInFlight, connectTimeout: request.stepTimeout,
                probesPerSecond: request.probesPerSecond))
        let prober = ServiceProber(
            configuration: ProbeConfiguration(stepTimeout: request.stepTimeout, portHints: request.portHints),
            eventLoopGroup: eventLoopGroup)
        let discoverer = Discoverer()
        let authenticatedReader = request.credentials.map { _ in
            AuthenticatedReader(configuration: ProbeConfiguration(stepTimeout: request.stepTimeout), eventLoopGroup: eventLoopGroup)
        }
        let state = ScanState()
        // Hosts done before an interruption are kept as they were and not probed again.
        let done = Set(request.resuming?.hosts.map(\.device.address) ?? [])
        for host in request.resuming?.hosts ?? [] { await state.add(host) }
        var summary: SweepSummary?

        try await withThrowingTaskGroup(of: CompletedHost?.self) { group in
            var running = 0
            func collect() async throws {
                if let finished = try await group.next() {
                    running -= 1
                    // A host finished after the cancellation had its probes cut short: it is done again on resume.
                    if let host = finished, !Task.isCancelled {
                        await request.journal?.hostDone(host, scanID: scanID)
                        await state.add(host)
                    }
                    let snapshot = await state.snapshot()
                    progress(
                        ScanProgress(
                            phase: .sweeping, addressesDone: snapshot.sweep.addressesDone, addressesTotal: targets.count,
                            openPorts: snapshot.sweep.openPorts, hostsFound: snapshot.hostsFound, hostsProbed: snapshot.probed,
                            elapsed: clock.now - started))
                }
            }
            do {
                for try await event in request.imported?.events() ?? sweeper.events(for: targets, deadline: deadline) {
                    if Task.isCancelled { break }
                    switch event {
                    case .progress(let sweepProgress):
                        await state.update(sweepProgress)
                        let snapshot = await state.snapshot()
                        progress(
                            ScanProgress(
                                phase: .sweeping, addressesDone: sweepProgress.addressesDone, addressesTotal: targets.count,
                                openPorts: sweepProgress.openPorts, hostsFound: snapshot.hostsFound, hostsProbed: snapshot.probed,
                                elapsed: clock.now - started))
                    case .host(let address, let openPorts):
                        await state.found()
                        guard !done.contains(address) else { continue }
                        while running >= request.hostConcurrency { try await collect() }
                        running += 1
                        let hostname = hostnames[address]
                        let discovery = request.udpDiscovery ? discoverer : nil
                        group.addTask {
                            await self.audit(
                                address: address, hostname: hostname, openPorts: openPorts, prober: prober, discoverer: discovery,
                                discoveryTimeout: min(request.stepTimeout, request.discoveryWindow), deadline: deadline,
                                credentials: request.credentials, authenticatedReader: authenticatedReader,
                                checkOptions: request.checks, journal: request.journal.map { ($0, scanID) },
                                forgetLogins: request.checks?.forgetEarlierLogins == true && request.resuming == nil)
                        }
                    case .finished(let result):
                        summary = result
                    }
                }
            } catch is CancellationError {
                // The sweep ended because the scan was cancelled: what is done is reported below.
            }
            if Task.isCancelled { group.cancelAll() }
            while running > 0 { try await collect() }
        }

        let snapshot = await state.snapshot()
        let hosts = snapshot.hosts
        var notes: [String] = []
        var status = ScanStatus.completed
        if let resuming = request.resuming {
            notes.append("resumed with \(resuming.hosts.count) hosts already done")
        }
        if Task.isCancelled {
            let report = ScanReport(
                scan: metadata(
                    status: .interrupted, probesSent: snapshot.sweep.probesSent,
                    notes: notes + [
                        "interrupted after \(hosts.count) hosts were done; `camaudit scan --resume \(scanID)` continues with the others"
                    ], checks: nil), devices: hosts.map(\.device))
            return verdicts?.apply(to: report) ?? report
        }
        if let summary, !summary.completed {
            status = .deadline
            notes.append(
                "the --deadline was reached during the sweep; \(snapshot.sweep.addressesDone) of \(targets.count) addresses were swept")
        } else if let deadline, clock.now >= deadline {
            status = .deadline
            notes.append("the --deadline was reached while probing; some hosts have partial results")
        }
        if let summary, summary.filtered > 0 {
            notes.append("\(summary.filtered) connection attempts timed out or were filtered")
        }
        var devices = hosts.map(\.device)
        var checksSummary: ScanChecks?
        if let options = request.checks, let securityChecks {
            // The router is asked once, after every host is known: its mappings are matched to the cameras found.
            let checked = hosts.filter(\.checked)
            let exposure = await securityChecks.routerCheck(
                router: request.router, targets: checked.map(\.checkTarget), options: options, scope: targets,
                sweptPorts: request.imported == nil ? Set(request.ports.ports) : nil)
            for index in devices.indices {
                devices[index].findings += exposure.perDevice[devices[index].address] ?? []
            }
            notes += exposure.notes
            let router = request.router?.absoluteString ?? exposure.routers.first?.descriptionURL
            checksSummary = ScanChecks(
                mode: options.intrusive ? .intrusive : .safe, defaultCredentials: options.defaultCredentials,
                secretsRevealed: options.revealSecrets, frameCheck: options.frameCheck, router: router,
                requestsSent: checked.reduce(0) { $0 + $1.requestsSent } + exposure.requestsSent,
                intrusiveRequests: checked.flatMap(\.intrusiveRequests),
                portMappings: exposure.routers.flatMap { table in table.mappings.map { "router \(table.address): \($0.summary)" } })
        }
        progress(
            ScanProgress(
                phase: .done, addressesDone: targets.count, addressesTotal: targets.count, openPorts: snapshot.sweep.openPorts,
                hostsFound: snapshot.hostsFound, hostsProbed: snapshot.probed, elapsed: clock.now - started))
        let report = ScanReport(
            scan: metadata(status: status, probesSent: summary?.probesSent ?? 0, notes: notes, checks: checksSummary), devices: devices)
        return verdicts?.apply(to: report) ?? report
    }

    /// Probes and identifies one host; the host's share of the deadline bounds it.
    func audit(
        address: IPAddress, hostname: String?, openPorts: [UInt16], prober: ServiceProber, discoverer: Discoverer?,
        discoveryTimeout: Duration, deadline: ContinuousClock.Instant?, credentials: CredentialFile? = nil,
        authenticatedReader: AuthenticatedReader? = nil, checkOptions: CheckOptions? = nil,
        journal: (journal: any ScanJournal, scanID: String)? = nil, forgetLogins: Bool = false
    ) async -> CompletedHost? {
        if let deadline, ContinuousClock.now >= deadline {
            let services = openPorts.map { PortService(port: $0, service: "unknown") }
            return CompletedHost(
                device: DeviceReport(
                    address: address, hostname: hostname, ports: services, identity: .unknown,
                    notes: ["not probed: the --deadline was reached"]))
        }
        // UDP discovery answers (model, serial, firmware on many devices) arrive while TCP is probed.
        async let discovered = discoverer?.discover(unicast: [address], timeout: discoveryTimeout)
        let result = await prober.probe(host: address, openPorts: openPorts)
        var observations = result.observations
        var notes = result.notes
        var services = result.services
        var answeringPorts = openPorts
        if let discovered = await discovered {
            observations += discovered.observations[address] ?? []
            notes += discovered.notes
            if discovered.malformedReplies > 0 {
                notes.append("\(discovered.malformedReplies) malformed discovery replies ignored")
            }
        }
        // Ports the host announced (ONVIF XAddrs, SSDP LOCATION, mDNS SRV) that the sweep did not list.
        let announced = AnnouncedServices.ports(in: observations, of: address, excluding: Set(openPorts))
        if !announced.isEmpty, deadline.map({ ContinuousClock.now < $0 }) ?? true {
            let extra = await prober.probe(
                host: address, openPorts: announced.map(\.port),
                hints: Dictionary(announced.map { ($0.port, $0.hint) }, uniquingKeysWith: { first, _ in first }))
            for item in announced {
                let heard = extra.observations.filter { $0.port == item.port }
                let service = extra.services.first { $0.port == item.port }
                guard !heard.isEmpty || (service.map { $0.service != "unknown" } ?? false) else {
                    notes.append("port \(item.port) announced by \(item.reason) did not answer")
                    continue
                }
                observations += heard
                if let service { services.append(service) }
                answeringPorts.append(item.port)
                notes.append("port \(item.port) probed because the host announced it (\(item.reason))")
            }
            services.sort { $0.port < $1.port }
        }
        observations.append(
            Observation(field: .openPorts, value: answeringPorts.sorted().map(String.init).joined(separator: ","), probe: "TCP sweep"))
        var identity = identifier.identify(observations)
        // A credential-less request the device answered as a bad login (Foscam's CGI says -2) may count on a
        // lockout counter: it comes out of the same budget as the logins below.
        var refusedLogins = Self.unauthenticatedRefusals(in: observations)
        if refusedLogins > 0 {
            notes.append("\(refusedLogins) identification request(s) were answered as a failed login; counted in the lockout budget")
        }
        // --credentials: one authenticated read chosen by the identified maker, then identify again.
        if let authenticatedReader, let entries = credentials?.entries(for: address), !entries.isEmpty {
            let hasONVIF = observations.contains { $0.field.rawValue.hasPrefix("onvif.") }
            let read = await authenticatedReader.read(
                host: address, services: services, manufacturer: identity.manufacturer,
                hasONVIF: hasONVIF, credentials: entries)
            notes += read.notes
            refusedLogins += read.refusedAttempts
            if !read.observations.isEmpty {
                observations += read.observations
                identity = identifier.identify(observations)
            }
        }
        // Logins to this address are kept in the journal: what earlier scans sent counts in its budget, and
        // this scan's refusals (these included) count in later ones.
        var ledger: LoginLedger?
        if let (journal, scanID) = journal, checkOptions != nil || refusedLogins > 0 {
            // `--forget-logins` forgets once, in the first run: a resumed scan keeps what its earlier runs sent.
            if forgetLogins {
                await journal.forgetLogins(host: address)
                notes.append("--forget-logins: what earlier scans sent to this host was forgotten")
            }
            let earlier = await journal.earlierLogins(host: address)
            ledger = LoginLedger(salt: address.description, earlier: earlier) { key, state, device in
                await journal.login(LoginRecord(key: key, state: state, device: device, at: Date(), scanID: scanID), host: address)
            }
            await ledger?.recordOtherRefusals(refusedLogins, device: LoginRecord.device(of: identity))
        }
        var findings = checker?.findings(for: identity) ?? []
        var checks = (requestsSent: 0, intrusiveRequests: [String](), checked: false)
        if let checkOptions, let securityChecks, deadline.map({ ContinuousClock.now < $0 }) ?? true {
            let target = CheckTarget(address: address, services: services, identity: identity, observations: observations)
            let outcome = await securityChecks.run(
                target, passive: findings, options: checkOptions, priorRefusedLogins: refusedLogins, ledger: ledger)
            findings = outcome.findings
            notes += outcome.notes
            checks = (outcome.requestsSent, outcome.intrusiveRequests, true)
            // A password the login check found accepted reads the firmware once; identify and version-check again.
            if let login = outcome.acceptedLogin,
                let read = await readWithFoundLogin(
                    login, address: address, services: result.services, observations: observations,
                    identity: identity, findings: findings, reader: authenticatedReader,
                    options: checkOptions)
            {
                (observations, identity, findings) = (read.observations, read.identity, read.findings)
                notes += read.notes
            }
        }
        let device = DeviceReport(
            address: address, hostname: hostname, ports: services, identity: identity,
            observations: observations, findings: findings, notes: notes)
        return CompletedHost(
            device: device, requestsSent: checks.requestsSent, intrusiveRequests: checks.intrusiveRequests, checked: checks.checked)
    }
}

extension Scanner {
    /// Answers to credential-less identification requests that report a failed login: Foscam's
    /// `CGIProxy.fcgi` answers `<result>-2</result>` ("username or password error", Foscam IPCamera CGI
    /// User Guide, 2015-11-06), one per port that was asked.
    public static func unauthenticatedRefusals(in observations: [Observation]) -> Int {
        Set(
            observations.filter { $0.probe.hasPrefix("GET /cgi-bin/CGIProxy.fcgi") && $0.value.contains("<result>-2</result>") }
                .compactMap(\.port)
        ).count
    }
}

/// Shared state of a running scan: the hosts done so far and the latest sweep progress.
actor ScanState {
    private var hosts: [CompletedHost] = []
    private var sweep = SweepProgress(addressesDone: 0, addressesTotal: 0, probesSent: 0, openPorts: 0)
    private var hostsFound = 0

    func add(_ host: CompletedHost) { hosts.append(host) }
    func update(_ progress: SweepProgress) { sweep = progress }
    func found() { hostsFound += 1 }

    func snapshot() -> (hosts: [CompletedHost], sweep: SweepProgress, hostsFound: Int, probed: Int) {
        (hosts, sweep, hostsFound, hosts.count)
    }
}

/// Scan ids sort by time and are unique enough to type a short prefix: `20261121T101010-1a2b3c`.
public enum ScanIdentifier {
    public static func make(at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss"
        let suffix = String(UInt32.random(in: 0...0xff_ffff), radix: 16)
        return formatter.string(from: date) + "-" + String(repeating: "0", count: 6 - suffix.count) + suffix
    }
}
