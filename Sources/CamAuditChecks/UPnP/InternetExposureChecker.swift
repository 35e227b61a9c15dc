import CamAuditCore
import Foundation
import NIOCore
import NIOPosix

/// Finds camera ports the local UPnP IGD router forwards to the internet, and cameras that speak UPnP.
///
/// Runs once per scan, after every host is identified: the router is `--router URL` or a scanned host
/// whose SSDP description is an InternetGatewayDevice. Its port-mapping table is read with query-only SOAP
/// actions (`PortMappingReader`) and each enabled TCP mapping whose internal client and port is an open
/// port of a camera in the scan becomes an `internet-exposed` finding on that camera.
public struct InternetExposureChecker: Sendable {
    public let reader: PortMappingReader
    let eventLoopGroup: any EventLoopGroup
    /// At most this many forwarded ports outside the sweep are checked with a TCP connect per scan.
    static let maximumUnsweptChecks = 64
    public let scopeGuard: ScopeGuard
    /// Time allowed for one router's description and whole table.
    public let budgetPerRouter: Duration
    /// At most this many SSDP-answering hosts have their description fetched while looking for a router.
    public let maximumCandidates: Int

    /// A discovery field naming the root `deviceType` of a UPnP description; honoured when discovery records it.
    public static let upnpDeviceType: ObservedField = "upnp.device_type"
    static let ssdpLocation: ObservedField = "ssdp.location"
    static let ssdpFields: [ObservedField] = ["ssdp.server", "ssdp.location", "ssdp.st", "ssdp.usn"]
    /// Words in an SSDP `ST`/`USN` that announce a gateway (UPnP IGD:1/IGD:2 device and service type names).
    static let gatewayHints = ["InternetGatewayDevice", "WANIPConnection", "WANPPPConnection"]
    private static let maximumEvidenceLines = 12
    /// Where a LAN router can live (RFC 1918/4193 private, loopback for the lab, link-local, RFC 6598 shared space).
    static let routerScopes: Set<AddressScope> = [.loopback, .privateNetwork, .linkLocal, .sharedAddressSpace]

    public init(
        eventLoopGroup: any EventLoopGroup, scopeGuard: ScopeGuard = ScopeGuard(), maximumEntries: Int = 256,
        budgetPerRouter: Duration = .seconds(30), maximumCandidates: Int = 128
    ) {
        reader = PortMappingReader(eventLoopGroup: eventLoopGroup, maximumEntries: maximumEntries)
        self.eventLoopGroup = eventLoopGroup
        self.scopeGuard = scopeGuard
        self.budgetPerRouter = budgetPerRouter
        self.maximumCandidates = max(1, maximumCandidates)
    }

    /// Checks a `--router` URL before any packet: plain HTTP, an IP literal, allowed by the scope guard
    /// (no public address without `--allow-public`, never multicast), and inside `scope` when one is given.
    public func validateRouter(_ url: URL, scope: TargetSet? = nil) throws(InternetExposureError) -> UPnPLocation {
        let location = try UPnPLocation(url: url)
        try checkScope(location.host, scope: scope)
        return location
    }

    private func checkScope(_ address: IPAddress, scope: TargetSet?) throws(InternetExposureError) {
        do { try scopeGuard.check(AddressRange(single: address)) } catch {
            throw .outOfScope(address.description, reason: Self.reason(error))
        }
        // Stricter than the scan's guard: a LAN router lives on a local address, never a documentation or reserved one.
        let kind = AddressScope(of: address)
        guard Self.routerScopes.contains(kind) || (kind == .global && scopeGuard.allowPublic) else {
            throw .outOfScope(address.description, reason: "\(address) is a \(kind.rawValue) address, where no router of yours can be")
        }
        if let scope, !scope.contains(address) {
            throw .outOfScope(
                address.description, reason: "it is not among this scan's targets; add it to the targets to read its port mappings")
        }
    }

