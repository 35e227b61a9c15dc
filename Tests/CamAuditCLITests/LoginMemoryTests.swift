import CamAuditCore
import CamAuditLab
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Testing

/// Scans run one after another on the same devices (by hand, or a schedule) share each device's lockout
/// budget through the database: lockout counters count failures in a row across scans, so a second scan
/// that spent the whole budget again would lock a Dahua (5 failures) that the first left at 3.
@Suite("Logins remembered across scans", .serialized)
struct LoginMemoryTests {
    static let profiles = ["dahua-ipc", "hanwha-ipc", "cred-generic-unbranded-camera", "cred-dahua-default", "cred-hikvision-lockout3"]

    @Test func threeScansInARowLockNothingAndFindTheSame() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-logins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("scans.sqlite").path
        try await LabSession.with(profiles: Self.profiles) { lab in
            let arguments = ["scan", lab.network, "--ports", lab.ports.description, "--format", "json", "--db", database]
            var summaries: [[String: ScanResumeTests.DeviceSummary]] = []
            var attempts: [[String: Int]] = []
            var last: ScanReport?
            for run in 1...3 {
                let result = try CommandLineTests.run(arguments)
                #expect(result.status == 0 || result.status == 1, "run \(run): \(result.stderr.suffix(400))")
                let report = try ScanResumeTests.decode(result.stdoutData)
                summaries.append(ScanResumeTests.byProfile(ScanResumeTests.summary(report.devices), lab: lab))
                attempts.append(
                    Dictionary(uniqueKeysWithValues: lab.devices.map { ($0.profile, lab.activity(at: $0.address)?.loginAttempts ?? 0) }))
                last = report
            }
            let locked = lab.devices.filter { (lab.activity(at: $0.address)?.lockouts ?? 0) > 0 }.map(\.profile)
            #expect(locked.isEmpty, "locked by scans in a row: \(locked)")
            #expect(summaries[1] == summaries[0] && summaries[2] == summaries[0], "the same devices and findings each time")
            // A Dahua without a default password: the first scan spent the budget, the next ones send nothing.
            #expect(attempts[0]["dahua-ipc"] ?? 0 > 0)
            #expect(attempts[2]["dahua-ipc"] == attempts[0]["dahua-ipc"], "\(attempts)")
            let dahua = try #require(lab.devices.first { $0.profile == "dahua-ipc" })
            let notes = last?.devices.first { $0.address == dahua.address }?.notes ?? []
            #expect(notes.contains { $0.contains("earlier camaudit scans of this device left") }, "\(notes)")
            // A device with its default password accepts it each time, with the refused logins before it skipped.
            #expect(summaries[2]["cred-generic-unbranded-camera"]?.findings.contains("default-credentials") == true)
            // (The first scan sends admin:admin and admin: refused, admin:12345 accepted, then one read with it.)
            let generic = "cred-generic-unbranded-camera"
            let perScan = (1...2).map { (attempts[$0][generic] ?? 0) - (attempts[$0 - 1][generic] ?? 0) }
            #expect(perScan == [2, 2] && attempts[0][generic] == 4, "\(attempts)")
            // The history is in the database, by hash: no password in it.
            let store = try ScanStore(path: database)
            let history = try store.logins(at: dahua.address)
            #expect(!history.records.isEmpty && history.records.allSatisfy { !$0.key.contains("admin") })

            // --forget-logins: the refused logins are sent again (as for a device that was reset).
            let forgotten = try CommandLineTests.run(arguments + ["--forget-logins", "--exclude", "\(dahua.address)"])
            #expect(forgotten.status == 0 || forgotten.status == 1, "\(forgotten.stderr.suffix(400))")
            let genericDevice = try #require(lab.devices.first { $0.profile == generic })
            let report = try ScanResumeTests.decode(forgotten.stdoutData)
            #expect(report.devices.first { $0.address == genericDevice.address }?.notes.contains { $0.contains("--forget-logins") } == true)
            #expect(
                (lab.activity(at: genericDevice.address)?.loginAttempts ?? 0) - (attempts[2][generic] ?? 0) == 4,
                "the two refused logins are sent again")
        }
    }
}
