import ArgumentParser
import CamAuditCore
import CamAuditServer
import CamAuditStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `camaudit-bench serve`: a store of many devices with a long history, served by `camaudit serve` in a
/// child process, loaded with `wrk` on the device list and a device page; p99 latency and the server's peak
/// RSS, beside the same queries run directly on SQLite in this process.
struct BenchServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Load camaudit serve with wrk on a store of many devices and scans; print p99 latency, RSS and the ratio to direct SQLite.")

    @Option(help: "Devices in every scan.")
    var devices: Int = 10_000

    @Option(help: "Scans of history (each sees every device).")
    var scans: Int = 30

    @Option(help: "wrk connections.")
    var connections: Int = 64

    @Option(help: "wrk seconds per URL.")
    var duration: Int = 15

    func validate() throws {
        guard (1...60_000).contains(devices) else { throw ValidationError("--devices must be between 1 and 60000.") }
        guard (1...200).contains(scans) else { throw ValidationError("--scans must be between 1 and 200.") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
            throw ValidationError("wrk is not installed: run scripts/setup --bench (Debian's wrk).")
        }
    }

    static let makers: [(String?, String?, String)] = [
        ("Hikvision", nil, "DS-2CD2142FWD-I"), ("Hikvision", "LTS", "CMIP7422W-28M"), ("Dahua", nil, "IPC-HDW2431T-AS"),
        ("Dahua", "Amcrest", "IP8M-2496EB"), ("Axis", nil, "M3106-L"), ("Hanwha", nil, "XNV-6080"), ("Uniview", nil, "IPC322LB"),
        (nil, nil, "-"),
    ]

    /// Device `index` as scan `scan` saw it: a firmware that changes every ten scans, findings that come and go.
    static func device(_ index: Int, scan: Int) -> DeviceReport {
        let (maker, brand, model) = makers[index % makers.count]
        let address = IPAddress.v4(0x7F64_0000 + UInt32(index))  // 127.100.x.y: data only, nothing is sent
        let firmware = maker.map { _ in "V5.\(5 + scan / 10).\(index % 9)00 build 2\(scan % 10)0101" }
        var findings: [Finding] = []
        if index % 3 == 0 {
            findings.append(
                Finding(
                    id: "CVE-2021-36260", title: "Command injection in the web server", severity: .critical, kind: .vulnerability,
                    decidedBy: .version, evidence: ["firmware \(firmware ?? "-") is in the affected range"],
                    remediation: "Update the firmware."))
        }
        if (index + scan) % 5 == 0 {
            findings.append(
                Finding(
                    id: "default-credentials", title: "Default password accepted", severity: .high, kind: .credential, decidedBy: .login,
                    evidence: ["admin/12345 accepted on port 80"], remediation: "Change the password."))
        }
        let identity = Identity(
            manufacturer: maker, brand: brand, model: maker == nil ? nil : model, firmware: firmware,
            serial: maker.map { _ in "SN\(100_000 + index)" }, deviceType: maker == nil ? .other : .camera, confidence: 0.9,
            evidence: [
                Evidence(
                    fingerprint: "bench-\(index % makers.count)", field: .httpServer, value: "App-webs/", port: 80, probe: "GET /",
                    claims: ["manufacturer": maker ?? "-"], weight: 0.8)
            ])
        var report = DeviceReport(
            address: address, hostname: "cam-\(index).site",
            ports: [PortService(port: 80, service: "http"), PortService(port: 554, service: "rtsp")],
            identity: identity, observations: [Observation(field: .httpServer, value: "App-webs/", port: 80, probe: "GET /")],
            findings: findings)
        let covered = maker == "Hikvision" || maker == "Dahua"
        report.compliance = [
            ComplianceVerdict(
                ruleSet: "ndaa-889", status: maker == nil ? .unknown : covered ? .covered : .notCovered, confidence: 0.9,
                basis: ["bench data"], rule: "NDAA section 889")
        ]
        let score = min(100, findings.count * 40 + (covered ? 30 : 0))
        report.risk = RiskScore(score: score, level: RiskLevel.allCases[min(4, score / 25)], items: [])
        return report
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-bench-serve-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("scans.sqlite").path
        let store = try ScanStore(path: path)
        let clock = ContinuousClock()
        let filling = clock.now
        for scan in 0..<scans {
            let start = Date(timeIntervalSince1970: 1_764_547_200 + Double(scan) * 86_400)
            let metadata = ScanMetadata(
                id: "bench-\(String(format: "%03d", scan))", version: "bench", startedAt: start, finishedAt: start.addingTimeInterval(600),
                targets: ["127.100.0.0/16"], exclusions: [], ports: [80, 554], addressesScanned: 65_536, probesSent: 131_072,
                status: .completed)
            try store.save(ScanReport(scan: metadata, devices: (0..<devices).map { Self.device($0, scan: scan) }))
        }
        let filled = clock.now - filling
        let size =
            ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0)
        print(
            "Store: \(devices) devices x \(scans) scans = \(devices * scans) sightings, written in \(Self.seconds(filled)) s, \(size / 1_048_576) MB"
        )

        let user = try APIServer.createUser(
            name: "bench", password: "bench password long", role: .admin, store: store, settings: APIServer.Settings(bcryptCost: 4))
        let token = try APIServer.createAPIToken(for: user, name: "bench", store: store)
        let cookie = try APIServer.createSession(for: user, store: store)
        let probe = "127.100.\(devices / 2 / 256).\(devices / 2 % 256)"

        // The same queries directly on SQLite, in this process.
        let direct = try Self.time(200) { _ = try store.devices(DeviceQuery(limit: 100)) }
        let directDevice = try Self.time(200) { _ = try store.deviceHistory(address: IPAddress(probe)!) }

        guard let camaudit = BenchChildProcess.sibling("camaudit") else {
            throw ValidationError("camaudit is not built beside camaudit-bench.")
        }
        let log = folder.appendingPathComponent("serve.log").path
        FileManager.default.createFile(atPath: log, contents: nil)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: camaudit)
        server.arguments = ["serve", "--db", path, "--port", "0"]
        server.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var base: String?
        for _ in 0..<300 where base == nil {
            try await Task.sleep(for: .milliseconds(100))
            base = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").firstMatch(of: /dashboard (http:\/\/127\.0\.0\.1:[0-9]+)\//)
                .map {
                    String($0.1)
                }
        }
        guard let base else {
            throw ValidationError("camaudit serve did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }

        print("wrk: 2 threads, \(connections) connections, \(duration) s per URL; server: camaudit serve (release build if this is one)")
        print("URL                                           req/s      p50 ms   p99 ms   direct SQLite p99 ms   ratio")
        // The third row asks for a different device's page each time, across all of them: the server's read
        // cache (512 entries) mostly misses, so it shows the cost of a page read from SQLite and rendered.
        let rotate = folder.appendingPathComponent("rotate.lua")
        try """
        counter = 0
        request = function()
          counter = counter + 1
          local i = counter % \(devices)
          return wrk.format("GET", string.format("/devices/127.100.%d.%d", math.floor(i / 256), i % 256))
        end
        """.write(to: rotate, atomically: true, encoding: .utf8)
        for (label, url, header, directP99, script) in [
            ("GET /api/v1/devices?limit=100", "\(base)/api/v1/devices?limit=100", "Authorization: Bearer \(token)", direct.p99, nil),
            (
                "GET /devices/\(probe) (dashboard page)", "\(base)/devices/\(probe)", "Cookie: camaudit_session=\(cookie)",
                directDevice.p99, nil
            ),
            (
                "GET /devices/EACH (\(devices) pages in turn)", "\(base)/devices/\(probe)", "Cookie: camaudit_session=\(cookie)",
                directDevice.p99,
                rotate.path
            ),
        ] {
            let run = try BenchChildProcess.run(
                "/usr/bin/wrk",
                ["-t2", "-c\(connections)", "-d\(duration)s", "--latency", "-H", header] + (script.map { ["-s", $0] } ?? []) + [url])
            let result = Self.parseWrk(run.standardOutput)
            print(
                label.padding(toLength: 44, withPad: " ", startingAt: 0) + "  "
                    + String(
                        format: "%8.0f   %7.2f  %7.2f   %20.2f   %6.1fx", result.rate, result.p50, result.p99, directP99,
                        result.p99 / max(directP99, 0.001)))
            if result.non2xx > 0 { print("  (\(result.non2xx) answers were not 2xx)") }
        }
        let peak = Self.peakResident(server.processIdentifier)
        print("Server peak RSS (VmHWM): \(peak / 1_048_576) MB. Targets: p99 < 50 ms, RSS <= 300 MB.")
        print(
            String(
                format: "Direct SQLite in this process: device list p50 %.2f ms, p99 %.2f ms; device history p50 %.2f ms, p99 %.2f ms",
                direct.p50, direct.p99, directDevice.p50, directDevice.p99))
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    /// p50 and p99 in milliseconds of `runs` calls.
    static func time(_ runs: Int, _ body: () throws -> Void) throws -> (p50: Double, p99: Double) {
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = clock.now
            try body()
            let elapsed = clock.now - start
            samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        samples.sort()
        return (samples[runs / 2], samples[min(runs - 1, runs * 99 / 100)])
    }

    /// Requests/sec, the 50% and 99% latencies (ms) and the non-2xx count from wrk's `--latency` output.
    static func parseWrk(_ text: String) -> (rate: Double, p50: Double, p99: Double, non2xx: Int) {
        func milliseconds(_ value: String) -> Double {
            if value.hasSuffix("us") { return (Double(value.dropLast(2)) ?? 0) / 1000 }
            if value.hasSuffix("ms") { return Double(value.dropLast(2)) ?? 0 }
            if value.hasSuffix("s") { return (Double(value.dropLast(1)) ?? 0) * 1000 }
            return Double(value) ?? 0
        }
        var rate = 0.0
        var p50 = 0.0
        var p99 = 0.0
        var non2xx = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if fields.first == "Requests/sec:", fields.count > 1 { rate = Double(fields[1]) ?? 0 }
            if fields.first == "50%", fields.count > 1 { p50 = milliseconds(fields[1]) }
            if fields.first == "99%", fields.count > 1 { p99 = milliseconds(fields[1]) }
            if fields.starts(with: ["Non-2xx", "or", "3xx", "responses:"]), let last = fields.last { non2xx = Int(last) ?? 0 }
        }
        return (rate, p50, p99, non2xx)
    }

    static func peakResident(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }
}