    private static func reason(_ error: TargetError) -> String {
        switch error {
        case .outOfScope(_, let reason), .publicAddress(_, let reason): return reason
        default: break
        }
        return "\(error)"
    }

    /// Reads the router's port mappings and turns them into findings on the audited cameras.
    ///
    /// `router` is `--router`; when nil the router is looked for among `targets` (SSDP answers whose description
    /// is an IGD). `scope`, when given, is the scan's target set: a `--router` outside it is refused.
    /// Every camera among `targets` that answered SSDP also gets `upnp-enabled`.
    /// `sweptPorts`, when given, are the TCP ports the scan swept: a mapping to a camera port outside them is
    /// still reported (the scan could not see that port, the router says it is forwarded), one to a swept
    /// port that was closed is only a note.
    public func check(
        router: URL?, targets: [CheckTarget], options: CheckOptions, scope: TargetSet? = nil,
        sweptPorts: Set<UInt16>? = nil
    ) async -> InternetExposureOutcome {
        var outcome = InternetExposureOutcome()
        for target in targets where Self.concernsCameras(target) {
            if let finding = Self.upnpEnabledFinding(target) { outcome.perDevice[target.address, default: []].append(finding) }
        }
        var tables: [RouterPortMappings] = []
        if let router {
            let location: UPnPLocation
            do { location = try validateRouter(router, scope: scope) } catch {
                outcome.notes.append("--router \(UPnPLocation.clipped(router.absoluteString)) not used: \(error)")
                return outcome
            }
            tables.append(await reader.read(description: location, stepTimeout: options.stepTimeout, budget: budgetPerRouter))
        } else {
            let (found, notes, requests) = await routersAmongTargets(targets, options: options)
            outcome.notes += notes
            outcome.requestsSent += requests
            tables = found
            if tables.isEmpty { outcome.notes.append("no UPnP IGD router found among the scanned hosts; pass --router URL to read one") }
        }
        for table in tables {
            outcome.requestsSent += table.requestsSent
            outcome.routers.append(table)
            outcome.notes += table.notes.map { "router \(table.address): \($0)" }
            if !table.complete { outcome.notes.append("router \(table.address): port-mapping listing incomplete (\(table.endedBy))") }
        }
        var (exposures, matchNotes, unswept) = Self.exposures(in: tables, targets: targets, sweptPorts: sweptPorts)
        outcome.notes += matchNotes
        // A forwarded port the sweep never tried is exposed only if it is open: one TCP connect each (no data sent).
        if unswept.count > Self.maximumUnsweptChecks {
            outcome.notes.append(
                "\(unswept.count) forwarded camera ports were outside the sweep; only the first \(Self.maximumUnsweptChecks) were checked")
        }
        let checked = Array(unswept.prefix(Self.maximumUnsweptChecks))
        let group = eventLoopGroup, timeout = options.stepTimeout
        let open = await withTaskGroup(of: (Int, Bool).self) { tasks in
            for (index, exposure) in checked.enumerated() {
                tasks.addTask {
                    (
                        index,
                        await Self.acceptsConnections(
                            exposure.target.address, port: exposure.mapping.internalPort, group: group, timeout: timeout)
                    )
                }
            }
            var result = Set<Int>()
            for await (index, accepted) in tasks where accepted { result.insert(index) }
            return result
        }
        for (index, exposure) in checked.enumerated() {
            if open.contains(index) {
                exposures[exposure.target.address, default: []].append(exposure)
            } else {
                outcome.notes.append(
                    "router \(exposure.router.address) forwards \(exposure.mapping.summary), a port outside the sweep that is closed on \(exposure.target.address)"
                )
            }
        }
        for (address, list) in exposures.sorted(by: { $0.key < $1.key }) {
            outcome.perDevice[address, default: []].insert(Self.exposedFinding(list), at: 0)
        }
        return outcome
    }

    // MARK: - Finding routers

