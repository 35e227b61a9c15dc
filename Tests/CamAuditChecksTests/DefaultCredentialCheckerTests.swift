import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import CamAuditLab
import CamAuditProbes
import CamAuditTestSupport
import Foundation
import NIOPosix
import Testing

/// The default-credential and hygiene checks against lab devices that verify real Digest, Basic,
/// Dahua RPC2 and WS-Security logins and count every attempt and lock.
@Suite("Default credentials", .serialized)
struct DefaultCredentialCheckerTests {
    static let credentialIDs: Set<String> = ["default-credentials", "blank-password"]
    static let hygieneIDs: Set<String> = ["basic-auth-over-http", "telnet-open", "ssh-open", "admin-http-only"]
    static let fastOptions = CheckOptions(stepTimeout: .seconds(2), loginPause: .milliseconds(20))

    static func checker() throws -> DefaultCredentialChecker {
        DefaultCredentialChecker(
            catalog: try CredentialCatalog.bundled(), client: WireClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton))
    }

    /// What the scanner hands the checks: services found by the real prober, and the identity a correct
    /// identification reaches (the identification tests prove the lab devices are identified so).
    static func target(_ device: LabDevice, lab: Lab) async -> CheckTarget {
        let hints = Lab.portHints(offset: lab.portOffset, ports: Set(device.ports))
        let prober = ServiceProber(
            configuration: ProbeConfiguration(stepTimeout: .seconds(2), portHints: hints),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let probed = await prober.probe(host: device.address, openPorts: device.ports)
        let expected = device.expected
        let identity = Identity(
            manufacturer: expected.manufacturer, brand: expected.brand, model: expected.model, firmware: expected.firmware,
            deviceType: expected.deviceType)
        return CheckTarget(address: device.address, services: probed.services, identity: identity, observations: probed.observations)
    }

    /// The lab profile's login, read from the profile JSON (the lab keeps it internal).
    static func labLogin(_ profile: String) -> (user: String, password: String)? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CamAuditLab/Profiles/\(profile).json")
        guard let data = try? Data(contentsOf: url), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let credentials = object["credentials"] as? [String: Any]
        else { return nil }
        guard let user = credentials["user"] as? String, let password = credentials["password"] as? String else { return nil }
        return (user, password)
    }

    /// True when the outcome shows the login: `user:password`, or the password alone when it is not the user name.
    static func leaks(_ outcome: CheckOutcome, _ login: (user: String, password: String)) -> Bool {
        guard !login.password.isEmpty else { return false }
        let text = Self.text(outcome)
        return text.contains("\(login.user):\(login.password)") || (login.password != login.user && text.contains(login.password))
    }

    static func text(_ outcome: CheckOutcome) -> String {
        (outcome.findings.flatMap { [$0.title] + $0.evidence + [$0.remediation ?? ""] } + outcome.notes).joined(separator: "\n")
    }

    static let defaultDevices = [
        "hikvision-ipc-old", "cred-dahua-default", "cred-uniview-default", "cred-axis-blank", "cred-lts-default",
        "cred-reolink-default", "cred-foscam-default", "cred-hanwha-default", "cred-generic-unbranded-camera",
        "cred-uniview-deviceinfo", "cred-xiongmai-hidden-account", "cred-hiwatch-36260-default",
    ]
    static let strongDevices = [
        "hikvision-ipc-new", "hikvision-nvr", "dahua-ipc", "amcrest-ipc", "axis-m1065", "uniview-ipc", "hanwha-ipc",
        "lts-ipc", "cred-hikvision-lockout3", "bosch-ipc", "vivotek-ipc", "xiongmai-dvr", "avtech-dvr", "onvif-generic",
    ]
    static let decoys = ["decoy-nginx", "decoy-router-goahead", "decoy-printer", "decoy-synology-nas", "hostile-honeypot"]

    @Test func defaultsAreFoundOnDefaultDevicesOnlyAndNothingLocks() async throws {
        let checker = try Self.checker()
        // Every lab profile but the ones built to stall probes (they are not cameras and get no check).
        let stalling: Set<String> = ["hostile-silent", "hostile-trickle", "hostile-flood"]
        let profiles = Lab.profileIDs.filter { !stalling.contains($0) }
        #expect(Set(Self.defaultDevices + Self.strongDevices + Self.decoys).isSubset(of: Set(profiles)))
        var found: [String] = []
        var attempts = 0
        var requests = 0
        try await LabSession.with(120, profiles) { lab in
            for device in lab.devices {
                let target = await Self.target(device, lab: lab)
                let outcome = await checker.check(target, options: Self.fastOptions)
                let ids = Set(outcome.findings.map(\.id))
                let expected = Set(device.expected.findings ?? [])
                #expect(
                    ids.intersection(Self.credentialIDs) == expected.intersection(Self.credentialIDs),
                    "\(device.profile): \(ids.sorted()) notes \(outcome.notes)")
                #expect(
                    ids.intersection(Self.hygieneIDs) == expected.intersection(Self.hygieneIDs),
                    "\(device.profile): hygiene \(ids.sorted()) with services \(target.services.map { "\($0.port)/\($0.service)" })")
                if Self.decoys.contains(device.profile) { #expect(outcome.findings.isEmpty, "\(device.profile)") }
                // No password in any finding or note.
                if let login = Self.labLogin(device.profile) {
                    #expect(!Self.leaks(outcome, login), "\(device.profile) leaks its password")
                }
                if !ids.isDisjoint(with: Self.credentialIDs) { found.append(device.profile) }
                attempts += lab.activity(at: device.address)?.loginAttempts ?? 0
                requests += outcome.requestsSent
                let activity = lab.activity(at: device.address) ?? LabActivity()
                let budget = checker.catalog.attemptBudget(manufacturer: device.expected.manufacturer, brand: device.expected.brand)
                #expect(activity.lockouts == 0, "\(device.profile)")
                #expect(activity.refusedLogins <= budget, "\(device.profile): \(activity.refusedLogins) refused, budget \(budget)")
                #expect(activity.intrusiveRequests == 0)
            }
            #expect(lab.totalActivity.lockouts == 0)
            #expect(Set(found) == Set(Self.defaultDevices))
            print(
                "default-credential check: \(lab.devices.count) devices, defaults found on \(found.sorted()), "
                    + "\(attempts) login attempts, \(requests) requests, \(lab.totalActivity.lockouts) lockouts")
        }
    }

    @Test func foundPasswordsAreRedactedUnlessRevealed() async throws {
        let checker = try Self.checker()
        try await LabSession.with(121, ["hikvision-ipc-old", "cred-dahua-default"]) { lab in
            let old = await Self.target(lab.devices[0], lab: lab)
            let hidden = await checker.check(old, options: Self.fastOptions)
            let finding = try #require(hidden.findings.first { $0.id == "default-credentials" })
            #expect(finding.evidence.contains { $0.contains("admin:*****") })
            #expect(!Self.text(hidden).contains("12345"))
            #expect(finding.severity == .critical && finding.kind == .credential && finding.decidedBy == .login)
            var reveal = Self.fastOptions
            reveal.revealSecrets = true
            let shown = await checker.check(old, options: reveal)
            #expect(shown.findings.contains { $0.id == "default-credentials" && $0.evidence.contains { $0.contains("admin:12345") } })
            let dahua = await checker.check(await Self.target(lab.devices[1], lab: lab), options: reveal)
            #expect(dahua.findings.contains { $0.id == "default-credentials" && $0.evidence.contains { $0.contains("admin:admin") } })
            #expect(lab.totalActivity.lockouts == 0)
        }
    }

    static let wordlist: [(user: String, password: String)] = (1...20).map { ("admin", "Wordlist-\($0)-guess") }

    @Test func aLongWordlistStaysWithinTheBudget() async throws {
        let checker = try Self.checker()
        var options = Self.fastOptions
        options.extraCredentials = Self.wordlist
        try await LabSession.with(122, ["cred-hikvision-lockout3", "dahua-ipc", "hikvision-ipc-new", "hanwha-ipc", "cred-uniview-default"])
        { lab in
            for device in lab.devices {
                let outcome = await checker.check(await Self.target(device, lab: lab), options: options)
                let activity = lab.activity(at: device.address) ?? LabActivity()
                let budget = checker.catalog.attemptBudget(manufacturer: device.expected.manufacturer, brand: device.expected.brand)
                #expect(activity.lockouts == 0, "\(device.profile)")
                #expect(activity.refusedLogins <= budget, "\(device.profile): \(activity.refusedLogins) refused")
                #expect(activity.loginAttempts <= budget + 1, "\(device.profile): \(activity.loginAttempts) attempts")
                #expect(
                    outcome.notes.contains { $0.contains("stopped") }
                        || !outcome.findings.filter { Self.credentialIDs.contains($0.id) }.isEmpty,
                    "\(device.profile): \(outcome.notes)")
                if device.profile == "cred-hikvision-lockout3" {
                    // Three failures lock it; it says so through retryLoginTime, and camaudit keeps two in hand.
                    #expect(activity.refusedLogins == 1, "\(activity)")
                    #expect(outcome.notes.contains { $0.contains("reports 2 login attempt(s) left") }, "\(outcome.notes)")
                }
                if device.profile == "cred-uniview-default" {
                    // Defaults go first: found before the wordlist is touched.
                    #expect(outcome.findings.contains { $0.id == "default-credentials" && $0.title == "Default password accepted" })
                }
                for entry in Self.wordlist { #expect(!Self.text(outcome).contains(entry.password)) }
            }
            #expect(lab.totalActivity.lockouts == 0)
        }
    }

    /// Sends wrong Basic logins from this process (the same client address the checker uses) until the device locks.
    static func lock(_ device: LabDevice, path: String, times: Int) async throws {
        let client = WireClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let port = try #require(device.ports.first { $0 % 10000 == 80 })
        for _ in 0..<times {
            let request =
                "GET \(path) HTTP/1.1\r\nHost: \(device.address):\(port)\r\nAuthorization: Basic \(Data("admin:not-the-password".utf8).base64EncodedString())\r\nConnection: close\r\n\r\n"
            _ = await client.send(Array(request.utf8), to: device.address, port: port, deadline: ContinuousClock.now + .seconds(2))
        }
    }

    @Test func aLockedDeviceStopsTheCheckAtOnce() async throws {
        let checker = try Self.checker()
        var options = Self.fastOptions
        options.extraCredentials = Self.wordlist
        try await LabSession.with(123, ["cred-hikvision-lockout3", "cred-dahua-default"]) { lab in
            let hikvision = lab.devices[0], dahua = lab.devices[1]
            try await Self.lock(hikvision, path: "/ISAPI/Security/userCheck", times: 3)
            try await Self.lock(dahua, path: "/cgi-bin/magicBox.cgi?action=getSystemInfo", times: 5)
            for device in [hikvision, dahua] {
                let before = lab.activity(at: device.address) ?? LabActivity()
                #expect(before.lockouts == 1, "\(device.profile) should be locked by the test itself")
                let outcome = await checker.check(await Self.target(device, lab: lab), options: options)
                let after = lab.activity(at: device.address) ?? LabActivity()
                #expect(after.loginAttempts == before.loginAttempts, "\(device.profile): the checker sent a login to a locked device")
                #expect(after.lockouts == before.lockouts)
                #expect(outcome.findings.filter { Self.credentialIDs.contains($0.id) }.isEmpty, "\(device.profile)")
                #expect(outcome.notes.contains { $0.contains("login lock") }, "\(device.profile): \(outcome.notes)")
            }
        }
    }

    @Test func hygieneFindingsFollowWhatTheDeviceShows() async throws {
        let checker = try Self.checker()
        try await LabSession.with(124, ["hikvision-ipc-old", "axis-m1065", "hikvision-ipc-new", "decoy-router-goahead"]) { lab in
            var byProfile: [String: Set<String>] = [:]
            for device in lab.devices {
                let outcome = await checker.check(await Self.target(device, lab: lab), options: Self.fastOptions)
                byProfile[device.profile] = Set(outcome.findings.map(\.id))
            }
            // Old Hikvision: telnet on 23, Basic offered on plain HTTP, and no HTTPS at all.
            #expect(
                byProfile["hikvision-ipc-old"]?.isSuperset(of: ["telnet-open", "basic-auth-over-http", "admin-http-only"]) == true,
                "\(byProfile)")
            // Axis offers Basic on port 80 but also serves HTTPS.
            #expect(byProfile["axis-m1065"]?.contains("basic-auth-over-http") == true)
            #expect(byProfile["axis-m1065"]?.contains("admin-http-only") == false)
            // New Hikvision: Digest only, no telnet.
            #expect(byProfile["hikvision-ipc-new"]?.isDisjoint(with: ["telnet-open", "basic-auth-over-http"]) == true, "\(byProfile)")
            // A router (not a camera) gets nothing, though it offers Basic on plain HTTP.
            #expect(byProfile["decoy-router-goahead"]?.isEmpty == true)
        }
    }
}
