import CamAuditCore
import CamAuditLab
import CamAuditTestSupport
import Foundation
import Testing

/// Issue 14's hostile scale, small: copies of every hostile kind scanned by the built `camaudit scan` with a
/// tight `--deadline`. `camaudit-bench hostile` runs the same at 1,001 devices (Benchmarks/README.md).
@Suite("Hostile scale", .serialized)
struct HostileScaleTests {
    /// Copies of each hostile profile.
    static let copies = 6
    /// The scan's `--deadline` and `--timeout-ms`, estimated as `camaudit-bench hostile` does: one sweep round
    /// (1 s), one wave of hosts (fewer than the 128 probed at a time), each allowed its 20 s probe deadline and
    /// one 1 s step for each of the three check families, plus one step for the router check.
    static let deadline = 25
    static let timeoutMs = 1000
    /// What the scan may take past its deadline: the process starting, writing its report and exiting.
    static let margin = 5.0
    /// The scanner process's peak RSS bound for this lab: a debug build measured 67 MB (the release bound at 1,001 devices is in
    /// Benchmarks/README.md).
    static let memoryBoundMB = 150.0

    /// Runs the program with its arguments under python3, which reports the child's own peak RSS (wait4's
    /// ru_maxrss of its only child) and wall time on its last line of standard error.
    static let measuring = """
        import resource, subprocess, sys, time
        start = time.monotonic()
        code = subprocess.run(sys.argv[1:]).returncode
        wall = time.monotonic() - start
        print("measured %d %.3f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, wall), file=sys.stderr)
        sys.exit(code)
        """

    @Test func copiesOfEveryHostileKindAreScannedWithinTheDeadlineAndNoneIsAVideoDevice() async throws {
        let kinds = Lab.hostileProfileIDs
        #expect(kinds.contains("hostile-malformed-xml"))
        #expect(kinds == Lab.profileIDs.filter { $0.hasPrefix("hostile-") })
        let block = TestAddresses.block(forDevices: Self.copies * kinds.count)
        let lab = try await Lab.start(base: block.base, hostileCopies: Self.copies)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("report.json").path
        let outcome: ChildProcess.Outcome
        do {
            #expect(lab.devices.count == Self.copies * kinds.count)
            #expect(
                Dictionary(grouping: lab.devices, by: \.profile).mapValues(\.count)
                    == Dictionary(uniqueKeysWithValues: kinds.map { ($0, Self.copies) }))
            #expect(lab.devices.allSatisfy { $0.isHostile })
            let first = lab.devices[0].address, last = lab.devices[lab.devices.count - 1].address
            let arguments = [
                CommandLineTests.binary("camaudit").path, "scan", "\(first)-\(last)", "--ports", lab.ports.description,
                "--deadline", String(Self.deadline), "--timeout-ms", String(Self.timeoutMs), "--no-save", "--format", "json", "-o", output,
            ]
            outcome = try ChildProcess.run("python3", ["-c", Self.measuring] + arguments, timeout: .seconds(Self.deadline * 3))
            try await lab.shutdown()
        } catch {
            try? await lab.shutdown()
            throw error
        }
        // 0: completed; 3: the deadline cut it short (then the report says so).
        try #require([0, 3].contains(outcome.status), "camaudit scan failed: \(outcome.stderr.suffix(1000))")
        let measured = try #require(outcome.stderr.split(separator: "\n").last { $0.hasPrefix("measured ") }).split(separator: " ")
        let peakMB = Double(measured[1]).map { $0 / 1024 } ?? .infinity
        let wall = Double(measured[2]) ?? .infinity
        #expect(wall <= Double(Self.deadline) + Self.margin, "the scan took \(wall) s against a \(Self.deadline) s deadline")
        if LabSession.sanitizer == nil {
            #expect(peakMB <= Self.memoryBoundMB, "the scanner's peak RSS was \(peakMB) MB")
        }

        let report = try ScanResumeTests.decode(Data(contentsOf: URL(fileURLWithPath: output)))
        #expect([ScanStatus.completed, .deadline].contains(report.scan.status))
        let addresses = Set(lab.devices.map(\.address))
        #expect(report.devices.allSatisfy { addresses.contains($0.address) })
        for device in report.devices {
            let profile = lab.devices.first { $0.address == device.address }?.profile ?? "?"
            #expect(!device.deviceType.isVideoDevice, "\(profile) at \(device.address) was called a \(device.deviceType.rawValue)")
            #expect(device.manufacturer == nil, "\(profile) at \(device.address) was said to be made by \(device.manufacturer ?? "")")
            // What a hostile host says is kept in bounded pieces (a 240 KB answer is not copied into the report).
            let longest = device.observations.max { $0.value.utf8.count < $1.value.utf8.count }
            #expect(
                (longest?.value.utf8.count ?? 0) <= 4096,
                "\(profile): \(longest?.field.rawValue ?? "") kept \(longest?.value.utf8.count ?? 0) bytes")
        }
        // Every kind that listens is seen: the scan did not stop early on the first hostile answers.
        let reportedProfiles = Set(report.devices.compactMap { device in lab.devices.first { $0.address == device.address }?.profile })
        #expect(reportedProfiles == Set(kinds), "reported: \(reportedProfiles.sorted())")
    }
}
