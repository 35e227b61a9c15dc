import CamAuditChecks
import CamAuditCore
import Foundation

/// Where a running scan writes itself down as it goes, so that an interrupted scan keeps what it did:
/// the scan when it starts, then each host as soon as it is done. `camaudit scan` gives the scan store.
///
/// The scanner waits for each call before it counts the host as done, so a host whose write returned is
/// kept; a host still being probed when the process dies is not, and is done again on resume.
public protocol ScanJournal: Sendable {
    /// The scan starts (or resumes); `metadata.status` is `running`.
    func started(_ metadata: ScanMetadata) async
    /// One host is done: its report as it stands before the router check and the verdicts, which run at the end.
    func hostDone(_ host: CompletedHost, scanID: String) async
    /// One login camaudit sends (`sent`, before it leaves) or that was answered; kept across scans.
    func login(_ record: LoginRecord, host: IPAddress) async
    /// What camaudit sent to this address before (earlier scans, earlier runs of this one), oldest first.
    func earlierLogins(host: IPAddress) async -> EarlierLogins
    /// Drops what camaudit sent to this address before (`--forget-logins`).
    func forgetLogins(host: IPAddress) async
}

extension ScanJournal {
    /// A journal that keeps no logins: each scan then knows only its own.
    public func login(_ record: LoginRecord, host: IPAddress) async {}
    public func earlierLogins(host: IPAddress) async -> EarlierLogins { EarlierLogins() }
    public func forgetLogins(host: IPAddress) async {}
}

extension CompletedHost {
    /// What the router check needs of it.
    var checkTarget: CheckTarget {
        CheckTarget(address: device.address, services: device.ports, identity: device.identity, observations: device.observations)
    }
}
