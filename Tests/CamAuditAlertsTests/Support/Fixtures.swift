import CamAuditAlerts
import CamAuditCore
import Foundation

/// Hand-built scan reports for the detection tests.
enum Fixtures {
    static func scan(_ id: String, status: ScanStatus = .completed, minute: Int = 0, _ devices: [DeviceReport]) -> ScanReport {
        let started = Date(timeIntervalSince1970: 1_796_000_000 + Double(minute) * 60)
        return ScanReport(
            scan: ScanMetadata(
                id: id, version: "test", startedAt: started, finishedAt: started.addingTimeInterval(30), targets: ["192.0.2.0/24"],
                exclusions: [], ports: [80], addressesScanned: 256, probesSent: 512, status: status),
            devices: devices)
    }

    static func device(
        _ address: String, maker: String? = "Hikvision", model: String? = "DS-2CD2042WD", firmware: String? = "V5.4.5",
        mac: String? = nil, findings: [Finding] = [], covered: Bool = false
    ) -> DeviceReport {
        var device = DeviceReport(
            address: IPAddress(address)!, ports: [PortService(port: 80, service: "http")],
            identity: Identity(manufacturer: maker, model: model, firmware: firmware, mac: mac, deviceType: .camera, confidence: 0.9),
            findings: findings)
        device.compliance = [
            ComplianceVerdict(
                ruleSet: "fcc-covered-list", status: covered ? .covered : .notCovered, confidence: 0.9, basis: [], rule: "FCC Covered List",
                maker: maker.map { ComplianceVerdict.Maker(name: $0, evidence: "firmware", seenIn: ["ISAPI"]) },
                listing: ComplianceVerdict.Listing(
                    title: "FCC Covered List", url: "https://www.fcc.gov/supplychain/coveredlist", asOf: "2026-08-01",
                    entity: covered ? maker : nil))
        ]
        return device
    }

    static func finding(_ id: String, _ severity: Severity, kind: FindingKind = .vulnerability, evidence: [String] = []) -> Finding {
        Finding(id: id, title: "Title of \(id)", severity: severity, kind: kind, decidedBy: .version, evidence: evidence, remediation: nil)
    }

    /// A `phone-home` finding whose evidence lines are in the form `camaudit traffic --scan` writes.
    static func phoneHome(_ lines: [String], id: String = "phone-home-cloud", severity: Severity = .low) -> Finding {
        Finding(
            id: id, title: "Talks to the vendor's cloud", severity: severity, kind: .phoneHome, decidedBy: .trafficCapture("lan.pcapng"),
            evidence: lines, remediation: nil)
    }

    static func destinationLine(_ name: String?, _ address: String, geo: String?) -> String {
        let who = name.map { "\($0) (\(address))" } ?? address
        return "tcp/443 \(who) Hik-Connect, Hikvision\(geo.map { " [\($0)]" } ?? ""): up 12 kB, down 3 kB, "
            + "2026-11-20T10:00:01Z to 2026-11-20T10:04:55Z"
    }
}
