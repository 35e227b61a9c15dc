import CamAuditCore
import CamAuditTestSupport
import Foundation
import Testing
@testable import CamAuditReports

/// Two hand-built scans of the same site a week apart: a firmware upgrade, a DHCP move, a camera
/// swapped at the same address, one unplugged, one added.
enum SiteScans {
    static func finding(_ id: String, _ severity: Severity, kind: FindingKind = .vulnerability) -> Finding {
        Finding(
            id: id, title: "title of \(id)", severity: severity, kind: kind, decidedBy: .version, evidence: ["evidence of \(id)"],
            remediation: nil)
    }

    static func device(
        _ address: String, _ manufacturer: String?, model: String? = nil, firmware: String? = nil, serial: String? = nil,
        mac: String? = nil,
        type: DeviceType = .camera, findings: [Finding] = [], compliance: [String: ComplianceStatus]? = nil
    ) -> DeviceReport {
        var device = DeviceReport(
            address: IPAddress(address)!, ports: [PortService(port: 80, service: "http")],
            identity: Identity(
                manufacturer: manufacturer, model: model, firmware: firmware, serial: serial, mac: mac, deviceType: type, confidence: 0.9),
            findings: findings)
        device.compliance = compliance.map { verdicts in
            verdicts.map { ComplianceVerdict(ruleSet: $0.key, status: $0.value, confidence: 0.9, basis: [], rule: "rule \($0.key)") }
        }
        return device
    }

    static func report(_ id: String, day: Int, _ devices: [DeviceReport]) -> ScanReport {
        let start = Date(timeIntervalSince1970: 1_795_000_000 + Double(day) * 86_400)
        return ScanReport(
            scan: ScanMetadata(
                id: id, version: "0.1.0", startedAt: start, finishedAt: start.addingTimeInterval(30), targets: ["127.0.0.0/24"],
                exclusions: [], ports: [80], addressesScanned: 256, probesSent: 256, status: .completed),
            devices: devices)
    }

    static var older: ScanReport {
        report(
            "20261001T000000-aaaaaa", day: 0,
            [
                device(
                    "127.0.0.2", "Hikvision", model: "DS-2CD2042WD-I", firmware: "V5.4.0 build 160530",
                    serial: "DS-2CD2042WD-I20160530AAWR5",
                    findings: [
                        finding("CVE-2017-7921", .critical), finding("default-credentials", .critical, kind: .credential),
                    ], compliance: ["ndaa-889": .covered, "fcc-covered-list": .unknown]),
                device(
                    "127.0.0.3", "Dahua", model: "IPC-HFW2228M-I1-V2", serial: "7J01F4DPAG6E2B9",
                    findings: [finding("open-rtsp-stream", .high, kind: .stream)]),
                device("127.0.0.4", "Axis", model: "M1065-L", findings: [finding("basic-auth-over-http", .medium, kind: .hygiene)]),
                device("127.0.0.5", nil, type: .other),
                device("127.0.0.6", "Uniview", model: "IPC2122SR3", serial: "210235C3EA3190000111"),
                device("127.0.0.8", "Reolink", model: "RLC-510A", mac: "ec:71:db:00:11:22"),
            ])
    }

    static var newer: ScanReport {
        report(
            "20261008T000000-bbbbbb", day: 7,
            [
                // Upgraded: the CVE is fixed, the password is still the default, telnet was switched on.
                device(
                    "127.0.0.2", "Hikvision", model: "DS-2CD2042WD-I", firmware: "V5.5.800 build 210628",
                    serial: "DS-2CD2042WD-I20160530AAWR5",
                    findings: [
                        finding("default-credentials", .critical, kind: .credential), finding("telnet-open", .high, kind: .hygiene),
                    ], compliance: ["ndaa-889": .covered, "fcc-covered-list": .covered]),
                device("127.0.0.5", nil, type: .other),
                // Another camera took .6: same address, another serial.
                device("127.0.0.6", "Uniview", model: "IPC3614SB", serial: "210235C3EA3190000999"),
                device("127.0.0.9", "Reolink", model: "RLC-510A", mac: "EC-71-DB-00-11-22"),
                // The Dahua moved from .3 to .13 (new DHCP lease); the serial is read in another case.
                device(
                    "127.0.0.13", "Dahua", model: "IPC-HFW2228M-I1-V2", serial: " 7j01f4dpag6e2b9",
                    findings: [finding("open-rtsp-stream", .high, kind: .stream)]),
                device(
                    "127.0.0.20", "Hikvision", model: "DS-7608NI-K2", type: .nvr, findings: [finding("CVE-2021-36260", .critical)],
                    compliance: ["ndaa-889": .covered]),
            ])
    }
}

