import ArgumentParser
import CamAuditCatalog
import CamAuditCore
import CamAuditReports
import CamAuditVerdicts
import Foundation

/// `camaudit-bench report`: renders a synthetic scan of many devices in every report format and prints the time
/// and peak memory of each. Each format runs in its own child process so its peak resident size is its own.
struct BenchReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Time every report format on a synthetic scan of many devices (no network).")

    @Option(help: "Devices in the synthetic scan.")
    var devices: Int = 10_000

    @Option(
        help: ArgumentHelp(
            "Render only this format in this process and print one result line (used by the benchmark's child processes).",
            valueName: "FORMAT"))
    var only: String?

    func validate() throws {
        guard (1...64_000).contains(devices) else { throw ValidationError("--devices must be between 1 and 64000.") }
        if let only, only != "none", ReportFormat(rawValue: only) == nil {
            throw ValidationError("--only must be none or one of: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() throws {
        if let only {
            try renderOne(only)
            return
        }
        #if canImport(Glibc)
            print(
                "Report rendering, \(devices) synthetic devices; each format in its own process (peak RSS includes building the scan: see 'none')."
            )
            print("FORMAT      SECONDS   OUTPUT       PEAK RSS")
            for format in ["none"] + ReportFormat.allCases.map(\.rawValue) {
                let child = try BenchChildProcess.run(
                    BenchChildProcess.currentExecutable, ["report", "--devices", String(devices), "--only", format])
                guard child.exitStatus == 0, let line = child.standardOutput.split(separator: "\n").last else {
                    print("\(format): failed (exit \(child.exitStatus)): \(child.standardError)")
                    continue
                }
                let fields = line.split(separator: " ")
                let seconds = fields.count > 1 ? String(fields[1]) : "?"
                let bytes = fields.count > 2 ? Int(fields[2]) ?? 0 : 0
                print(
                    format.padding(toLength: 10, withPad: " ", startingAt: 0) + "  "
                        + seconds.padding(toLength: 8, withPad: " ", startingAt: 0) + "  "
                        + String(format: "%7.1f MB", Double(bytes) / 1_048_576) + "  "
                        + String(format: "%7.1f MB", Double(child.peakResidentBytes) / 1_048_576))
            }
        #else
            for format in ReportFormat.allCases { try renderOne(format.rawValue) }
        #endif
    }

    /// Builds the scan, renders it once in `format` (nothing for `none`), prints `format seconds bytes`.
    private func renderOne(_ format: String) throws {
        let report = Self.syntheticReport(devices: devices)
        let started = Date()
        var bytes = 0
        if let reportFormat = ReportFormat(rawValue: format) {
            bytes = try reportFormat.render(report).count
        }
        print("\(format) \(String(format: "%.3f", Date().timeIntervalSince(started))) \(bytes)")
    }

    /// A scan shaped like a large site: mixed makers and OEM brands, CVE and credential findings with
    /// evidence, verdicts, risk scores and a plan. Addresses are loopback and nothing is sent anywhere.
    /// Risk and plan come from `RiskScorer` and `ReplacementPlanner`, so the points are `RiskWeights`'.
    static func syntheticReport(devices count: Int) -> ScanReport {
        let makers: [(maker: String, brand: String?, model: String, firmware: String, covered: Bool)] = [
            ("Hikvision", nil, "DS-2CD2385G1-I", "V5.5.800 build 210628", true),
            ("Hikvision", "LTS", "CMIP7422W-28M", "V5.4.5 build 170124", true),
            ("Dahua", nil, "IPC-HFW2228M-I1-V2", "V2.800.0000000.5.R", true),
            ("Dahua", "Lorex", "LNB4321", "V2.622.0000000.30.R", true),
            ("Axis", nil, "P3245-LVE", "10.12.153", false),
            ("Hanwha", nil, "XNO-6080R", "2.10.01", false),
            ("Uniview", nil, "IPC322LB-SF28-A", "IPC_G6103-B0005P03D1805", false),
        ]
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var deviceReports: [DeviceReport] = []
        let vulnerabilities = VulnerabilityCatalog(vulnerabilities: [])
        let scorer = RiskScorer(vulnerabilities: vulnerabilities)
        deviceReports.reserveCapacity(count)
        for index in 0..<count {
            let kind = makers[index % makers.count]
            let address = IPAddress("127.100.\(index / 250 % 256).\(index % 250 + 1)") ?? .v4(0x7f64_0001)
            let identity = Identity(
                manufacturer: kind.maker, brand: kind.brand, model: kind.model, firmware: kind.firmware, serial: "SN\(100_000 + index)",
                mac: String(format: "44:19:b6:%02x:%02x:%02x", (index >> 16) & 0xff, (index >> 8) & 0xff, index & 0xff),
                deviceType: .camera, confidence: 0.95,
                evidence: [
                    Evidence(
                        fingerprint: "\(kind.maker.lowercased()).http.title", field: .httpTitle,
                        value: "\(kind.brand ?? kind.maker) Web Viewer, \"quoted\" <b>",
                        port: 80, probe: "GET /", claims: ["manufacturer": kind.maker], weight: 0.9)
                ])
            var findings: [Finding] = []
            if index % 3 == 0 {
                findings.append(
                    Finding(
                        id: "CVE-2021-36260", title: "Command injection in the web server", severity: .critical, kind: .vulnerability,
                        decidedBy: .version,
                        evidence: [
                            "passive: firmware \(kind.firmware) is in the affected range",
                            "CVSS v3 9.8 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CISA KEV: listed since 2022-01-10",
                        ],
                        remediation: "Update to the vendor's fixed firmware build."))
            }
            if index % 5 == 0 {
                findings.append(
                    Finding(
                        id: "default-credentials", title: "Default password accepted", severity: .critical, kind: .credential,
                        decidedBy: .login,
                        evidence: ["login accepted as admin:***** via HTTP digest", "password redacted; --reveal-secrets prints it"],
                        remediation: "Change the admin password to a long, unique one."))
            }
            if index % 4 == 1 {
                findings.append(
                    Finding(
                        id: "open-rtsp-stream", title: "Video stream readable without a password", severity: .high, kind: .stream,
                        decidedBy: .safeProbe,
                        evidence: ["DESCRIBE rtsp://\(address)/Streaming/Channels/101 answered 200 with H.264 SDP"],
                        remediation: "Require authentication on RTSP."))
            }
            var device = DeviceReport(
                address: address, hostname: "cam-\(index).site\(index / 250).example",
                ports: [
                    PortService(port: 80, service: "http", detail: "App-webs/"), PortService(port: 554, service: "rtsp"),
                ], identity: identity, findings: findings)
            let status: ComplianceStatus = kind.covered ? .covered : .notCovered
            device.compliance = ["ndaa-889", "fcc-covered-list"].map { rule in
                let title = rule == "ndaa-889" ? "NDAA FY2019 section 889" : "FCC Covered List"
                return ComplianceVerdict(
                    ruleSet: rule, status: status, confidence: 0.9,
                    basis: [
                        "maker \(kind.maker)" + (kind.brand.map { " sold as \($0)" } ?? "") + ", from the HTTP title and the ISAPI answer"
                    ],
                    rule: title, maker: .init(name: kind.maker, evidence: "web or stream banner", seenIn: ["HTTP"]),
                    listing: .init(
                        title: title, url: "https://example.org/\(rule)", asOf: "2026-11-21",
                        entity: kind.covered ? kind.maker : nil, since: kind.covered ? "2021-03-12" : nil))
            }
            device.risk = scorer.score(device, compliance: device.compliance ?? [])
            deviceReports.append(device)
        }
        let plan = ReplacementPlanner(vulnerabilities: vulnerabilities).plan(for: deviceReports)
        let metadata = ScanMetadata(
            id: "bench-report", version: CamAuditVersion.current, startedAt: start, finishedAt: start.addingTimeInterval(60),
            targets: ["127.100.0.0/16"],
            exclusions: [], ports: [80, 554], addressesScanned: UInt64(count), probesSent: UInt64(count * 4), status: .completed)
        return ScanReport(scan: metadata, devices: deviceReports, plan: plan)
    }
}
