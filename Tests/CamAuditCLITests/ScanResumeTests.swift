import CamAuditCore
import CamAuditLab
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Testing

/// Scans written as they run: `kill -9` at any moment loses at most the hosts in flight, and
/// `camaudit scan --resume ID` finishes the scan as if it had never stopped.
@Suite("Resumable scans", .serialized)
struct ScanResumeTests {
    /// A scan of the whole lab through the built binary; few hosts probed at a time so that a scan lasts long
    /// enough (about 25 s with four) to be killed at many points.
    static func scanArguments(_ lab: LabSessionInfo, database: String, hostConcurrency: Int = 4) -> [String] {
        [
            "scan", lab.network, "--ports", lab.ports, "--timeout-ms", "1000", "--host-concurrency", String(hostConcurrency), "--format",
            "json",
            "--db", database,
        ]
    }

    struct LabSessionInfo {
        var network: String
        var ports: String
    }

    /// What the resumed scan must agree on, per device: its identity and its finding ids.
    struct DeviceSummary: Hashable, CustomStringConvertible {
        var identity: [String?]
        var findings: [String]
        var description: String { identity.map { $0 ?? "-" }.joined(separator: "|") + " " + findings.joined(separator: ",") }
    }

    static func summary(_ devices: [DeviceReport]) -> [String: DeviceSummary] {
        Dictionary(
            uniqueKeysWithValues: devices.map { device in
                let identity = [device.manufacturer, device.brand, device.model, device.firmware, device.deviceType.rawValue]
                return (device.address.description, DeviceSummary(identity: identity, findings: device.findings.map(\.id).sorted()))
            })
    }

    /// The same summaries keyed by the lab profile at each address, to compare two labs.
    static func byProfile(_ summaries: [String: DeviceSummary], lab: Lab) -> [String: DeviceSummary] {
        Dictionary(
            uniqueKeysWithValues: lab.devices.compactMap { device in
                summaries[device.address.description].map { (device.profile, $0) }
            })
    }

    static func decode(_ data: Data) throws -> ScanReport {
        try ReportCoding.makeDecoder().decode(ScanReport.self, from: data)
    }

