import CamAuditChecks
import CamAuditCore
import CamAuditProbes
import Foundation

/// What one authenticated read with a login the checks found accepted changed on a host.
struct FoundLoginRead: Sendable {
    var observations: [Observation]
    var identity: Identity
    var findings: [Finding]
    var notes: [String]
}

extension Scanner {
    /// Uses a password the default-credential check found accepted (a vendor default, a hard-coded account or a
    /// `--wordlist` entry) for the same read-only device-information request `--credentials` makes, once; then
    /// identifies the host again and re-runs the passive version checks on the new identity.
    ///
    /// Runs after every other check (logins last, so nothing unauthenticated is hidden by it). The password was
    /// just accepted, so this adds no refused login to the device's lockout count. Nothing when the firmware was
    /// already read with credentials, or the read learns nothing.
    func readWithFoundLogin(
        _ login: AcceptedLogin, address: IPAddress, services: [PortService], observations: [Observation], identity: Identity,
        findings: [Finding], reader: AuthenticatedReader?, options: CheckOptions
    ) async -> FoundLoginRead? {
        guard !observations.contains(where: { $0.field == .authFirmware }) else { return nil }
        let reader =
            reader
            ?? AuthenticatedReader(configuration: ProbeConfiguration(stepTimeout: options.stepTimeout), eventLoopGroup: eventLoopGroup)
        let hasONVIF = observations.contains { $0.field.rawValue.hasPrefix("onvif.") }
        let read = await reader.read(
            host: address, services: services, manufacturer: identity.manufacturer, hasONVIF: hasONVIF,
            credentials: [CredentialEntry(scope: .anyHost, user: login.user, password: login.password)], provenance: login.provenance)
        var notes = read.notes
        guard !read.observations.isEmpty else {
            notes.append("the login accepted via \(login.method) could not read the device information (no vendor read answered)")
            return FoundLoginRead(observations: observations, identity: identity, findings: findings, notes: notes)
        }
        let allObservations = observations + read.observations
        let newIdentity = identifier.identify(allObservations)
        let firmware = read.observations.first { $0.field == .authFirmware }?.value
        notes.append(
            firmware.map { "firmware \($0) read by an authenticated read with \(login.provenance)" }
                ?? "device information read by an authenticated read with \(login.provenance) (no firmware in the answer)")
        var merged = findings
        if let checker {
            // Version findings follow the new identity: drop the old identity's that no longer hold, add the new
            // ones. One the old identity already gave is left as the safe probes decided it (confirmed or withdrawn).
            let before = Set(checker.findings(for: identity).map(\.id))
            let after = checker.findings(for: newIdentity)
            let afterIDs = Set(after.map(\.id))
            merged.removeAll { before.contains($0.id) && !afterIDs.contains($0.id) }
            var added: [Finding] = []
            for var finding in after where !before.contains(finding.id) && !merged.contains(where: { $0.id == finding.id }) {
                // Second, right after the version line, so a probe's merged finding (which keeps the first two) shows it.
                finding.evidence.insert(
                    "firmware read by an authenticated read with \(login.provenance)", at: min(1, finding.evidence.count))
                added.append(finding)
            }
            if !added.isEmpty, let securityChecks {
                // The new version findings get the safe probes that confirm or withdraw a version guess, as the
                // first ones did; only their own results are kept (the other probes already ran).
                let target = CheckTarget(address: address, services: services, identity: newIdentity, observations: allObservations)
                let ids = Set(added.map(\.id))
                let probed = await securityChecks.vulnerabilities.check(target, passive: added, options: options)
                added = probed.findings.filter { ids.contains($0.id) }
                notes += probed.notes.filter { note in ids.contains { note.hasPrefix("\($0):") } }
            }
            merged += added
        }
        return FoundLoginRead(observations: allObservations, identity: newIdentity, findings: merged, notes: notes)
    }
}
