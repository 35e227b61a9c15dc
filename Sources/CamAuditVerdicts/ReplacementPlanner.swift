import CamAuditCatalog
import CamAuditCore

/// Groups devices into replace now / patch now / harden / fine, with concrete actions, ordered by risk.
///
/// - replace-now: a compliance rule set covers the maker, the product is end of life, or a critical vulnerability has no fix;
/// - patch-now: a vulnerability has a fix (the `fixed` build of its vulnerability file);
/// - harden: default or blank passwords, open streams, internet exposure, hygiene, or a vulnerability without a fix that is not critical;
/// - fine: nothing to change (a device whose maker is unknown still gets the action to identify it).
/// Every device gets all its actions, so a device to replace also says what to close until it is replaced.
public struct ReplacementPlanner: Sendable {
    /// What to do for a finding whose own remediation is missing, by id.
    static let hardeningDefaults: [String: String] = [
        "default-credentials": "Set a strong unique password for every account that logs in with a default password.",
        "blank-password": "Set a password on every account that logs in with an empty one.",
        "open-rtsp-stream": "Turn on authentication for RTSP streaming.",
        "open-snapshot": "Turn on authentication for snapshots.",
        "open-mjpeg": "Turn on authentication for MJPEG video.",
        "internet-exposed": "Delete the router's port mapping to the device and turn off UPnP; reach it through a VPN.",
        "telnet-open": "Turn off telnet.",
        "ssh-open": "Turn off SSH unless it is needed, or limit it to the management network.",
        "basic-auth-over-http": "Use digest authentication or HTTPS instead of basic authentication over HTTP.",
        "admin-http-only": "Turn on HTTPS for the web interface and turn off plain HTTP.",
        "upnp-enabled": "Turn off UPnP in the device's network settings.",
    ]

    public let vulnerabilities: VulnerabilityCatalog

    public init(vulnerabilities: VulnerabilityCatalog) {
        self.vulnerabilities = vulnerabilities
    }

    /// The plan for every device that has a risk score; devices without one (not video, no finding) are left out.
    public func plan(for devices: [DeviceReport]) -> ReplacementPlan {
        let entries = devices.compactMap(entry(for:)).sorted { lhs, rhs in
            let left = PlanGroup.allCases.firstIndex(of: lhs.group) ?? 0, right = PlanGroup.allCases.firstIndex(of: rhs.group) ?? 0
            if left != right { return left < right }
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            return lhs.address < rhs.address
        }
        var counts = Dictionary(uniqueKeysWithValues: PlanGroup.words.map { ($0, 0) })
        var bySubnet: [String: [String: Int]] = [:]
        for entry in entries {
            counts[entry.group.rawValue, default: 0] += 1
            bySubnet[Self.subnet(of: entry.address), default: Dictionary(uniqueKeysWithValues: PlanGroup.words.map { ($0, 0) })][
                entry.group.rawValue, default: 0] += 1
        }
        return ReplacementPlan(entries: entries, counts: counts, countsBySubnet: bySubnet)
    }

    /// One device's group and actions; nil when the device has no risk score.
    public func entry(for device: DeviceReport) -> ReplacementPlan.Entry? {
        guard let risk = device.risk else { return nil }
        var replace: [String] = [], patch: [String] = [], harden: [String] = []
        let covered = (device.compliance ?? []).filter { $0.status == .covered }
        if !covered.isEmpty {
            let maker = device.manufacturer ?? device.brand ?? "its maker"
            let rules = covered.map { "\($0.ruleSet) (confidence \(ComplianceJudge.text($0.confidence)))" }.joined(separator: ", ")
            replace.append("Replace: \(maker) is covered by \(rules); choose a device from a maker these rule sets do not name.")
        }
        var seen: Set<String> = []
        for finding in device.findings where seen.insert(finding.id).inserted {
            if finding.kind == .vulnerability {
                action(for: finding, model: device.model, replace: &replace, patch: &patch, harden: &harden)
            } else {
                harden.append(hardening(finding))
            }
        }
        // Identifying the maker is paperwork, not a security change: it never moves a device out of `fine` by itself.
        let identify =
            (device.compliance ?? []).contains(where: { $0.status == .unknown })
            ? ["Identify the maker (label, purchase record or an authenticated scan): the compliance verdict is unknown."] : []
        let group: PlanGroup = !replace.isEmpty ? .replaceNow : !patch.isEmpty ? .patchNow : !harden.isEmpty ? .harden : .fine
        let actions = replace + patch + harden + identify
        return ReplacementPlan.Entry(
            address: device.address, group: group, score: risk.score,
            actions: actions.isEmpty ? ["No action: no finding, and no rule set covers the maker."] : actions)
    }

    private func action(for finding: Finding, model: String?, replace: inout [String], patch: inout [String], harden: inout [String]) {
        guard let vulnerability = vulnerabilities.vulnerability(id: finding.id) else {
            patch.append("Fix \(finding.id): \(finding.remediation ?? "update the firmware to a build that fixes it").")
            return
        }
        let remedy = VulnerabilityRemedy(vulnerability, model: model)
        if let note = remedy.endOfLife {
            replace.append("Replace: \(finding.id) will not be fixed, the product is end of life (\(note); source: \(remedy.source)).")
        } else if remedy.unpatchable, finding.severity == .critical {
            replace.append(
                "Replace: critical \(finding.id) has no fix (\(remedy.fixedBuilds.first ?? "fixed: none"); source: \(remedy.source)).")
        } else if remedy.unpatchable {
            harden.append("Mitigate \(finding.id), which has no fix: \(vulnerability.remediation.text)")
        } else if remedy.fixedBuilds.isEmpty {
            patch.append(
                "Update the firmware to a build that fixes \(finding.id); the vulnerability file names none (\(vulnerability.remediation.text))."
            )
        } else {
            patch.append("Update the firmware to fix \(finding.id): \(remedy.fixedBuildsSummary) (source: \(remedy.source)).")
        }
    }

    /// The finding's own remediation, or the default for its id; the mapping to remove for an exposure.
    private func hardening(_ finding: Finding) -> String {
        let advice = finding.remediation ?? Self.hardeningDefaults[finding.id] ?? "Fix \(finding.title.lowercased())."
        // Only exposure evidence is copied: it names router mappings, never a password.
        if finding.id == "internet-exposed", let mapping = finding.evidence.first {
            return "\(advice) Mapping to remove: \(mapping)."
        }
        return "\(finding.id): \(advice)"
    }

    /// `192.0.2.0/24` for IPv4, the /64 prefix for IPv6.
    static func subnet(of address: IPAddress) -> String {
        switch address {
        case .v4(let value): return "\(IPAddress.v4(value & 0xffff_ff00))/24"
        case .v6(let high, _): return "\(IPAddress.v6(high: high, low: 0))/64"
        }
    }
}