    @Test("SIGKILL at 20 random points, resumed after each: nothing done is lost or doubled, and the end equals an uninterrupted scan")
    func killedTwentyTimesAndResumed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = CommandLineTests.binary("camaudit").path
        // The uninterrupted scan runs on a lab of its own: the killed scans must not find its failed logins
        // on the devices' counters (those are the next test's case), only their own.
        let expected = try await LabSession.with { lab in
            let info = LabSessionInfo(network: lab.network, ports: lab.ports.description)
            let referenceDB = folder.appendingPathComponent("reference.sqlite").path
            let reference = try ChildProcess.run(
                binary, Self.scanArguments(info, database: referenceDB), timeout: LabSession.scaled(.seconds(300)))
            try #require(reference.status == 0, "uninterrupted scan: \(reference.stderr.suffix(500))")
            let expected = Self.byProfile(Self.summary(try Self.decode(reference.stdoutData).devices), lab: lab)
            #expect(expected.count == lab.devices.count)
            return expected
        }
        try await LabSession.with { lab in
            let info = LabSessionInfo(network: lab.network, ports: lab.ports.description)

            let database = folder.appendingPathComponent("killed.sqlite").path
            var random = SystemRandomNumberGenerator()
            var scanID: String?
            // The hosts the database held after each kill, with what it said of them.
            var keptAfterKills: [[String: DeviceSummary]] = []
            var kills = 0
            var attempts = 0
            // 20 kills that hit the scan (its row exists); a kill before the row was written (the process was
            // still starting) is checked too but not counted.
            while kills < 20 && attempts < 60 {
                attempts += 1
                let arguments =
                    scanID.map { ["scan", "--resume", $0, "--db", database, "--format", "json"] }
                    ?? Self.scanArguments(info, database: database)
                // Points before the first host is done (start, sweep) as well as late ones.
                // (Stretched under a sanitizer, whose build takes seconds to write the scan's row.)
                let delay = Int(Double(Int.random(in: 300...2_500, using: &random)) * LabSession.timeScale)
                do {
                    let finished = try ChildProcess.run(binary, arguments, timeout: .milliseconds(delay))
                    Issue.record(
                        "the scan finished within \(delay) ms before it could be killed (\(finished.status)); kills so far: \(kills)")
                    return
                } catch is ChildProcess.TimedOut {}
                let store = try ScanStore(path: database)
                #expect(try store.integrityCheck() == ["ok"], "after kill \(attempts) at \(delay) ms")
                let scans = try store.scans()
                #expect(scans.count <= 1, "a resume continues the same scan; it never starts another")
                guard let scan = scans.first else { continue }
                kills += 1
                #expect(scan.status == .abandoned, "a killed scan reads as abandoned, not \(scan.status)")
                scanID = scan.id
                let hosts = try store.hosts(of: scan.id)
                #expect(Set(hosts.map(\.device.address)).count == hosts.count)
                #expect(scan.deviceCount == hosts.count, "the scan row counts the hosts kept")
                keptAfterKills.append(Self.summary(hosts.map(\.device)))
            }
            #expect(kills == 20, "kills that hit the scan, in \(attempts) attempts")
            let id = try #require(scanID, "no kill happened after the scan's row was written")
            // The abandoned scan as `report` shows it: the hosts kept, with their verdicts.
            let shown = try CommandLineTests.run(["report", id, "--db", database, "--format", "json"])
            #expect(shown.status == 0, "\(shown.stderr)")
            let abandoned = try Self.decode(shown.stdoutData)
            #expect(abandoned.scan.status == .abandoned)
            #expect(abandoned.devices.count == keptAfterKills.last?.count)
            #expect(abandoned.devices.allSatisfy { $0.compliance != nil })
            #expect(abandoned.scan.notes.last?.contains("camaudit scan --resume \(id)") == true)

            let last = try ChildProcess.run(
                binary, ["scan", "--resume", id, "--db", database, "--format", "json"], timeout: .seconds(300))
            try #require(last.status == 0, "final resume: \(last.stderr.suffix(500))")
            let final = try Self.decode(last.stdoutData)
            #expect(final.scan.id == id)
            #expect(final.scan.status == .completed)
            let addresses = final.devices.map(\.address.description)
            #expect(Set(addresses).count == addresses.count, "every host once")
            let got = Self.byProfile(Self.summary(final.devices), lab: lab)
            // Logins sent by killed runs count in each host's lockout budget, so no account locks however
            // often the scan is killed; a host whose budget they used up may end without the password found.
            let locked = lab.devices.compactMap { device in
                lab.activity(at: device.address).flatMap { $0.lockouts > 0 ? "\(device.profile) \(device.address): \($0)" : nil }
            }
            #expect(locked.isEmpty, "killed and resumed scans locked devices: \(locked)")
            #expect(Set(got.keys) == Set(expected.keys))
            var shortOfBudget: [String] = []
            for (profile, want) in expected where got[profile] != want {
                let address = lab.devices.first { $0.profile == profile }?.address.description
                let device = final.devices.first { $0.address.description == address }
                let notes = device?.notes ?? []
                let spentEarlier = notes.contains { $0.contains("stopped after") && $0.contains("earlier in this scan") }
                let fewer =
                    got[profile].map { have in
                        Set(have.findings).isSubset(of: Set(want.findings))
                            && zip(have.identity, want.identity).allSatisfy { $0 == nil || $0 == $1 }
                    } ?? false
                #expect(
                    spentEarlier && fewer,
                    "\(profile): \(got[profile]?.description ?? "missing") instead of \(want); notes \(notes)")
                shortOfBudget.append(profile)
            }
            // Each such host needs kills to land during its logins, more than once: rare.
            #expect(shortOfBudget.count <= 2, "hosts short of budget after kills: \(shortOfBudget)")
            let finalByAddress = Self.summary(final.devices)
            for (index, kept) in keptAfterKills.enumerated() {
                for (address, saved) in kept {
                    // Kept hosts are not probed again: the router check at the end may only add findings.
                    #expect(finalByAddress[address]?.identity == saved.identity, "host \(address) kept at kill \(index + 1)")
                }
            }
            let store = try ScanStore(path: database)
            #expect(try store.integrityCheck() == ["ok"])
            #expect(try store.hosts(of: id).isEmpty, "a completed scan drops its per-host rows")
            #expect(try store.scans().first?.status == .completed)
        }
    }

    @Test("SIGTERM stops a scan: the hosts done are saved and written, the exit status is 143, and --resume finishes it")
    func sigtermInterruptsAndResumeFinishes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = CommandLineTests.binary("camaudit").path
        let database = folder.appendingPathComponent("scans.sqlite").path
        try await LabSession.with { lab in
            let info = LabSessionInfo(network: lab.network, ports: lab.ports.description)
            // SIGTERM once two hosts are saved (a fixed delay was too early on a loaded machine).
            let output = folder.appendingPathComponent("stdout"), errors = folder.appendingPathComponent("stderr")
            for file in [output, errors] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = Self.scanArguments(info, database: database, hostConcurrency: 8)
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
            var saved = 0
            for _ in 0..<600 where saved < 2 && process.isRunning {
                try await Task.sleep(for: .milliseconds(100))
                // Opened only once the scan has made and written its database (its write-ahead log exists):
                // opening it first raced the scan's own start.
                guard FileManager.default.fileExists(atPath: database + "-wal") else { continue }
                saved = (try? ScanStore(path: database).scans().first?.deviceCount) ?? 0
            }
            try #require(
                process.isRunning,
                "the scan ended before two hosts were saved: \(String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self).suffix(800))"
            )
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            let stopped = ChildProcess.Outcome(
                status: process.terminationStatus, stdoutData: try Data(contentsOf: output), stderrData: try Data(contentsOf: errors))
            #expect(stopped.status == 143, "128 + SIGTERM; stderr: \(stopped.stderr.suffix(400))")
            let partial = try Self.decode(stopped.stdoutData)
            #expect(partial.scan.status == .interrupted)
            #expect(!partial.devices.isEmpty && partial.devices.count < lab.devices.count)
            #expect(stopped.stderr.contains("Interrupted by SIGTERM after \(partial.devices.count) hosts were done"))
            #expect(stopped.stderr.contains("`camaudit scan --resume \(partial.scan.id) --db \(database)`"))
            #expect(partial.scan.notes.contains { $0.contains("camaudit scan --resume \(partial.scan.id)") })

            let listed = try CommandLineTests.run(["scans", "--db", database])
            #expect(listed.stdout.contains("interrupted"))
            #expect(listed.stdout.contains("`camaudit scan --resume \(partial.scan.id)`"))

            let report = folder.appendingPathComponent("report.json").path
            let resumed = try ChildProcess.run(
                binary, ["scan", "--resume", String(partial.scan.id.prefix(18)), "--db", database, "--format", "json", "-o", report],
                timeout: .seconds(300))
            #expect(resumed.status == 0, "\(resumed.stderr.suffix(400))")
            #expect(resumed.stderr.contains("Resuming scan \(partial.scan.id): \(partial.devices.count) hosts already done"))
            let final = try Self.decode(try Data(contentsOf: URL(fileURLWithPath: report)))
            #expect(final.scan.id == partial.scan.id)
            #expect(final.scan.status == .completed)
            #expect(final.devices.count == lab.devices.count)
            #expect(final.scan.notes.contains("resumed with \(partial.devices.count) hosts already done"))
            for device in partial.devices {
                #expect(final.devices.filter { $0.address == device.address }.count == 1)
            }
        }
    }

    @Test("--resume refuses other scan options, a finished scan and an unknown id, before anything is sent")
    func resumeRefusals() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("scans.sqlite").path

        let withPorts = try CommandLineTests.run(["scan", "--resume", "20261207T161036", "--ports", "80", "--db", database])
        #expect(withPorts.status == 64)
        #expect(withPorts.stderr.contains("give only --db, -o, --format, --cameras-only or --fail-on with it (not --ports 80)"))
        let withTarget = try CommandLineTests.run(["scan", "--resume", "20261207T161036", "127.0.0.1", "--db", database])
        #expect(withTarget.status == 64)
        #expect(withTarget.stderr.contains("(not 127.0.0.1)"))

        let unknown = try CommandLineTests.run(["scan", "--resume", "20261207T161036", "--db", database])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("No saved scan has the id '20261207T161036'"))

        // A scan that ends (nothing listens on this port) cannot be resumed.
        let block = TestAddresses.block(forDevices: 1)
        let done = try CommandLineTests.run(["scan", block.host(1).description, "--ports", "9", "--db", database, "--format", "json"])
        #expect(done.status == 0, "\(done.stderr)")
        let id = try Self.decode(done.stdoutData).scan.id
        let again = try CommandLineTests.run(["scan", "--resume", id, "--db", database])
        #expect(again.status == 64)
        #expect(again.stderr.contains("Scan \(id) cannot be resumed: its status is completed"))
        #expect(!again.stderr.contains("Usage:"))
    }

    @Test("A database another program keeps locked during the scan: warnings, the report on stdout, exit 5 and no 'Saved as'")
    func aSaveThatFailsAfterTheScanExitsFive() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-locked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = CommandLineTests.binary("camaudit").path
        let database = folder.appendingPathComponent("scans.sqlite").path
        try await LabSession.with(profiles: ["hostile-tarpit", "hikvision-ipc-new"]) { lab in
            let arguments = [
                "scan", lab.network, "--ports", lab.ports.description, "--timeout-ms", "4000", "--format", "json", "--db", database,
            ]
            // The scan checks the database before it starts (it is free then); the lock is taken once it runs.
            async let scan = Task.detached { try ChildProcess.run(binary, arguments, timeout: LabSession.scaled(.seconds(120))) }.value
            try await Task.sleep(for: .milliseconds(1_500))
            let locker = """
                import sqlite3, sys, time
                connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
                connection.execute("BEGIN EXCLUSIVE")
                print("locked", flush=True)
                time.sleep(float(sys.argv[2]))
                """
            // Held longer than the scan lasts (the tarpit keeps it busy about 10 s; slower under a sanitizer).
            let hold = String(25 * LabSession.timeScale)
            async let lock = Task.detached { try PythonScript.run(locker, arguments: [database, hold]) }.value
            let outcome = try await scan
            _ = try? await lock
            #expect(outcome.status == 5, "stderr: \(outcome.stderr.suffix(600))")
            #expect(outcome.stderr.contains("The scan ran but was not saved in \(database)"))
            #expect(outcome.stderr.contains("Its report is on standard output above"))
            #expect(!outcome.stderr.contains("Saved as"))
            let report = try Self.decode(outcome.stdoutData)
            #expect(report.devices.count == 2, "the scan's results are not lost")
        }
    }
}
