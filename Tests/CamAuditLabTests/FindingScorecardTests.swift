import CamAuditCore
import CamAuditLab
import Foundation
import Testing

/// The scorecard from finding ids per address (what `camaudit-bench audit`'s scanner process hands back) scores
/// exactly as the scorecard from the whole report.
@Suite("Finding scorecard from ids")
struct FindingScorecardTests {
    static let devices = [
        LabDevice(
            address: .v4(0x7F50_0001), profile: "hikvision-ipc-old",
            expected: LabExpectation(manufacturer: "Hikvision", deviceType: .camera, findings: ["CVE-2017-7921", "admin-http-only"]),
            ports: [80], isHostile: false),
        LabDevice(
            address: .v4(0x7F50_0002), profile: "dahua-ipc",
            expected: LabExpectation(
                manufacturer: "Dahua", deviceType: .camera, findings: ["default-credentials"],
                intrusiveFindings: ["CVE-2021-33044"]),
            ports: [80], isHostile: false),
        LabDevice(
            address: .v4(0x7F50_0003), profile: "hostile-silent", expected: LabExpectation(deviceType: .unknown), ports: [80],
            isHostile: true),
    ]

    /// Hikvision: one found, one missed. Dahua: found, plus the intrusive id. Hostile: a false positive.
    static let reported: [IPAddress: Set<String>] = [
        .v4(0x7F50_0001): ["CVE-2017-7921"],
        .v4(0x7F50_0002): ["default-credentials", "CVE-2021-33044"],
        .v4(0x7F50_0003): ["open-rtsp-stream"],
    ]

    static func finding(_ id: String) -> Finding {
        Finding(id: id, title: id, severity: .high, kind: .vulnerability, decidedBy: .other("test"), evidence: [], remediation: nil)
    }

    @Test func safeRunCountsTheIntrusiveIdAsAFalsePositive() {
        let score = FindingScorecard(reported: Self.reported, devices: Self.devices, intrusive: false)
        #expect(score.tallies["CVE-2017-7921"] == FindingScorecard.Tally(truePositives: 1, falsePositives: 0, misses: 0))
        #expect(score.tallies["admin-http-only"] == FindingScorecard.Tally(truePositives: 0, falsePositives: 0, misses: 1))
        #expect(score.tallies["CVE-2021-33044"] == FindingScorecard.Tally(truePositives: 0, falsePositives: 1, misses: 0))
        #expect(score.tallies["open-rtsp-stream"]?.falsePositives == 1)
        #expect(score.total.truePositives == 2 && score.total.falsePositives == 2 && score.total.misses == 1)
        #expect(score.errors.count == 3)
    }

    @Test func intrusiveRunExpectsTheIntrusiveId() {
        let score = FindingScorecard(reported: Self.reported, devices: Self.devices, intrusive: true)
        #expect(score.tallies["CVE-2021-33044"] == FindingScorecard.Tally(truePositives: 1, falsePositives: 0, misses: 0))
    }

    @Test func idsAndWholeReportScoreTheSame() {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let metadata = ScanMetadata(
            id: "20261207T120000-000000", version: "0.1.0", startedAt: start, finishedAt: start, targets: ["127.80.0.1-3"],
            exclusions: [], ports: [80], addressesScanned: 3, probesSent: 3, status: .completed, notes: [])
        let devices = Self.reported.map { address, ids in
            DeviceReport(
                address: address, ports: [PortService(port: 80, service: "http")], identity: .unknown,
                findings: ids.sorted().map(Self.finding))
        }
        let report = ScanReport(scan: metadata, devices: devices)
        for intrusive in [false, true] {
            let fromReport = FindingScorecard(report: report, devices: Self.devices, intrusive: intrusive)
            let fromIDs = FindingScorecard(reported: Self.reported, devices: Self.devices, intrusive: intrusive)
            #expect(fromReport.tallies == fromIDs.tallies)
            #expect(Set(fromReport.errors) == Set(fromIDs.errors))
        }
    }
}