    /// Scanned hosts whose SSDP description offers a WAN connection service, read within the budget.
    private func routersAmongTargets(_ targets: [CheckTarget], options: CheckOptions) async -> ([RouterPortMappings], [String], Int) {
        var notes: [String] = []
        var candidates: [(priority: Int, location: UPnPLocation)] = []
        for target in targets {
            guard let text = target.values(of: Self.ssdpLocation).first else { continue }
            let declared = target.values(of: Self.upnpDeviceType)
            if !declared.isEmpty, !declared.contains(where: IGDDescription.gatewayDeviceTypes.contains) { continue }
            let announced =
                !declared.isEmpty
                || Self.ssdpFields.flatMap { target.values(of: $0) }
                    .contains { value in Self.gatewayHints.contains { value.contains($0) } }
            // A camera is not a gateway unless it says so; fetching every camera's description would cost a request each.
            guard announced || !target.identity.deviceType.isVideoDevice else { continue }
            do {
                var location = try UPnPLocation(parsing: text)
                // A LOCATION naming another host must not turn a datagram into a request to a third party: only
                // its port and path are used, on the host that answered (a router often names another interface).
                if location.host != target.address {
                    notes.append(
                        "SSDP LOCATION of \(target.address) names \(location.host); its description is read from \(target.address)")
                    location = UPnPLocation(host: target.address, port: location.port, path: location.path)
                }
                try checkScope(location.host, scope: nil)
                candidates.append((announced ? 0 : 1, location))
            } catch {
                notes.append("SSDP LOCATION of \(target.address) not fetched: \(error)")
            }
        }
        candidates.sort { ($0.priority, $0.location.host) < ($1.priority, $1.location.host) }
        if candidates.count > maximumCandidates {
            notes.append("\(candidates.count) UPnP hosts could be routers; only the first \(maximumCandidates) descriptions were fetched")
        }
        let chosen = candidates.prefix(maximumCandidates).map(\.location)
        let reader = self.reader, budget = budgetPerRouter
        return await withTaskGroup(of: (RouterPortMappings?, Int).self) { group in
            for location in chosen {
                group.addTask {
                    let (description, _) = await reader.fetchDescription(location, stepTimeout: options.stepTimeout)
                    guard let description, !description.connectionServices.isEmpty else { return (nil, 1) }
                    let table = await reader.read(
                        description: location, stepTimeout: options.stepTimeout, budget: budget, known: description)
                    return (table, 1)
                }
            }
            var tables: [RouterPortMappings] = []
            var requests = 0
            for await (table, sent) in group {
                requests += sent
                if let table { tables.append(table) }
            }
            tables.sort { $0.address < $1.address }
            return (tables, notes, requests)
        }
    }

    // MARK: - Matching mappings to cameras

    /// One camera port a router forwards, with the mapping that does it.
    struct Exposure {
        let target: CheckTarget
        let service: PortService
        let mapping: PortMapping
        let router: RouterPortMappings
    }

