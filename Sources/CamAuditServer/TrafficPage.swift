import CamAuditAlerts
import CamAuditCore
import CamAuditStore
import Foundation
import Hummingbird

/// The dashboard's traffic page: where the cameras of the newest scan with a capture joined
/// (`camaudit traffic --scan ID`) send data, by destination, country and the cloud it belongs to.
struct TrafficPage: Sendable {
    let store: ScanStore
    let dashboard: Dashboard

    func register(on router: Router<ServerContext>) {
        router.get("traffic") { request, _ in try dashboard.page(request) { caller in try render(caller) } }
    }

    func render(_ caller: Caller) throws -> Response {
        var values = dashboard.common(caller, title: "Traffic")
        let scans = try store.scans(limit: 200)
        var report: ScanReport?
        for scan in scans {
            let candidate = try store.report(id: scan.id)
            if !(candidate.scan.trafficCaptures ?? []).isEmpty {
                report = candidate
                break
            }
        }
        guard let report else { return dashboard.html("traffic", values) }
        var rows: [[String: Any]] = []
        var countries: [String: (destinations: Set<String>, devices: Set<String>)] = [:]
        for device in report.devices {
            for finding in device.findings where finding.kind == .phoneHome {
                for line in finding.evidence {
                    guard let evidence = PhoneHomeEvidence(line: line) else { continue }
                    let country = evidence.country ?? "unknown"
                    rows.append([
                        "address": device.address.description, "maker": device.manufacturer ?? "", "cloud": finding.title,
                        "destination": evidence.destination, "country": country, "severity": finding.severity.rawValue,
                    ])
                    countries[country, default: ([], [])].destinations.insert(evidence.destination)
                    countries[country, default: ([], [])].devices.insert(device.address.description)
                }
            }
        }
        values["scan"] = ["id": report.scan.id, "captures": (report.scan.trafficCaptures ?? []).joined(separator: "; ")]
        values["rows"] = rows
        values["countries"] = countries.sorted { $0.value.destinations.count > $1.value.destinations.count }.map {
            ["country": $0.key, "destinations": $0.value.destinations.count, "devices": $0.value.devices.count] as [String: Any]
        }
        return dashboard.html("traffic", values)
    }
}
