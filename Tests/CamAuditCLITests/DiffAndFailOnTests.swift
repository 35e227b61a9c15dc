import CamAuditCore
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Testing

/// `camaudit diff`, `--fail-on` and `--fail-on-new` through the built binary, on scans saved in a throwaway database.
@Suite("Diff and --fail-on")
struct DiffAndFailOnTests {
    static let failExit: Int32 = 2

    /// A temporary scan database holding hand-built reports.
    struct Database {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-diff-\(UUID().uuidString)")
        var path: String { directory.appendingPathComponent("scans.sqlite").path }

        init(_ reports: [ScanReport]) throws {
            let store = try ScanStore(path: path)
            for report in reports { try store.save(report) }
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static func finding(_ id: String, _ severity: Severity) -> Finding {
        Finding(
            id: id, title: "title of \(id)", severity: severity, kind: .vulnerability, decidedBy: .version, evidence: [], remediation: nil)
    }

    static func report(
        _ id: String, day: Int, _ devices: [(address: String, serial: String?, firmware: String?, findings: [Finding], covered: Bool?)]
    ) -> ScanReport {
        let start = Date(timeIntervalSince1970: 1_795_000_000 + Double(day) * 86_400)
        return ScanReport(
            scan: ScanMetadata(
                id: id, version: "0.1.0", startedAt: start, finishedAt: start.addingTimeInterval(20), targets: ["127.0.0.0/24"],
                exclusions: [], ports: [80], addressesScanned: 256, probesSent: 256, status: .completed),
            devices: devices.map { item in
                var device = DeviceReport(
                    address: IPAddress(item.address)!, ports: [PortService(port: 80, service: "http")],
                    identity: Identity(
                        manufacturer: "Hikvision", model: "DS-2CD2042WD-I", firmware: item.firmware, serial: item.serial,
                        deviceType: .camera),
                    findings: item.findings)
                device.compliance = item.covered.map {
                    [
                        ComplianceVerdict(
                            ruleSet: "ndaa-889", status: $0 ? .covered : .notCovered, confidence: 1, basis: [], rule: "NDAA 889")
                    ]
                }
                return device
            })
    }

    static let before = report(
        "20261001T000000-aaaaaa", day: 0,
        [
            ("127.0.0.2", "SERIAL-A", "V5.4.0", [finding("CVE-2017-7921", .critical)], nil),
            ("127.0.0.3", "SERIAL-B", "V5.5.0", [finding("telnet-open", .high)], nil),
            ("127.0.0.4", nil, nil, [], nil),
        ])
    static let after = report(
        "20261008T000000-bbbbbb", day: 7,
        [
            ("127.0.0.2", "SERIAL-A", "V5.5.800", [finding("default-credentials", .critical)], nil),
            ("127.0.0.33", "SERIAL-B", "V5.5.0", [finding("telnet-open", .high)], nil),
            ("127.0.0.5", nil, nil, [finding("ssh-open", .medium)], nil),
        ])

    @Test func diffJSONFollowsItsSchemaAndSaysWhatChanged() throws {
        let db = try Database([Self.before, Self.after])
        defer { db.remove() }
        let outcome = try CommandLineTests.run(["diff", "20261001", "20261008T", "--db", db.path, "--format", "json"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let schema = RepositoryFiles.root.appendingPathComponent("schema/scan-diff.schema.json")
        let complaint = try SchemaValidator.validate(Data(outcome.stdout.utf8), schema: schema)
        #expect(complaint == nil, "\(complaint ?? "")")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect((json["older"] as? [String: Any])?["id"] as? String == "20261001T000000-aaaaaa")
        #expect((json["newDevices"] as? [[String: Any]])?.map { $0["address"] as? String } == ["127.0.0.5"])
        #expect((json["vanishedDevices"] as? [[String: Any]])?.map { $0["address"] as? String } == ["127.0.0.4"])
        let changed = try #require(json["changedDevices"] as? [[String: Any]])
        #expect(changed.map { $0["address"] as? String } == ["127.0.0.2", "127.0.0.33"])
        #expect((changed[0]["firmwareChange"] as? [String: Any])?["new"] as? String == "V5.5.800")
        #expect((changed[0]["newFindings"] as? [[String: Any]])?.map { $0["id"] as? String } == ["default-credentials"])
        #expect((changed[0]["fixedFindings"] as? [[String: Any]])?.map { $0["id"] as? String } == ["CVE-2017-7921"])
        #expect(changed[1]["matchedBy"] as? String == "serial")
        #expect(changed[1]["previousAddress"] as? String == "127.0.0.3")

        let table = try CommandLineTests.run(["diff", "20261001", "20261008", "--db", db.path])
        #expect(table.status == 0)
        #expect(table.stdout.contains("(was 127.0.0.3; same serial SERIAL-B)"))
        #expect(table.stdout.contains("firmware: V5.4.0 -> V5.5.800"))

        let file = db.directory.appendingPathComponent("diff.json")
        let written = try CommandLineTests.run(["diff", "20261001", "20261008", "--db", db.path, "--format", "json", "-o", file.path])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == outcome.stdout)
    }

    @Test func failOnNewTripsOnlyOnNewFindingsAtTheLevel() throws {
        let db = try Database([Self.before, Self.after])
        defer { db.remove() }
        // default-credentials (critical) is new in the later scan.
        let forward = try CommandLineTests.run(["diff", "20261001", "20261008", "--db", db.path, "--fail-on-new", "critical"])
        #expect(forward.status == Self.failExit)
        #expect(forward.stderr.contains("--fail-on-new critical"))
        #expect(forward.stdout.contains("Changed devices:"), "the diff is still written")
        // Read backwards, CVE-2017-7921 is the new critical; nothing new reaches critical from the ssh-open side.
        let backward = try CommandLineTests.run(["diff", "20261008", "20261001", "--db", db.path, "--fail-on-new", "critical"])
        #expect(backward.status == Self.failExit)
        let same = try CommandLineTests.run(["diff", "20261008", "20261008", "--db", db.path, "--fail-on-new", "low"])
        #expect(same.status == 0, "stderr: \(same.stderr)")
        #expect(same.stdout.contains("No differences"))
    }

    @Test func diffOfUnknownOrAmbiguousScansSaysWhatToDo() throws {
        let db = try Database([Self.before, Self.after])
        defer { db.remove() }
        let unknown = try CommandLineTests.run(["diff", "1999", "20261008", "--db", db.path])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("No saved scan has the id '1999'"))
        let ambiguous = try CommandLineTests.run(["diff", "2026", "20261008", "--db", db.path])
        #expect(ambiguous.status == 64)
        #expect(ambiguous.stderr.contains("More than one saved scan starts with '2026'"))
    }

    @Test(arguments: [
        ("critical", "critical-scan", true), ("critical", "high-scan", false), ("high", "critical-scan", true), ("high", "high-scan", true),
        ("high", "medium-scan", false), ("medium", "medium-scan", true), ("covered", "covered-scan", true),
        ("covered", "uncovered-scan", false),
        ("covered", "critical-scan", false),
    ])
    func failOnExitsTwoExactlyWhenALevelIsMet(level: String, scan: String, fails: Bool) throws {
        let reports = [
            Self.report("critical-scan", day: 0, [("127.0.0.2", nil, nil, [Self.finding("CVE-2021-36260", .critical)], nil)]),
            Self.report(
                "high-scan", day: 1, [("127.0.0.2", nil, nil, [Self.finding("telnet-open", .high), Self.finding("x", .unknown)], false)]),
            Self.report("medium-scan", day: 2, [("127.0.0.2", nil, nil, [Self.finding("ssh-open", .medium)], nil)]),
            Self.report("covered-scan", day: 3, [("127.0.0.2", nil, nil, [], true), ("127.0.0.3", nil, nil, [], false)]),
            Self.report("uncovered-scan", day: 4, [("127.0.0.2", nil, nil, [], false)]),
        ]
        let db = try Database(reports)
        defer { db.remove() }
        let outcome = try CommandLineTests.run(["report", scan, "--db", db.path, "--format", "json", "--fail-on", level])
        #expect(outcome.status == (fails ? Self.failExit : 0), "stderr: \(outcome.stderr)")
        #expect(!outcome.stdout.isEmpty, "the report is written before the exit status")
        #expect(outcome.stderr.contains("--fail-on \(level): 1 device(s)") == fails)
        if fails { #expect(outcome.stderr.contains("127.0.0.2")) }
    }

    /// The demo lab audited end to end: default passwords are found (so --fail-on critical trips on the
    /// scan path) and no format shows them unless --reveal-secrets.
    @Test func foundPasswordsAppearInNoFormatUnlessRevealed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-secrets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("scans.sqlite").path
        // The first 11 lab profiles include cred-dahua-default, cred-lts-default and cred-uniview-default.
        let base = LabAddresses.base(190)
        let hidden = try CommandLineTests.run([
            "demo", "--devices", "11", "--base", base, "--db", db, "--format", "json", "--fail-on", "critical",
        ])
        #expect(hidden.status == Self.failExit, "stderr: \(hidden.stderr)")
        let revealed = try CommandLineTests.run([
            "demo", "--devices", "11", "--base", LabAddresses.base(191), "--db", db, "--format", "json", "--reveal-secrets",
        ])
        #expect(revealed.status == 0, "stderr: \(revealed.stderr)")

        let secrets = try Self.labSecretsFound(in: revealed.stdout)
        #expect(secrets.count >= 3, "the revealed run shows the default passwords it found: \(secrets)")
        let hiddenID = try #require(Self.scanID(hidden.stdout))
        let formats = try Self.reportFormats()
        #expect(formats.contains("json") && formats.contains("table"))
        for format in formats {
            let rendered = try CommandLineTests.run(["report", hiddenID, "--db", db, "--format", format])
            #expect(rendered.status == 0, "\(format): \(rendered.stderr)")
            #expect(rendered.stdout.count > 100, "\(format) wrote a report")
            for secret in secrets {
                #expect(!rendered.stdout.contains(secret), "\(format) shows \(secret) without --reveal-secrets")
            }
        }
        #expect(hidden.stdout.contains("admin:*****"))
    }

    /// The `user:password` pairs of the lab profiles that appear in a report.
    static func labSecretsFound(in report: String) throws -> [String] {
        let profiles = RepositoryFiles.root.appendingPathComponent("Sources/CamAuditLab/Profiles")
        var found: [String] = []
        for file in try FileManager.default.contentsOfDirectory(at: profiles, includingPropertiesForKeys: nil)
        where file.pathExtension == "json" {
            let profile = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
            guard let credentials = profile?["credentials"] as? [String: Any], let user = credentials["user"] as? String,
                let password = credentials["password"] as? String, !password.isEmpty
            else { continue }
            let pair = "\(user):\(password)"
            if report.contains(pair), !found.contains(pair) { found.append(pair) }
        }
        return found
    }

    static func scanID(_ report: String) -> String? {
        let json = try? JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any]
        return (json?["scan"] as? [String: Any])?["id"] as? String
    }

    /// Every format `camaudit report` offers, read from its help, so formats added later are covered too.
    static func reportFormats() throws -> [String] {
        let help = try CommandLineTests.run(["report", "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
        guard let start = help.range(of: "(values: ")?.upperBound, let end = help[start...].range(of: ";")?.lowerBound else { return [] }
        return help[start..<end].split(separator: ",").map { $0.split(separator: " ").joined() }
    }
}
