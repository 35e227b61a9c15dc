import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import CamAuditLab
import CamAuditTestSupport
import Foundation
import NIOPosix
import Testing

/// The stream checker against emulated devices on loopback: open streams found, closed and tricky ones not.
@Suite(.serialized) struct StreamExposureCheckerTests {
    static let catalog: StreamPathCatalog = (try? StreamPathCatalog.bundled()) ?? StreamPathCatalog(paths: [])
    /// Most requests one device may get from a default run: the per-port caps plus one guard per port.
    static let requestCeiling =
        2 * (StreamExposureChecker.maximumRTSPRoutesPerPort + 1) + 2 * (StreamExposureChecker.maximumHTTPPathsPerPort + 1)

    /// A check target built the way the scanner would after identification: services from the real ports, identity from the profile.
    static func target(_ device: LabDevice, offset: UInt16, identity: Identity? = nil) -> CheckTarget {
        let services = device.ports.compactMap { port -> PortService? in
            let real = port >= offset && port - offset < 1024 && offset > 0 ? port - offset : port
            switch real {
            case 554: return PortService(port: port, service: "rtsp")
            case 80, 88, 8080: return PortService(port: port, service: "http")
            case 443: return PortService(port: port, service: "https")
            default: return nil
            }
        }
        let expected = device.expected
        return CheckTarget(
            address: device.address, services: services,
            identity: identity
                ?? Identity(
                    manufacturer: expected.manufacturer, brand: expected.brand, model: expected.model, firmware: expected.firmware,
                    deviceType: expected.deviceType, confidence: 1))
    }

    static func run(
        _ profiles: [String], base: Int, options: CheckOptions = CheckOptions(stepTimeout: .seconds(2)),
        identity: Identity? = nil
    ) async throws -> ([(LabDevice, CheckOutcome)], Lab) {
        let lab = try await Lab.start(base: IPAddress(LabAddresses.base(base))!, deviceCount: profiles.count, profiles: profiles)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let checker = StreamExposureChecker(catalog: catalog, eventLoopGroup: group)
        var results: [(LabDevice, CheckOutcome)] = []
        for device in lab.devices {
            results.append((device, await checker.check(target(device, offset: lab.portOffset, identity: identity), options: options)))
        }
        try await group.shutdownGracefully()
        return (results, lab)
    }

    @Test func bundledPathListLoads() throws {
        let catalog = try StreamPathCatalog.bundled()
        #expect(catalog.paths.count == 40)
        #expect(catalog.paths.filter { !$0.isTried }.count == 3)
        let dahua = catalog.candidates(kinds: [.rtsp], manufacturer: "Dahua", brand: "Amcrest").map(\.path)
        #expect(dahua.first == "/cam/realmonitor?channel=1&subtype=0")
        #expect(dahua.contains("/live.sdp"))
        #expect(!catalog.candidates(kinds: [.rtsp], manufacturer: "Xiongmai", brand: nil).contains { $0.path.contains("password") })
    }

