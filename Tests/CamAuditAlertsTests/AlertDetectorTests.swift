import CamAuditAlerts
import CamAuditCore
import Foundation
import Testing

@Suite struct AlertDetectorTests {
    typealias F = Fixtures

    @Test func aNewDeviceAndANewDeviceOfACoveredMaker() {
        let previous = F.scan("s1", [F.device("192.0.2.10")])
        let current = F.scan(
            "s2", minute: 10,
            [F.device("192.0.2.10"), F.device("192.0.2.11", maker: "Axis", model: "P1375"), F.device("192.0.2.12", covered: true)])
        let alerts = AlertDetector.alerts(previous: previous, current: current)
        let plain = alerts.filter { $0.kind == .newDevice }
        let covered = alerts.filter { $0.kind == .newCoveredDevice }
        #expect(plain.map(\.address.description) == ["192.0.2.11"])
        #expect(covered.map(\.address.description) == ["192.0.2.12"])
        #expect(covered.first?.severity == .high)
        #expect(covered.first?.details["maker"] == "Hikvision")
        #expect(covered.first?.summary.contains("FCC Covered List") == true)
        #expect(alerts.allSatisfy { $0.scanId == "s2" && $0.time == current.scan.finishedAt })
    }

    @Test func aCoveredDeviceRaisesThePlainAlertWhenOnlyThatKindIsOn() {
        let current = F.scan("s2", [F.device("192.0.2.12", covered: true)])
        let alerts = AlertDetector.alerts(previous: F.scan("s1", []), current: current, rules: AlertRules(enabled: [.newDevice]))
        #expect(alerts.map(\.kind) == [.newDevice])
    }

    @Test func newFindingsAtOrAboveTheChosenSeverity() {
        let previous = F.scan("s1", [F.device("192.0.2.10", findings: [F.finding("old-cve", .critical)])])
        let findings = [F.finding("old-cve", .critical), F.finding("new-high", .high), F.finding("new-medium", .medium)]
        let current = F.scan("s2", [F.device("192.0.2.10", findings: findings)])
        let byDefault = AlertDetector.alerts(previous: previous, current: current).filter { $0.kind == .newFinding }
        #expect(byDefault.map { $0.details["finding"] } == ["new-high"])
        #expect(byDefault.first?.severity == .high)
        let lower = AlertDetector.alerts(previous: previous, current: current, rules: AlertRules(minimumSeverity: .medium))
            .filter { $0.kind == .newFinding }
        #expect(Set(lower.compactMap { $0.details["finding"] }) == ["new-high", "new-medium"])
        let onlyCritical = AlertDetector.alerts(previous: previous, current: current, rules: AlertRules(minimumSeverity: .critical))
        #expect(onlyCritical.filter { $0.kind == .newFinding }.isEmpty)
    }

    @Test func findingsOfANewDeviceAreNewFindings() {
        let current = F.scan("s2", [F.device("192.0.2.20", findings: [F.finding("cve-x", .critical), F.finding("weak", .low)])])
        let alerts = AlertDetector.alerts(previous: F.scan("s1", []), current: current)
        #expect(alerts.filter { $0.kind == .newFinding }.map { $0.details["finding"] } == ["cve-x"])
        #expect(alerts.first?.kind == .newFinding, "worst first")
    }

    @Test func aFirmwareChangeButNotAFirmwareThatBecameUnreadable() {
        let previous = F.scan("s1", [F.device("192.0.2.10", firmware: "V5.4.5"), F.device("192.0.2.11", firmware: "V5.5.0")])
        let current = F.scan("s2", [F.device("192.0.2.10", firmware: "V5.7.3"), F.device("192.0.2.11", firmware: nil)])
        let changes = AlertDetector.alerts(previous: previous, current: current).filter { $0.kind == .firmwareChanged }
        #expect(changes.count == 1)
        #expect(changes.first?.address.description == "192.0.2.10")
        #expect(changes.first?.details == ["old": "V5.4.5", "new": "V5.7.3"])
    }

    @Test func devicesVanishOnlyWhenTheScanCompleted() {
        let previous = F.scan("s1", [F.device("192.0.2.10"), F.device("192.0.2.11")])
        for status in [ScanStatus.completed, .deadline, .interrupted, .cancelled, .abandoned, .running] {
            let current = F.scan("s2", status: status, [F.device("192.0.2.10")])
            let vanished = AlertDetector.alerts(previous: previous, current: current).filter { $0.kind == .deviceVanished }
            #expect(vanished.map(\.address.description) == (status == .completed ? ["192.0.2.11"] : []), "\(status)")
        }
    }

