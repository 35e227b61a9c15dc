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
}

extension CompletedHost {
    /// What the router check needs of it.
    var checkTarget: CheckTarget {
        CheckTarget(address: device.address, services: device.ports, identity: device.identity, observations: device.observations)
    }
}