    @Test func everyProfileGetsTheFindingsItExpects() async throws {
        let profiles = [
            "stream-dahua-open-rtsp", "stream-hikvision-open-snapshot", "stream-axis-open-mjpeg", "stream-dahua-tricky-closed",
            "stream-dahua-any-route", "dahua-ipc", "hikvision-ipc-new", "axis-m1065", "xiongmai-dvr", "decoy-nginx",
        ]
        let (results, lab) = try await Self.run(profiles, base: 140)
        for (device, outcome) in results {
            let kinds: Set<String> = ["open-rtsp-stream", "open-snapshot", "open-mjpeg"]
            let streamIDs = Set(outcome.findings.map(\.id)).intersection(kinds)
            #expect(
                streamIDs == Set(device.expected.findings ?? []).intersection(kinds),
                "\(device.profile): \(outcome.findings.map(\.id)) \(outcome.notes)")
            #expect(outcome.requestsSent <= Self.requestCeiling, "\(device.profile) got \(outcome.requestsSent) requests")
            #expect(outcome.intrusiveRequests.isEmpty)
            for finding in outcome.findings {
                #expect(finding.severity == .high && finding.kind == .stream && finding.decidedBy == .safeProbe)
                #expect(finding.evidence.contains { $0.hasPrefix("guard:") })
            }
        }
        let byProfile = Dictionary(uniqueKeysWithValues: results.map { ($0.0.profile, $0.1) })
        let rtsp = try #require(byProfile["stream-dahua-open-rtsp"]?.findings.first)
        #expect(rtsp.evidence.contains { $0.contains("/cam/realmonitor?channel=1&subtype=0") && $0.contains("200") })
        #expect(rtsp.evidence.contains { $0.contains("H264/90000") && $0.contains("1920x1080") })
        #expect(!rtsp.evidence.contains { $0.hasPrefix("frame check") }, "no frame check unless asked")
        let snapshot = try #require(byProfile["stream-hikvision-open-snapshot"]?.findings.first)
        #expect(snapshot.evidence.contains { $0.contains("16x8") })
        let mjpeg = try #require(byProfile["stream-axis-open-mjpeg"]?.findings.first)
        #expect(mjpeg.evidence.contains { $0.contains("multipart") && $0.contains("16x8") })
        #expect(byProfile["stream-dahua-any-route"]?.notes.contains { $0.contains("cannot exist") } == true)
        #expect(byProfile["decoy-nginx"]?.requestsSent == 0, "a decoy gets no stream request")
        // The closed devices were asked without credentials only: no login attempt, no lockout.
        #expect(lab.totalActivity.loginAttempts == 0)
        #expect(lab.totalActivity.lockouts == 0)
        #expect(lab.totalActivity.intrusiveRequests == 0)
        #expect(lab.activity(at: lab.devices[0].address)?.recorded["stream:play"] == nil, "PLAY only with --frame-check")
        try await lab.shutdown()
    }

    @Test func honeypotAnsweringEverythingGivesNoStreamFinding() async throws {
        // Claim a camera identity so the checker really probes the honeypot's HTTP and RTSP ports.
        let (results, lab) = try await Self.run(
            ["hostile-honeypot"], base: 141, identity: Identity(manufacturer: "Hikvision", deviceType: .camera))
        let outcome = try #require(results.first?.1)
        #expect(outcome.findings.isEmpty, "\(outcome.findings)")
        #expect(outcome.requestsSent > 0 && outcome.requestsSent <= Self.requestCeiling)
        try await lab.shutdown()
    }

    @Test func frameCheckReadsOneRTPPacket() async throws {
        let options = CheckOptions(frameCheck: true, stepTimeout: .seconds(2))
        let (results, lab) = try await Self.run(["stream-dahua-open-rtsp", "dahua-ipc"], base: 142, options: options)
        let open = try #require(results[0].1.findings.first { $0.id == "open-rtsp-stream" })
        #expect(
            open.evidence.contains("frame check: received RTP packet, PT 96, 44 bytes (SETUP over TCP, PLAY, TEARDOWN)"), "\(open.evidence)"
        )
        #expect(lab.activity(at: lab.devices[0].address)?.recorded["stream:play"] == 1)
        #expect(results[1].1.findings.isEmpty)
        #expect(results[0].1.requestsSent <= Self.requestCeiling)
        try await lab.shutdown()
    }

    @Test func picturesAreSavedOnlyWhenAsked() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-evidence-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (withoutDirectory, lab1) = try await Self.run(["stream-hikvision-open-snapshot"], base: 143)
        #expect(withoutDirectory[0].1.findings.map(\.id) == ["open-snapshot"])
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        try await lab1.shutdown()

        let (saved, lab2) = try await Self.run(
            ["stream-hikvision-open-snapshot", "stream-axis-open-mjpeg"], base: 144,
            options: CheckOptions(evidenceDirectory: directory, stepTimeout: .seconds(2)))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let expected = lab2.devices.map { "\($0.address)-\($0.ports.first { $0 % 10000 == 80 } ?? 0)-1.jpg" }.sorted()
        #expect(files == expected)
        for file in files {
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(file)))
            let info = JPEGImageInfo.parse(bytes)
            #expect(info?.width == 16 && info?.height == 8 && info?.frameMarker == 0xC0)
        }
        #expect(saved.allSatisfy { $0.1.findings.count == 1 })
        try await lab2.shutdown()
    }
}