    @Test func aMovedDeviceIsNeitherNewNorVanished() {
        let previous = F.scan("s1", [F.device("192.0.2.10", mac: "00:11:22:33:44:55")])
        let current = F.scan("s2", [F.device("192.0.2.77", mac: "00:11:22:33:44:55")])
        let kinds = AlertDetector.alerts(previous: previous, current: current).map(\.kind)
        #expect(!kinds.contains(.newDevice) && !kinds.contains(.deviceVanished))
    }

    @Test func newPhoneHomeDestinationsAndCountries() {
        let before = F.phoneHome([F.destinationLine("api.hik-connect.example", "198.51.100.7", geo: "US, AS64500 Example, 198.51.100.0/24")]
        )
        let after = F.phoneHome([
            F.destinationLine("api.hik-connect.example", "198.51.100.9", geo: "US, AS64500 Example, 198.51.100.0/24"),
            F.destinationLine(nil, "203.0.113.5", geo: "CN, AS64501 Other"),
            F.destinationLine("relay.example.net", "203.0.113.6", geo: "CN"),
        ])
        let upload = F.phoneHome(
            ["4.2 MB in 31 s (1.1 Mbit/s) to " + F.destinationLine("cdn.example.org", "192.0.2.200", geo: nil)], id: "video-upload",
            severity: .high)
        let previous = F.scan("s1", [F.device("192.0.2.10", findings: [before])])
        let current = F.scan("s2", [F.device("192.0.2.10", findings: [after, upload])])
        let alerts = AlertDetector.alerts(previous: previous, current: current)
        let destinations = alerts.filter { $0.kind == .newPhoneHomeDestination }
        #expect(Set(destinations.compactMap { $0.details["destination"] }) == ["203.0.113.5", "relay.example.net", "cdn.example.org"])
        #expect(destinations.first { $0.details["destination"] == "cdn.example.org" }?.severity == .high)
        let countries = alerts.filter { $0.kind == .newPhoneHomeCountry }
        #expect(countries.map { $0.details["country"] } == ["CN"])
        #expect(countries.first?.details["destinations"] == "203.0.113.5,relay.example.net")
        #expect(countries.first?.severity == .medium)
    }

    @Test func phoneHomeEvidenceLinesAreReadBack() {
        let named = PhoneHomeEvidence(line: F.destinationLine("relay.example.net", "203.0.113.6", geo: "CN, AS64501 Other, 203.0.113.0/24"))
        #expect(named == PhoneHomeEvidence(destination: "relay.example.net", country: "CN"))
        let bare = PhoneHomeEvidence(line: F.destinationLine(nil, "203.0.113.6", geo: nil))
        #expect(bare == PhoneHomeEvidence(destination: "203.0.113.6", country: nil))
        let asOnly = PhoneHomeEvidence(line: F.destinationLine(nil, "203.0.113.6", geo: "AS64501 Other"))
        #expect(asOnly?.country == nil)
        #expect(PhoneHomeEvidence(line: "no destination here") == nil)
    }

    @Test func theKeyIsStableAcrossScans() {
        let previous = F.scan("s1", [])
        let first = AlertDetector.alerts(
            previous: previous, current: F.scan("s2", minute: 5, [F.device("192.0.2.10", findings: [F.finding("cve-x", .critical)])]))
        let second = AlertDetector.alerts(
            previous: previous, current: F.scan("s3", minute: 60, [F.device("192.0.2.10", findings: [F.finding("cve-x", .critical)])]))
        #expect(!first.isEmpty)
        #expect(first.map(\.key) == second.map(\.key))
        #expect(first.map(\.scanId) != second.map(\.scanId))
        #expect(first.allSatisfy { !$0.key.contains("s2") })
        #expect(Set(first.map(\.key)).count == first.count)
    }

    @Test func turnedOffKindsRaiseNothing() {
        let current = F.scan("s2", [F.device("192.0.2.10", findings: [F.finding("cve-x", .critical)])])
        #expect(AlertDetector.alerts(previous: nil, current: current, rules: AlertRules(enabled: [])).isEmpty)
        let onlyFindings = AlertDetector.alerts(previous: nil, current: current, rules: AlertRules(enabled: [.newFinding]))
        #expect(onlyFindings.map(\.kind) == [.newFinding])
    }

    @Test func anAlertSurvivesJSON() throws {
        let alert = try #require(AlertDetector.alerts(previous: nil, current: F.scan("s2", [F.device("192.0.2.10")])).first)
        let decoded = try ReportCoding.makeDecoder().decode(Alert.self, from: ReportCoding.makeEncoder(pretty: false).encode(alert))
        #expect(decoded == alert)
    }
}
