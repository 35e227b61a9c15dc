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
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CamAuditLab/Profiles/\(profile).json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        guard let credentials = object?["credentials"] as? [String: Any], let user = credentials["user"] as? String,
            let password = credentials["password"] as? String
        else { return nil }
        return (user, password)
    }

    static func scan(_ lab: Lab, credentials: CredentialFile?) async throws -> ScanReport {
        let scanner = try Scanner.bundled(.identification)
        var request = ScanRequest(
            targets: try TargetSpecification.list(lab.devices.map(\.address.description)),
            ports: PortList(Array(Set(lab.devices.flatMap(\.ports)))),
            stepTimeout: .seconds(1), deadline: .seconds(60))
        request.credentials = credentials
        return try await scanner.run(request)
    }

    static let vendors = [
        "hikvision-ipc-new", "hikvision-ipc-old", "hikvision-nvr", "lts-ipc", "dahua-ipc", "amcrest-ipc",
        "axis-m1065", "hanwha-ipc", "uniview-ipc",
    ]

    @Test func credentialsReadTheExactModelAndFirmwareOfEveryVendor() async throws {
        let lab = try await Lab.start(base: IPAddress(LabAddresses.base(10))!, deviceCount: Self.vendors.count, profiles: Self.vendors)
        var lines: [String] = []
        var passwords: [String] = []
        for device in lab.devices {
            guard let login = try Self.labCredentials(device.profile) else { continue }
            lines.append("\(device.address) \(login.user) \(login.password)")
            if login.password.count >= 8 { passwords.append(login.password) }  // short defaults such as 12345 occur inside serials
        }
        // Listed last, so never sent (each device accepts the entry before it), but it must not leak either.
        lines.append("* admin Sentinel-Never-Printed")
        passwords.append("Sentinel-Never-Printed")
        let report: ScanReport
        do { report = try await Self.scan(lab, credentials: try CredentialFile(parsing: lines.joined(separator: "\n"))) } catch {
            try? await lab.shutdown()
            throw error
        }
        try await lab.shutdown()
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
        let base = LabAddresses.base(11 + (Self.vendors.firstIndex(of: profile) ?? 99))  // cases may run in parallel
        let lab = try await Lab.start(base: IPAddress(base)!, deviceCount: 1, profiles: [profile])
        guard let address = lab.devices.first?.address, let login = try Self.labCredentials(profile) else {
            try? await lab.shutdown()
            Issue.record("no lab credentials for \(profile)")
            return
        }
        do {
            // The same wrong login listed three times (host, CIDR, *) is one credential: one attempt.
            let wrong = try CredentialFile(
                parsing: "\(address) \(login.user) wrong-pass\n\(base)/24 \(login.user) wrong-pass\n* \(login.user) wrong-pass")
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
        } catch {
            try? await lab.shutdown()
            throw error
        }
        try await lab.shutdown()
    }

    @Test func credentialFileFormatsAndRedaction() throws {
        let file = try CredentialFile(
            parsing: """
                # comment
                127.0.0.5 admin pass with spaces
                {"target": "127.1.0.0/16", "user": "root", "password": "j\\"son"}
                * guest guest
                """)
        #expect(file.entries.count == 3)
        #expect(file.entries[0].password == "pass with spaces")
        #expect(file.entries[1].password == "j\"son")
        #expect(file.entries(for: IPAddress("127.0.0.5")!).map(\.user) == ["admin", "guest"])
        #expect(file.entries(for: IPAddress("127.1.2.3")!).map(\.user) == ["root", "guest"])
        #expect(!String(describing: file.entries[0]).contains("pass with spaces"))
        #expect(throws: CredentialFileError.self) { try CredentialFile(parsing: "example.com admin x") }
        #expect(throws: CredentialFileError.self) { try CredentialFile(parsing: "127.0.0.1 admin") }
    }
}
