import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import CamAuditProbes
import Foundation
import NIOCore

/// The active security checks run on each identified host, in a fixed order, and the router check
/// run once after all hosts are known.
///
/// Order matters for safety: unauthenticated requests first (vulnerability probes, streams), logins
/// last, so a lock signal seen by the credential check cannot hide anything else.
public struct SecurityChecks: Sendable {
    let vulnerabilities: ActiveVulnerabilityChecker
    let streams: StreamExposureChecker
    let credentials: DefaultCredentialChecker
    let exposure: InternetExposureChecker

    public init(
        vulnerabilities: VulnerabilityCatalog, streams: StreamPathCatalog, credentials: CredentialCatalog,
        eventLoopGroup: any EventLoopGroup
    ) {
        let client = WireClient(eventLoopGroup: eventLoopGroup)
        self.vulnerabilities = ActiveVulnerabilityChecker(catalog: vulnerabilities, client: client)
        self.streams = StreamExposureChecker(catalog: streams, eventLoopGroup: eventLoopGroup)
        self.credentials = DefaultCredentialChecker(catalog: credentials, client: client)
        exposure = InternetExposureChecker(eventLoopGroup: eventLoopGroup)
    }

    /// The checks built from the catalogs bundled with camaudit.
    public static func bundled(eventLoopGroup: any EventLoopGroup) throws -> SecurityChecks {
        SecurityChecks(
            vulnerabilities: try VulnerabilityCatalog.bundled(), streams: try StreamPathCatalog.bundled(),
            credentials: try CredentialCatalog.bundled(), eventLoopGroup: eventLoopGroup)
    }

    /// Every per-host check; `passive` are the version findings, which the vulnerability probes may confirm or withdraw.
    /// `priorRefusedLogins` are logins `--credentials` reads already had refused: they come out of the same lockout budget.
    /// `ledger` writes each login down as it goes (a scan with a journal) and brings an interrupted scan's earlier logins.
    func run(
        _ target: CheckTarget, passive: [Finding], options: CheckOptions, priorRefusedLogins: Int = 0, ledger: LoginLedger? = nil
    ) async -> CheckOutcome {
        var outcome = await vulnerabilities.check(target, passive: passive, options: options)
        outcome.add(await streams.check(target, options: options))
        outcome.add(await credentials.check(target, options: options, priorRefusedLogins: priorRefusedLogins, ledger: ledger))
        return outcome
    }

    /// The router check over all audited hosts: `internet-exposed` and `upnp-enabled` findings per device.
    func routerCheck(router: URL?, targets: [CheckTarget], options: CheckOptions, scope: TargetSet, sweptPorts: Set<UInt16>? = nil) async
        -> InternetExposureOutcome
    {
        await exposure.check(router: router, targets: targets, options: options, scope: scope, sweptPorts: sweptPorts)
    }
}
