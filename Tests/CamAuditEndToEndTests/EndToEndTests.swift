import CamAuditCatalog
import CamAuditCore
import CamAuditLab
import CamAuditReports
import CamAuditScanner
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Testing

/// Scans a lab of emulated devices on loopback, exactly as `camaudit demo` does, and checks the
/// identities in the JSON report against what the lab knows each device is.
@Suite("End to end", .serialized)
struct EndToEndTests {
    /// A scan with version findings, as `camaudit demo` runs it: the lab's /24 is swept.
    static func scan(profiles: [String]? = nil, deadline: Duration = .seconds(60)) async throws -> LabSession.Scan {
        try await LabSession.scan(profiles: profiles, components: .versionFindings, deadline: deadline)
    }

    @Test func everyLabDeviceIsIdentifiedAsTheLabDefinesIt() async throws {
        let (report, lab, elapsed) = try await Self.scan()
        #expect(report.scan.status == .completed)
        #expect(elapsed < LabSession.scaled(.seconds(60)))
        for device in lab.devices where !device.isHostile {
            let found = report.devices.first { $0.address == device.address }
            #expect(found != nil, "\(device.profile) at \(device.address) was not reported")
            guard let found else { continue }
            #expect(found.manufacturer == device.expected.manufacturer, "\(device.profile): manufacturer")
            #expect(found.brand == device.expected.brand, "\(device.profile): brand")
            #expect(found.deviceType == device.expected.deviceType, "\(device.profile): device type")
            if let model = device.expected.model, found.model != nil {
                #expect(found.model == model, "\(device.profile): model")
            }
            #expect(Set(found.ports.map(\.port)) == Set(device.ports), "\(device.profile): open ports")
            if device.expected.manufacturer != nil {
                #expect(!found.evidence.isEmpty, "\(device.profile): an identity needs evidence")
            }
        }
        // Nothing outside the lab is reported (port 2024 may be open everywhere, but it is not swept here).
        let labAddresses = Set(lab.devices.map(\.address))
        #expect(report.devices.allSatisfy { labAddresses.contains($0.address) })
        // No decoy or hostile device is called a camera.
        for device in lab.devices where !device.expected.deviceType.isVideoDevice {
            let found = report.devices.first { $0.address == device.address }
            #expect(found?.deviceType.isVideoDevice != true, "\(device.profile) must not be called a camera")
        }
    }

    @Test func theJSONReportOfARealScanFollowsTheSchemaAndIsSaved() async throws {
        let report = try await Self.scan(profiles: ["hikvision-ipc-new", "dahua-ipc", "decoy-nginx"]).report
        let json = try JSONReport.encode(report)
        #expect(try SchemaValidator.validate(json, schema: RepositoryFiles.reportSchema) == nil)
        let store = try ScanStore.inMemory()
        try store.save(report)
        let reloaded = try store.report(id: report.scan.id)
        #expect(reloaded.devices.map(\.address) == report.devices.map(\.address))
        #expect(reloaded.devices.map(\.manufacturer) == report.devices.map(\.manufacturer))
    }

    @Test func passiveFindingsLandOnAffectedFirmwareOnly() async throws {
        // HiWatch HWI-B120-D/W V5.5.101 build 200408 is the reference's CVE-2021-36260 example; the
        // new Hikvision runs the fixed V5.5.800 build 210628; decoys and hostile devices have no firmware.
        let profiles = ["hiwatch-ipc", "hikvision-ipc-new", "decoy-nginx", "hostile-honeypot"]
        let (report, lab, _) = try await Self.scan(profiles: profiles)
        func findings(_ profile: String) -> [String] {
            let address = lab.devices.first { $0.profile == profile }?.address
            return report.devices.first { $0.address == address }?.findings.map(\.id) ?? []
        }
        #expect(findings("hiwatch-ipc").contains("CVE-2021-36260"))
        #expect(findings("hikvision-ipc-new").isEmpty)
        #expect(findings("decoy-nginx").isEmpty)
        #expect(findings("hostile-honeypot").isEmpty)
        let finding = report.devices.flatMap(\.findings).first { $0.id == "CVE-2021-36260" }
        #expect(finding?.decidedBy == .version)
        #expect(finding?.severity == .critical)
        // A report carrying findings still follows the published schema.
        #expect(try SchemaValidator.validate(try JSONReport.encode(report), schema: RepositoryFiles.reportSchema) == nil)
    }

    @Test func hostileDevicesCostBoundedTimeAndLeaveNotes() async throws {
        let hostile = Lab.profileIDs.filter { $0.hasPrefix("hostile") }
        #expect(hostile.count >= 4)
        let (report, lab, elapsed) = try await Self.scan(profiles: hostile, deadline: .seconds(40))
        #expect(report.scan.status == .completed)
        #expect(elapsed < LabSession.scaled(.seconds(40)))
        for device in lab.devices {
            let found = report.devices.first { $0.address == device.address }
            #expect(found?.deviceType.isVideoDevice != true, "\(device.profile) must not be called a camera")
        }
        let noted = report.devices.filter { !$0.notes.isEmpty }
        #expect(!noted.isEmpty, "silent, trickling and oversized answers should leave notes")
    }

    @Test func aDeadlineCutsTheScanShortAndSaysSo() async throws {
        // The deadline is set after the request is made, so that CAMAUDIT_TEST_TIME_SCALE leaves it at 2 s.
        let (report, _, elapsed) = try await LabSession.scan(profiles: ["hostile-silent", "hostile-trickle"], components: .identification) {
            $0.stepTimeout = .seconds(3)
            $0.deadline = .seconds(2)
        }
        #expect(elapsed < .seconds(8))
        #expect(report.scan.status == .deadline)
        #expect(!report.scan.notes.isEmpty)
    }

    @Test func publicTargetsAreRefusedBeforeAnyPacket() async throws {
        let scanner = try Scanner.bundled(.identification)
        await #expect(throws: TargetError.self) {
            _ = try await scanner.run(ScanRequest(targets: try TargetSpecification.list(["127.0.0.1", "8.8.8.8"])))
        }
    }
}