@Suite("Scan diff")
struct ScanDiffTests {
    let diff = ScanDiff(older: SiteScans.older, newer: SiteScans.newer)

    func change(_ address: String) -> ScanDiff.DeviceChange? {
        diff.changedDevices.first { $0.address == IPAddress(address)! }
    }

    @Test func newAndVanishedDevicesAreListed() {
        #expect(diff.newDevices.map(\.address.description) == ["127.0.0.6", "127.0.0.20"])
        #expect(diff.vanishedDevices.map(\.address.description) == ["127.0.0.4", "127.0.0.6"])
        let nvr = diff.newDevices.last
        #expect(nvr?.findings.map(\.id) == ["CVE-2021-36260"])
        #expect(nvr?.compliance == [ScanDiff.RuleStatus(ruleSet: "ndaa-889", status: .covered)])
        // A vanished device's findings are gone with it, not fixed.
        #expect(diff.summary.findingsOnVanishedDevices == 1)
        #expect(diff.summary.fixedFindings == 1)
    }

    @Test func anotherDeviceAtTheSameAddressIsNotAChange() {
        // .6 carries another serial: the old Uniview vanished and a new one appeared, no "model changed".
        #expect(change("127.0.0.6") == nil)
        #expect(diff.newDevices.first?.serial == "210235C3EA3190000999")
        #expect(diff.vanishedDevices.last?.serial == "210235C3EA3190000111")
    }

