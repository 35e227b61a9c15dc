import CamAuditCore
import CamAuditLab
import CamAuditScanner
import CamAuditTestSupport
import Foundation
import Synchronization
import Testing

/// The scanner's side of resumable scans: it writes each host down as it completes, stops cleanly when
/// cancelled (status `interrupted`, the hosts done, nothing half-probed), and a resumed run skips the hosts
/// it is given and ends with the same devices as a run that never stopped.
@Suite("Scan journal and resumption", .serialized)
struct ScanJournalTests {
    /// Keeps what the scanner writes down; after `cancelAfter` hosts it cancels the scan's task.
    final class RecordingJournal: ScanJournal {
        let cancelAfter: Int?
        let state = Mutex<(started: [ScanMetadata], hosts: [CompletedHost], cancel: (@Sendable () -> Void)?)>(([], [], nil))

        init(cancelAfter: Int? = nil) { self.cancelAfter = cancelAfter }

        func onCancel(_ cancel: @escaping @Sendable () -> Void) { state.withLock { $0.cancel = cancel } }
        var hosts: [CompletedHost] { state.withLock { $0.hosts } }
        var started: [ScanMetadata] { state.withLock { $0.started } }

        func started(_ metadata: ScanMetadata) async { state.withLock { $0.started.append(metadata) } }
        func hostDone(_ host: CompletedHost, scanID: String) async {
            let cancel = state.withLock { state -> (@Sendable () -> Void)? in
                state.hosts.append(host)
                return state.hosts.count == cancelAfter ? state.cancel : nil
            }
            cancel?()
        }
    }

    static let profiles = [
        "hikvision-ipc-new", "dahua-ipc", "axis-m1065", "hanwha-ipc", "uniview-ipc", "reolink-ipc", "foscam-hd", "decoy-nginx",
        "vuln-dahua-33044", "stream-hikvision-open-snapshot", "cred-dahua-default", "upnp-igd-router",
    ]

    static func summary(_ devices: [DeviceReport]) -> [String: [String]] {
        Dictionary(
            uniqueKeysWithValues: devices.map { device in
                (
                    device.address.description,
                    [device.manufacturer ?? "-", device.model ?? "-", device.firmware ?? "-", device.deviceType.rawValue]
                        + device.findings.map(\.id).sorted()
                )
            })
    }

    @Test func aCancelledScanIsInterruptedWithTheHostsDoneAndAResumedOneEndsLikeAnUninterruptedOne() async throws {
        try await LabSession.with(profiles: Self.profiles) { lab in
            let scanner = try Scanner.bundled()
            var request = try lab.scanRequest(.addresses)
            request.hostConcurrency = 2

            let whole = RecordingJournal()
            request.journal = whole
            let reference = try await scanner.run(request)
            #expect(reference.scan.status == .completed)
            #expect(whole.started.map(\.status) == [.running])
            #expect(whole.started.first?.id == reference.scan.id, "the id is known when the scan starts")
            #expect(Set(whole.hosts.map(\.device.address)) == Set(reference.devices.map(\.address)))

            let cut = RecordingJournal(cancelAfter: 4)
            request.journal = cut
            let task = Task { [request] in try await scanner.run(request) }
            cut.onCancel { task.cancel() }
            let interrupted = try await task.value
            #expect(interrupted.scan.status == .interrupted)
            #expect(interrupted.devices.count == cut.hosts.count, "the report holds exactly the hosts written down")
            #expect(cut.hosts.count >= 4 && cut.hosts.count < lab.devices.count)
            #expect(interrupted.scan.notes.last?.contains("camaudit scan --resume \(interrupted.scan.id)") == true)
            #expect(interrupted.scan.checks == nil, "the router check does not run on a cut scan")

            let rest = RecordingJournal()
            request.journal = rest
            request.resuming = ScanResumption(id: interrupted.scan.id, startedAt: interrupted.scan.startedAt, hosts: cut.hosts)
            let resumed = try await scanner.run(request)
            #expect(resumed.scan.id == interrupted.scan.id)
            #expect(resumed.scan.startedAt == interrupted.scan.startedAt)
            #expect(resumed.scan.status == .completed)
            #expect(
                Set(rest.hosts.map(\.device.address)).isDisjoint(with: cut.hosts.map(\.device.address)),
                "hosts done before are not probed again")
            #expect(rest.hosts.count + cut.hosts.count == lab.devices.count)
            #expect(Self.summary(resumed.devices) == Self.summary(reference.devices))
            #expect(resumed.scan.checks?.requestsSent ?? 0 > 0)
        }
    }
}
