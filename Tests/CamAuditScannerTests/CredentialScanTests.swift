import CamAuditCatalog
import CamAuditCore
import CamAuditTestSupport
import CamAuditLab
import CamAuditScanner
import Foundation
import Testing

/// `scan --credentials`: authenticated reads against lab devices that verify real Digest, Basic and WS-Security.
@Suite("Credentials", .serialized)
struct CredentialScanTests {
    /// The lab profile's login, read from the profile JSON in the source tree (the lab keeps it internal).
    static func labCredentials(_ profile: String) throws -> (user: String, password: String)? {
        try LabProfileFiles.login(profile)
    }

    static func scan(_ lab: Lab, credentials: CredentialFile?) async throws -> ScanReport {
        let scanner = try Scanner.bundled(.identification)
        var request = try lab.scanRequest(.addresses)
        request.credentials = credentials
        return try await scanner.run(request)
    }

    static let vendors = [
        "hikvision-ipc-new", "hikvision-ipc-old", "hikvision-nvr", "lts-ipc", "dahua-ipc", "amcrest-ipc",
        "axis-m1065", "hanwha-ipc", "uniview-ipc",
    ]

    @Test func credentialsReadTheExactModelAndFirmwareOfEveryVendor() async throws {
        var passwords: [String] = []
        let (report, lab) = try await LabSession.with(profiles: Self.vendors) { lab in
            var lines: [String] = []
            for device in lab.devices {
                guard let login = try Self.labCredentials(device.profile) else { continue }
                lines.append("\(device.address) \(login.user) \(login.password)")
                if login.password.count >= 8 { passwords.append(login.password) }  // short defaults such as 12345 occur inside serials
            }
            // Listed last, so never sent (each device accepts the entry before it), but it must not leak either.
            lines.append("* admin Sentinel-Never-Printed")
            passwords.append("Sentinel-Never-Printed")
            return (try await Self.scan(lab, credentials: try CredentialFile(parsing: lines.joined(separator: "\n"))), lab)
        }
        for device in lab.devices {
            let found = report.devices.first { $0.address == device.address }
            #expect(found?.model == device.expected.model, "\(device.profile): model \(found?.model ?? "nil")")
            #expect(found?.firmware == device.expected.firmware, "\(device.profile): firmware \(found?.firmware ?? "nil")")
            #expect(found?.manufacturer == device.expected.manufacturer, "\(device.profile): manufacturer")
            #expect(found?.brand == device.expected.brand, "\(device.profile): brand")
            #expect(
                found?.notes.contains { $0.contains("credentials accepted for admin") || $0.contains("credentials accepted for root") }
                    == true,
                "\(device.profile): \(found?.notes ?? [])")
        }
        // Redaction: no password anywhere in the JSON report.
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        for password in passwords { #expect(!json.contains(password)) }
    }

    @Test(arguments: ["hikvision-ipc-new", "dahua-ipc", "hanwha-ipc"])
    func aWrongPasswordCostsOneAttemptAndNeverLocks(profile: String) async throws {
        try await LabSession.with(profiles: [profile]) { lab in
            let address = try #require(lab.devices.first?.address)
            let login = try #require(try Self.labCredentials(profile), "no lab credentials for \(profile)")
            // The same wrong login listed three times (host, CIDR, *) is one credential: one attempt.
            let wrong = try CredentialFile(
                parsing: "\(address) \(login.user) wrong-pass\n\(lab.network) \(login.user) wrong-pass\n* \(login.user) wrong-pass")
            let first = try await Self.scan(lab, credentials: wrong)
            let notes = first.devices.first?.notes ?? []
            #expect(notes.filter { $0.contains("credentials refused") }.count == 1, "\(notes)")
            #expect(!notes.contains { $0.contains("lock") }, "\(notes)")
            #expect(first.devices.first?.observations.contains { $0.field.rawValue.hasPrefix("auth.") } == false)
            // The device did not lock: the right password still works afterwards.
            let right = try CredentialFile(parsing: "\(address) \(login.user) \(login.password)")
            let second = try await Self.scan(lab, credentials: right)
            #expect(second.devices.first?.model == lab.devices.first?.expected.model, "\(second.devices.first?.notes ?? [])")
            #expect(second.devices.first?.notes.contains { $0.contains("lock") } == false)
        }
    }
}