    /// Enabled TCP mappings whose internal client and port is an open port of a camera in the scan.
    /// Also returns the mappings to camera ports outside `sweptPorts`, to be checked before they count.
    static func exposures(in tables: [RouterPortMappings], targets: [CheckTarget], sweptPorts: Set<UInt16>? = nil)
        -> ([IPAddress: [Exposure]], [String], [Exposure])
    {
        let byAddress = Dictionary(targets.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        var exposures: [IPAddress: [Exposure]] = [:]
        var unswept: [Exposure] = []
        var notes: [String] = []
        for table in tables {
            for mapping in table.mappings where mapping.enabled && mapping.protocol == "TCP" {
                guard let address = mapping.internalAddress, let target = byAddress[address], concernsCameras(target) else { continue }
                if !target.services.contains(where: { $0.port == mapping.internalPort && $0.protocol == "tcp" }), let sweptPorts,
                    !sweptPorts.contains(mapping.internalPort)
                {
                    let service = PortService(
                        port: mapping.internalPort, service: "unknown", detail: "outside the swept ports; open, and forwarded by the router"
                    )
                    unswept.append(Exposure(target: target, service: service, mapping: mapping, router: table))
                    continue
                }
                guard let service = target.services.first(where: { $0.port == mapping.internalPort && $0.protocol == "tcp" }) else {
                    notes.append("router \(table.address) forwards \(mapping.summary), a port the scan did not find open on \(address)")
                    continue
                }
                exposures[address, default: []].append(Exposure(target: target, service: service, mapping: mapping, router: table))
            }
        }
        return (exposures, notes, unswept)
    }

    /// Whether a TCP connection to the port completes in time (closed at once, nothing sent).
    static func acceptsConnections(_ address: IPAddress, port: UInt16, group: any EventLoopGroup, timeout: Duration) async -> Bool {
        do {
            let socket = try SocketAddress(ipAddress: address.description, port: Int(port))
            let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            let channel = try await ClientBootstrap(group: group).connectTimeout(.nanoseconds(nanoseconds)).connect(to: socket).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }

    /// Checks about cameras run on video devices, and on unclassified devices whose maker is known or
    /// that serve RTSP (a streaming server nobody could name is still most likely a camera).
    static func concernsCameras(_ target: CheckTarget) -> Bool {
        if target.identity.deviceType.isVideoDevice { return true }
        guard target.identity.deviceType == .unknown else { return false }
        return target.identity.manufacturer != nil || target.services.contains { $0.service == "rtsp" }
    }

    static func exposedFinding(_ exposures: [Exposure]) -> Finding {
        let worst =
            exposures.map { ExposureSeverityTable.entry(for: $0.service.service) }
            .max { $0.severity < $1.severity } ?? ExposureSeverityTable.fallback
        var evidence = exposures.prefix(maximumEvidenceLines).map { exposure -> String in
            let mapping = exposure.mapping
            var line =
                "port \(mapping.internalPort) (\(exposure.service.service)) is reachable from the internet as WAN:\(mapping.externalPort)/\(mapping.protocol)"
            line += " (mapping \(mapping.index)"
            if !mapping.description.isEmpty { line += " '\(mapping.description)'" }
            line += " on router \(exposure.router.address)"
            if let external = exposure.router.externalIPAddress { line += ", external address \(external)" }
            line += ")"
            if !mapping.remoteHost.isEmpty { line += "; only from \(mapping.remoteHost)" }
            if let lease = mapping.leaseDuration { line += lease == 0 ? "; permanent" : "; lease \(lease) s left" }
            return line
        }
        if exposures.count > maximumEvidenceLines {
            evidence.append("and \(exposures.count - maximumEvidenceLines) more mappings to this device")
        }
        evidence.append(
            "read with GetGenericPortMappingEntry from \(Set(exposures.map(\.router.descriptionURL)).sorted().joined(separator: ", "))")
        evidence.append("\(worst.severity): \(worst.reason) (\(worst.source))")
        return Finding(
            id: "internet-exposed", title: "Camera port forwarded to the internet by a UPnP port mapping",
            severity: worst.severity, kind: .exposure, decidedBy: .router, evidence: evidence,
            remediation:
                "Delete the port mapping on the router and turn off UPnP on the router and the camera; reach the camera through a VPN instead of a forwarded port."
        )
    }

    /// `upnp-enabled` when a camera answered SSDP: UPnP is how cameras open router ports on their own.
    public static func upnpEnabledFinding(_ target: CheckTarget) -> Finding? {
        let seen = ssdpFields.compactMap { field in
            target.values(of: field).first.map { "SSDP \(field.rawValue): \(UPnPLocation.clipped($0))" }
        }
        guard !seen.isEmpty else { return nil }
        return Finding(
            id: "upnp-enabled", title: "UPnP is enabled on the camera", severity: .low, kind: .hygiene, decidedBy: .observation,
            evidence: ["the device answered an SSDP M-SEARCH"] + seen,
            remediation:
                "Turn off UPnP in the camera's network settings: with it on, the camera can ask the router to forward its ports to the internet."
        )
    }
}
