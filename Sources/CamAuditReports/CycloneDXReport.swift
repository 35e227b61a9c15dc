import CamAuditCore
import Foundation

/// Writes a scan as a CycloneDX hardware bill of materials: each device a `device` component, each finding
/// a CycloneDX vulnerability that affects it.
///
/// Choices, so consumers know what they get:
/// - Spec 1.6: the first version whose components have a `manufacturer` (1.5 has only `supplier`). The maker
///   goes in `manufacturer`; a relabelling brand goes in `supplier`.
/// - One vulnerability entry per device and finding, because the evidence and the fix are per device
///   (which firmware range matched, which account); entries for the same CVE share `id` and `source`,
///   so tools that group by id still see one CVE.
/// - Findings that are not CVEs (`default-credentials`, `open-rtsp-stream`, ...) are vulnerabilities too,
///   with source `camaudit` and a rating of method `other`, since a default password is as actionable as a CVE.
/// - CVSS comes from the finding's evidence line `CVSS v3 <score> <vector>`; the method is `CVSSv31` or
///   `CVSSv3` by the vector's prefix.
/// - Verdicts, risk and plan group are component properties in the `camaudit:` namespace.
public enum CycloneDXReport {
    public static let specVersion = "1.6"

    /// The BOM as pretty JSON with sorted keys; a new serial number each time unless one is given (CycloneDX
    /// asks for a fresh serial per generated BOM; tests pass a fixed one).
    public static func encode(_ report: ScanReport, serialNumber: UUID = UUID()) throws -> Data {
        let facts = ReportFacts(report)
        var components: [CycloneDXDocument.Component] = []
        var vulnerabilities: [CycloneDXDocument.Vulnerability] = []
        components.reserveCapacity(report.devices.count)
        var usedRefs = Set<String>()
        for device in report.devices {
            let ref = "device:\(device.address)"
            components.append(component(device, ref: ref, plan: facts.planByAddress[device.address]))
            for finding in device.findings {
                var vulnerabilityRef = "finding:\(device.address):\(finding.id)"
                var suffix = 2
                while usedRefs.contains(vulnerabilityRef) {
                    vulnerabilityRef = "finding:\(device.address):\(finding.id):\(suffix)"
                    suffix += 1
                }
                usedRefs.insert(vulnerabilityRef)
                vulnerabilities.append(vulnerability(finding, ref: vulnerabilityRef, affects: ref))
            }
        }
        let scan = report.scan
        var metadataProperties = [
            CycloneDXDocument.Property(name: "camaudit:scan:id", value: scan.id),
            .init(name: "camaudit:scan:status", value: scan.status.rawValue),
            .init(name: "camaudit:scan:targets", value: scan.targets.joined(separator: " ")),
        ]
        if let checks = scan.checks { metadataProperties.append(.init(name: "camaudit:checks:mode", value: checks.mode.rawValue)) }
        let document = CycloneDXDocument(
            specVersion: specVersion, serialNumber: "urn:uuid:\(serialNumber.uuidString.lowercased())",
            metadata: .init(
                timestamp: scan.finishedAt, tools: .init(components: [.init(name: scan.tool, version: scan.version)]),
                properties: metadataProperties),
            components: components, vulnerabilities: vulnerabilities)
        var data = try ReportCoding.makeEncoder(pretty: true).encode(document)
        data.append(0x0a)
        return data
    }

    static func component(_ device: DeviceReport, ref: String, plan: ReplacementPlan.Entry?) -> CycloneDXDocument.Component {
        var properties = [CycloneDXDocument.Property(name: "camaudit:address", value: device.address.description)]
        func add(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { properties.append(.init(name: "camaudit:\(name)", value: value)) }
        }
        add("hostname", device.hostname)
        add("serial", device.serial)
        add("mac", device.mac)
        add("deviceType", device.deviceType.rawValue)
        add("brand", device.brand)
        add("confidence", String(format: "%.3f", device.confidence))
        add("openPorts", ReportFacts.portsLine(device))
        for verdict in device.compliance ?? [] {
            add("compliance:\(verdict.ruleSet)", "\(verdict.status) (confidence \(String(format: "%.2f", verdict.confidence)))")
        }
        if let risk = device.risk {
            add("risk:score", String(risk.score))
            add("risk:level", risk.level.rawValue)
        }
        add("plan:group", plan?.group.rawValue)
        let brand = device.brand.flatMap { $0 == device.manufacturer ? nil : $0 }
        return CycloneDXDocument.Component(
            bomRef: ref, manufacturer: device.manufacturer.map { .init(name: $0) }, supplier: brand.map { .init(name: $0) },
            name: device.model ?? "unidentified \(device.deviceType.rawValue) at \(device.address)", version: device.firmware,
            description: [device.brand ?? device.manufacturer, device.model].compactMap { $0 }.joined(separator: " ").nilIfEmpty,
            properties: properties)
    }

    static func vulnerability(_ finding: Finding, ref: String, affects: String) -> CycloneDXDocument.Vulnerability {
        let isCVE = finding.id.hasPrefix("CVE-")
        let source =
            isCVE
            ? CycloneDXDocument.Source(name: "NVD", url: "https://nvd.nist.gov/vuln/detail/\(finding.id)")
            : CycloneDXDocument.Source(name: "camaudit", url: nil)
        var ratings: [CycloneDXDocument.Rating] = []
        if let cvss = cvss(finding) {
            ratings.append(.init(score: cvss.score, severity: severity(finding.severity), method: cvss.method, vector: cvss.vector))
        } else {
            ratings.append(.init(source: .init(name: "camaudit"), severity: severity(finding.severity), method: "other"))
        }
        return CycloneDXDocument.Vulnerability(
            bomRef: ref, id: finding.id, source: source, ratings: ratings, description: finding.title,
            detail: finding.evidence.isEmpty ? nil : finding.evidence.joined(separator: "\n"), recommendation: finding.remediation,
            affects: [.init(ref: affects)],
            properties: [
                .init(name: "camaudit:kind", value: finding.kind.rawValue),
                .init(name: "camaudit:decidedBy", value: finding.decidedBy.rawValue),
            ])
    }

    /// The CycloneDX rating severity: camaudit's word, except `info` (a note, not a rated flaw), which is `unknown`.
    static func severity(_ severity: Severity) -> String {
        severity == .info ? "unknown" : severity.rawValue
    }

    /// Reads `CVSS v3 9.8 CVSS:3.1/AV:N/...` from the evidence, as the vulnerability checks write it.
    static func cvss(_ finding: Finding) -> (score: Double, method: String, vector: String?)? {
        for line in finding.evidence where line.hasPrefix("CVSS v3 ") {
            let words = line.dropFirst("CVSS v3 ".count).split(separator: " ")
            guard let first = words.first, let score = Double(first), (0...10).contains(score) else { continue }
            let vector = words.dropFirst().first.map(String.init)
            let method = vector?.hasPrefix("CVSS:3.1/") == true ? "CVSSv31" : "CVSSv3"
            return (score, method, vector)
        }
        return nil
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