    @Test func firmwareChangeAndNewAndFixedFindings() throws {
        let hikvision = try #require(change("127.0.0.2"))
        #expect(hikvision.matchedBy == "address")
        #expect(hikvision.previousAddress == nil)
        #expect(
            hikvision.firmwareChange == ScanDiff.FieldChange(field: "firmware", old: "V5.4.0 build 160530", new: "V5.5.800 build 210628"))
        #expect(hikvision.identityChanges.isEmpty)
        #expect(hikvision.newFindings.map(\.id) == ["telnet-open"])
        #expect(hikvision.fixedFindings.map(\.id) == ["CVE-2017-7921"])
        // default-credentials is in both scans: neither new nor fixed.
        #expect(!(hikvision.newFindings + hikvision.fixedFindings).map(\.id).contains("default-credentials"))
        #expect(hikvision.complianceChanges == [ScanDiff.ComplianceChange(ruleSet: "fcc-covered-list", old: .unknown, new: .covered)])
    }

    @Test func aMovedDeviceIsPairedBySerialAndSaysSo() throws {
        let dahua = try #require(change("127.0.0.13"))
        #expect(dahua.matchedBy == "serial")
        #expect(dahua.previousAddress == IPAddress("127.0.0.3"))
        #expect(dahua.matchKey == "7j01f4dpag6e2b9")
        #expect(dahua.newFindings.isEmpty && dahua.fixedFindings.isEmpty && dahua.firmwareChange == nil)
        #expect(!diff.vanishedDevices.contains { $0.address == IPAddress("127.0.0.3") })
        #expect(!diff.newDevices.contains { $0.address == IPAddress("127.0.0.13") })
    }

    @Test func aMovedDeviceWithoutSerialIsPairedByMAC() throws {
        let reolink = try #require(change("127.0.0.9"))
        #expect(reolink.matchedBy == "mac")
        #expect(reolink.previousAddress == IPAddress("127.0.0.8"))
        #expect(diff.summary.movedDevices == 2)
    }

    @Test func summaryCountsEverything() {
        let counts = diff.summary
        #expect(counts.newDevices == 2 && counts.vanishedDevices == 2)
        #expect(counts.changedDevices == 3)  // .2 (firmware, findings), .13 (moved), .9 (moved)
        #expect(counts.unchangedDevices == 1)  // .5
        #expect(counts.firmwareChanges == 1)
        #expect(counts.newFindings == 1 && counts.findingsOnNewDevices == 1)
    }

    @Test func identicalScansHaveNoDifferences() {
        let same = ScanDiff(older: SiteScans.older, newer: SiteScans.older)
        #expect(same.isEmpty)
        #expect(same.summary.unchangedDevices == SiteScans.older.devices.count)
        #expect(ScanDiffTable().render(same).contains("No differences"))
    }

    @Test func identityChangeWithoutSerialsIsAChangeNotANewDevice() throws {
        // A better identification (maker now known, model corrected) of a device without serial or MAC.
        let before = SiteScans.report("a", day: 0, [SiteScans.device("127.0.0.2", nil, model: "IPC", type: .unknown)])
        let after = SiteScans.report("b", day: 1, [SiteScans.device("127.0.0.2", "Dahua", model: "IPC-HDW1230S", type: .camera)])
        let diff = ScanDiff(older: before, newer: after)
        #expect(diff.newDevices.isEmpty && diff.vanishedDevices.isEmpty)
        let fields = diff.changedDevices.first?.identityChanges.map(\.field)
        #expect(fields == ["manufacturer", "model", "deviceType"])
        #expect(diff.changedDevices.first?.identityChanges.first == ScanDiff.FieldChange(field: "manufacturer", old: nil, new: "Dahua"))
    }

    @Test func placeholderAndRepeatedSerialsPairNothing() {
        // Two OEM boxes reporting the same serial, and one reporting zeros, moved: nothing proves which is which.
        let before = SiteScans.report(
            "a", day: 0,
            [
                SiteScans.device("127.0.0.2", "Generic", serial: "ABC123"), SiteScans.device("127.0.0.3", "Generic", serial: "ABC123"),
                SiteScans.device("127.0.0.4", "Generic", serial: "000000"),
            ])
        let after = SiteScans.report(
            "b", day: 1,
            [
                SiteScans.device("127.0.0.12", "Generic", serial: "ABC123"), SiteScans.device("127.0.0.14", "Generic", serial: "000000"),
            ])
        let diff = ScanDiff(older: before, newer: after)
        #expect(diff.changedDevices.isEmpty)
        #expect(diff.newDevices.count == 2 && diff.vanishedDevices.count == 3)
    }

    @Test func complianceIsComparedOnlyWhenBothScansHaveVerdicts() {
        let before = SiteScans.report("a", day: 0, [SiteScans.device("127.0.0.2", "Hikvision")])
        let after = SiteScans.report("b", day: 1, [SiteScans.device("127.0.0.2", "Hikvision", compliance: ["ndaa-889": .covered])])
        #expect(ScanDiff(older: before, newer: after).isEmpty)
        let covered = SiteScans.report("c", day: 2, [SiteScans.device("127.0.0.2", "Hikvision", compliance: ["ndaa-889": .notCovered])])
        #expect(
            ScanDiff(older: covered, newer: after).changedDevices.first?.complianceChanges
                == [ScanDiff.ComplianceChange(ruleSet: "ndaa-889", old: .notCovered, new: .covered)])
    }

    @Test func tableWarnsWhenTheScansAreNotAlike() {
        var checked = SiteScans.newer
        checked.scan.checks = ScanChecks(mode: .safe, defaultCredentials: true, secretsRevealed: false, frameCheck: false)
        checked.scan.status = .deadline
        let text = ScanDiffTable().render(ScanDiff(older: SiteScans.older, newer: checked))
        #expect(text.contains("note: the scans ran different checks (none, safe)"))
        #expect(text.contains("note: --deadline cut scan 20261008T000000-bbbbbb short"))
        #expect(!ScanDiffTable().render(diff).contains("note:"))
        #expect(ScanDiff(older: SiteScans.older, newer: checked).newer.checks == "safe")
    }

    @Test func tableNamesEveryChange() {
        let text = ScanDiffTable().render(diff)
        #expect(text.contains("camaudit diff 20261001T000000-aaaaaa -> 20261008T000000-bbbbbb"))
        #expect(text.contains("2 new, 2 vanished, 3 changed (2 moved, 1 firmware), 1 unchanged devices"))
        #expect(text.contains("  127.0.0.13  camera  Dahua IPC-HFW2228M-I1-V2  (was 127.0.0.3; same serial 7j01f4dpag6e2b9)"))
        #expect(text.contains("      firmware: V5.4.0 build 160530 -> V5.5.800 build 210628"))
        #expect(text.contains("      new:   HIGH telnet-open"))
        #expect(text.contains("      fixed: CRITICAL CVE-2017-7921"))
        #expect(text.contains("      fcc-covered-list: unknown -> covered"))
        #expect(text.contains("  127.0.0.20  nvr  Hikvision DS-7608NI-K2  firmware -"))
        #expect(!text.contains("evidence of"))
    }

    @Test func jsonFollowsTheSchemaAndRoundTrips() throws {
        let data = try ScanDiffJSON.encode(diff)
        let schema = RepositoryFiles.root.appendingPathComponent("schema/scan-diff.schema.json")
        let complaint = try SchemaValidator.validate(data, schema: schema)
        #expect(complaint == nil, "\(complaint ?? "")")
        #expect(try ScanDiffJSON.decode(data) == diff)
        // Unknown values are written as null, so every key is there.
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"previousAddress\" : null"))
        #expect(text.contains("\"previousAddress\" : \"127.0.0.3\""))
        #expect(try ScanDiffJSON.encode(ScanDiff(older: SiteScans.older, newer: SiteScans.newer)) == data)
    }
}
