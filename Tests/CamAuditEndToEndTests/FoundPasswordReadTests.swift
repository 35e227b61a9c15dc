import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import CamAuditLab
import CamAuditScanner
import CamAuditTestSupport
import Foundation
import Testing

/// A password the default-credential check found accepted is used once, read-only, for the device-information
/// read: the firmware appears, the host is identified again and the version checks run on the new identity.
@Suite("Found password read", .serialized)
struct FoundPasswordReadTests {
    static func audit(_ third: Int, _ profiles: [String], options: CheckOptions) async throws -> (ScanReport, Lab) {
        let lab = try await Lab.start(base: IPAddress(LabAddresses.base(third))!, deviceCount: profiles.count, profiles: profiles)
        let scanner = try Scanner.bundled([.versionFindings, .securityChecks])
        var request = ScanRequest(
            targets: try TargetSpecification.list(lab.devices.map(\.address.description)),
            ports: PortList(Array(Set(lab.devices.flatMap(\.ports)))),
            stepTimeout: .seconds(1), deadline: .seconds(60))
        request.checks = options
        do {
            let report = try await scanner.run(request)
            try await lab.shutdown()
            return (report, lab)
        } catch {
            try? await lab.shutdown()
            throw error
        }
    }

    /// The firmware each lab device really runs (its profile's `identity.firmware`, or the ONVIF firmware).
    static func labFirmware(_ profile: String) throws -> String? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CamAuditLab/Profiles/\(profile).json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let identity = object?["identity"] as? [String: Any]
        let expected = object?["expected"] as? [String: Any]
        let onvif = object?["onvif"] as? [String: Any]
        return identity?["firmware"] as? String ?? expected?["firmware"] as? String ?? onvif?["firmwareVersion"] as? String
    }

    static let options = CheckOptions(stepTimeout: .seconds(1), loginPause: .milliseconds(20))

    @Test func aFoundDefaultPasswordReadsTheFirmwareAndTheVersionCheckFires() async throws {
        let profiles = [
            "cred-reolink-default", "cred-foscam-default", "cred-hanwha-default", "cred-generic-unbranded-camera",
            "cred-uniview-deviceinfo",
        ]
        let (report, lab) = try await Self.audit(214, profiles, options: Self.options)
        #expect(lab.totalActivity.lockouts == 0)
        #expect(lab.totalActivity.intrusiveRequests == 0)
        for device in lab.devices {
            let found = try #require(report.devices.first { $0.address == device.address }, "\(device.profile) not reported")
            let firmware = try Self.labFirmware(device.profile)
            #expect(found.firmware == firmware, "\(device.profile): firmware \(found.firmware ?? "nil"), notes \(found.notes)")
            #expect(
                found.notes.contains { $0.contains("read by an authenticated read with the default password found by camaudit") },
                "\(device.profile): \(found.notes)")
            #expect(
                found.observations.contains { $0.field == .authFirmware && $0.probe.contains("the default password found by camaudit") },
                "\(device.profile)")
            #expect(
                found.manufacturer == device.expected.manufacturer, "\(device.profile): maker changed to \(found.manufacturer ?? "nil")")
            let activity = lab.activity(at: device.address) ?? LabActivity()
            #expect(activity.lockouts == 0, "\(device.profile)")
            // The read reuses the accepted password: nothing more is refused than the login check's own refusals.
            let budget = try CredentialCatalog.bundled().attemptBudget(
                manufacturer: device.expected.manufacturer, brand: device.expected.brand)
            #expect(activity.refusedLogins <= budget, "\(device.profile): \(activity)")
            // Every expected finding is there, and nothing outside the planted set but the version finding.
            let ids = Set(found.findings.map(\.id))
            #expect(Set(device.expected.findings ?? []).isSubset(of: ids), "\(device.profile): \(ids.sorted())")
        }
        // The Reolink camera runs the build CVE-2021-40407 names: the passive version check now fires, and says why it could.
        let reolink = try #require(report.devices.first { $0.address == lab.devices[0].address })
        let version = try #require(reolink.findings.first { $0.id == "CVE-2021-40407" }, "\(reolink.findings.map(\.id))")
        #expect(version.evidence.contains { $0.contains("authenticated read with the default password found by camaudit") })
        #expect(
            lab.activity(at: lab.devices[0].address)?.recorded["reolink:login"]
                == lab.activity(at: lab.devices[0].address)?.recorded["reolink:logout"])
    }

    @Test func aVersionFindingFromTheFoundPasswordGetsTheActiveChecksOfItsLine() async throws {
        let (report, lab) = try await Self.audit(225, ["cred-hiwatch-36260-default"], options: Self.options)
        let found = try #require(report.devices.first)
        #expect(found.firmware == "V5.5.101 build 200408", "\(found.notes)")
        let finding = try #require(found.findings.first { $0.id == "CVE-2021-36260" }, "\(found.findings.map(\.id)) \(found.notes)")
        #expect(finding.evidence.contains { $0.contains("authenticated read with the default password found by camaudit") })
        // Before the login the firmware was unknown, so no confirming probe was sent; after it, the new version finding
        // gets the same active checks a known firmware gets: the safe probe where the catalog has one, else a note.
        let vulnerability = try #require(try VulnerabilityCatalog.bundled().vulnerabilities.first { $0.cve == "CVE-2021-36260" })
        let safeProbe = vulnerability.checks.contains { $0.method == "http-probe" && $0.safety == "safe" }
        let activity = try #require(lab.activity(at: lab.devices[0].address))
        if safeProbe {
            #expect(finding.decidedBy == .versionAndProbe(intrusive: false), "\(finding) \(found.notes)")
            #expect((activity.recorded["CVE-2021-36260:endpoint"] ?? 0) >= 1)
        } else {
            #expect(finding.decidedBy == .version, "\(finding)")
            #expect(found.notes.contains { $0.hasPrefix("CVE-2021-36260:") }, "\(found.notes)")
        }
        #expect(activity.lockouts == 0 && activity.intrusiveRequests == 0)
    }

    @Test func aWordlistPasswordIsUsedTheSameWay() async throws {
        var options = Self.options
        options.defaultCredentials = false
        options.extraCredentials = [("admin", "Wrong-first"), ("admin", "")]
        let (report, lab) = try await Self.audit(215, ["cred-foscam-default"], options: options)
        let found = try #require(report.devices.first)
        #expect(found.firmware == (try Self.labFirmware("cred-foscam-default")))
        #expect(
            found.notes.contains { $0.contains("read by an authenticated read with the --wordlist password camaudit found accepted") },
            "\(found.notes)")
        #expect(lab.totalActivity.lockouts == 0)
        #expect(lab.totalActivity.refusedLogins == 1)
    }

    @Test func withoutAnAcceptedLoginNothingMoreIsSent() async throws {
        // A strong lab password: the defaults are refused, and no authenticated read follows.
        let (report, lab) = try await Self.audit(216, ["cred-hikvision-lockout3"], options: Self.options)
        let found = try #require(report.devices.first)
        #expect(!found.notes.contains { $0.contains("authenticated read with") }, "\(found.notes)")
        #expect(lab.totalActivity.lockouts == 0)
    }
}
