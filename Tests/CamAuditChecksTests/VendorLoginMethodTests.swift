import CamAuditCatalog
@testable import CamAuditChecks
import CamAuditCore
import CamAuditLab
import CamAuditProbes
import CamAuditTestSupport
import Foundation
import NIOPosix
import Testing

/// The login methods added for Reolink (API token login), Foscam (CGI query credentials), Hanwha (SUNAPI
/// behind Digest), Uniview (LAPI behind Digest) and the generic list for unnamed cameras, each against a lab
/// device on loopback that verifies the login and counts every attempt and lock.
@Suite("Vendor login methods", .serialized)
struct VendorLoginMethodTests {
    static let credentialIDs = DefaultCredentialCheckerTests.credentialIDs
    static let fast = DefaultCredentialCheckerTests.fastOptions
    static let devices = [
        "cred-reolink-default", "cred-foscam-default", "cred-hanwha-default", "cred-uniview-default", "cred-uniview-deviceinfo",
        "cred-generic-unbranded-camera",
    ]
    static let wrong: [(user: String, password: String)] = (1...20).map { ("admin", "Not-The-Password-\($0)") }

    @Test func eachMethodFindsTheDefaultAndHandsTheLoginBack() async throws {
        let checker = try DefaultCredentialCheckerTests.checker()
        try await LabSession.with(210, Self.devices) { lab in
            for device in lab.devices {
                let outcome = await checker.check(await DefaultCredentialCheckerTests.target(device, lab: lab), options: Self.fast)
                let ids = Set(outcome.findings.map(\.id))
                #expect(!ids.isDisjoint(with: Self.credentialIDs), "\(device.profile): \(ids.sorted()) \(outcome.notes)")
                let login = try #require(outcome.acceptedLogin, "\(device.profile): no accepted login handed back")
                let expected = try #require(DefaultCredentialCheckerTests.labLogin(device.profile))
                #expect(login.user == expected.user && login.password == expected.password, "\(device.profile)")
                #expect(login.origin == .catalogDefault)
                let activity = lab.activity(at: device.address) ?? LabActivity()
                #expect(activity.lockouts == 0, "\(device.profile)")
                #expect(!DefaultCredentialCheckerTests.leaks(outcome, expected), "\(device.profile) leaks its password")
                switch device.profile {
                case "cred-reolink-default":
                    #expect(login.method.contains("Reolink API login"))
                    // Every accepted token login is logged out again.
                    #expect(activity.recorded["reolink:login"] == activity.recorded["reolink:logout"], "\(activity.recorded)")
                case "cred-foscam-default":
                    #expect(login.method.contains("Foscam CGI getDevInfo"))
                case "cred-hanwha-default":
                    #expect(login.method.contains("/stw-cgi/system.cgi?msubmenu=deviceinfo&action=view"))
                case "cred-uniview-default":
                    #expect(login.method.contains("/LAPI/V1.0/System/DeviceBasicInfo"))
                case "cred-uniview-deviceinfo":
                    // DeviceBasicInfo answers 599 on this firmware: the login goes to DeviceInfo.
                    #expect(login.method.contains("/LAPI/V1.0/System/DeviceInfo "), "\(login.method)")
                default:
                    // The unnamed camera accepts the third generic entry: two refusals first, both counted, no lock.
                    #expect(activity.refusedLogins == 2, "\(activity)")
                    #expect(
                        outcome.findings.contains {
                            $0.evidence.contains { $0.contains("generic default tried because the maker is not identified") }
                        })
                }
            }
            #expect(lab.totalActivity.lockouts == 0)
        }
    }

    @Test func refusedLoginsAreCountedAndStopAtTheBudget() async throws {
        let checker = try DefaultCredentialCheckerTests.checker()
        var options = Self.fast
        options.defaultCredentials = false
        options.extraCredentials = Self.wrong
        try await LabSession.with(211, Self.devices) { lab in
            for device in lab.devices {
                let target = await DefaultCredentialCheckerTests.target(device, lab: lab)
                let outcome = await checker.check(target, options: options)
                let activity = lab.activity(at: device.address) ?? LabActivity()
                let budget = checker.catalog.attemptBudget(manufacturer: device.expected.manufacturer, brand: device.expected.brand)
                #expect(outcome.acceptedLogin == nil)
                #expect(activity.lockouts == 0, "\(device.profile)")
                #expect(activity.refusedLogins == budget, "\(device.profile): \(activity.refusedLogins) refused, budget \(budget)")
                #expect(
                    outcome.notes.contains { $0.contains("stopped after \(budget) refused login(s)") },
                    "\(device.profile): \(outcome.notes)")
                for entry in Self.wrong { #expect(!DefaultCredentialCheckerTests.text(outcome).contains(entry.password)) }
            }
            #expect(lab.totalActivity.lockouts == 0)
        }
    }

    /// Wrong logins sent from this process (the checker's client address) until the device locks.
    static func lock(_ device: LabDevice, times: Int) async throws {
        let client = WireClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let port = try #require(device.ports.first { [80, 88].contains($0 % 10000) })
        for attempt in 0..<times {
            let request: String
            if device.profile == "cred-reolink-default" {
                let body = #"[{"cmd":"Login","action":0,"param":{"User":{"userName":"admin","password":"wrong-\#(attempt)"}}}]"#
                request =
                    "POST /api.cgi?cmd=Login HTTP/1.1\r\nHost: \(device.address)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            } else {
                request =
                    "GET /cgi-bin/CGIProxy.fcgi?cmd=getDevInfo&usr=admin&pwd=wrong-\(attempt) HTTP/1.1\r\nHost: \(device.address)\r\nConnection: close\r\n\r\n"
            }
            _ = await client.send(Array(request.utf8), to: device.address, port: port, deadline: ContinuousClock.now + .seconds(2))
        }
    }

    @Test func aLockSignalStopsEverything() async throws {
        let checker = try DefaultCredentialCheckerTests.checker()
        var options = Self.fast
        options.extraCredentials = Self.wrong
        try await LabSession.with(212, ["cred-reolink-default", "cred-foscam-default"]) { lab in
            for device in lab.devices {
                try await Self.lock(device, times: 5)
                let before = lab.activity(at: device.address) ?? LabActivity()
                #expect(before.lockouts == 1, "\(device.profile) should be locked by the test itself")
                let outcome = await checker.check(await DefaultCredentialCheckerTests.target(device, lab: lab), options: options)
                let after = lab.activity(at: device.address) ?? LabActivity()
                // Neither API shows a lock without credentials, so one login goes out and its answer (Reolink
                // rspCode -506 "login locked", Foscam <result>-3</result>) stops the check: at most one.
                #expect(
                    after.loginAttempts - before.loginAttempts <= 1,
                    "\(device.profile): \(after.loginAttempts - before.loginAttempts) logins sent to a locked device")
                #expect(after.lockouts == before.lockouts)
                #expect(outcome.acceptedLogin == nil)
                #expect(outcome.findings.filter { Self.credentialIDs.contains($0.id) }.isEmpty, "\(device.profile)")
                #expect(outcome.notes.contains { $0.contains("login lock") }, "\(device.profile): \(outcome.notes)")
            }
        }
    }

    @Test func aHostThatIsNoFoscamCountsNothing() async throws {
        // A Foscam identity on a device without the CGI (the plain foscam-hd page answers a static -2 to every
        // request, and a decoy answers 404): the method is not a login there, or it is refused; never a lock.
        let checker = try DefaultCredentialCheckerTests.checker()
        try await LabSession.with(213, ["decoy-nginx"]) { lab in
            let device = lab.devices[0]
            var target = await DefaultCredentialCheckerTests.target(device, lab: lab)
            target.identity = Identity(manufacturer: "Foscam", brand: nil, model: "FI9900P", firmware: nil, deviceType: .camera)
            let outcome = await checker.check(target, options: Self.fast)
            #expect(outcome.acceptedLogin == nil)
            #expect(
                outcome.notes.contains { $0.contains("Foscam CGI getDevInfo") && $0.contains("not counted as an attempt") },
                "\(outcome.notes)")
        }
    }
}

/// A hard-coded account from an advisory, tried after the maker's factory default within the same budget.
@Suite("Hard-coded accounts", .serialized)
struct HardCodedAccountTests {
    @Test func theXiongmaiHiddenAccountIsFoundAfterTheFactoryDefault() async throws {
        let checker = try DefaultCredentialCheckerTests.checker()
        try await LabSession.with(223, ["cred-xiongmai-hidden-account"]) { lab in
            let device = lab.devices[0]
            let outcome = await checker.check(
                await DefaultCredentialCheckerTests.target(device, lab: lab), options: DefaultCredentialCheckerTests.fastOptions)
            let finding = try #require(
                outcome.findings.first { $0.id == "default-credentials" }, "\(outcome.findings.map(\.id)) \(outcome.notes)")
            #expect(finding.title == "Hard-coded account accepted")
            #expect(
                finding.evidence.contains {
                    $0.contains("hard-coded account") && $0.contains("2018-10-09") && $0.contains("https://sec-consult.com/")
                })
            #expect(outcome.acceptedLogin?.origin == .hardCodedAccount)
            #expect(!DefaultCredentialCheckerTests.text(outcome).contains("tluafed"), "the hidden password is redacted like any other")
            let activity = lab.activity(at: device.address) ?? LabActivity()
            // admin with an empty password (the factory default) is refused first: one refusal, no lock.
            #expect(activity.refusedLogins == 1 && activity.lockouts == 0, "\(activity)")
        }
    }
}

/// A maker the credential catalog knows nothing about gets the same short generic list as an unnamed camera.
@Suite("Generic list for makers without defaults", .serialized)
struct GenericListFallbackTests {
    @Test func aMakerWithoutCatalogEntriesGetsTheGenericList() async throws {
        let checker = try DefaultCredentialCheckerTests.checker()
        try await LabSession.with(224, ["cred-generic-unbranded-camera"]) { lab in
            let device = lab.devices[0]
            var target = await DefaultCredentialCheckerTests.target(device, lab: lab)
            target.identity.manufacturer = "Hipcam"
            let outcome = await checker.check(target, options: DefaultCredentialCheckerTests.fastOptions)
            let finding = try #require(outcome.findings.first { $0.id == "default-credentials" }, "\(outcome.notes)")
            #expect(finding.evidence.contains { $0.contains("the catalog has no default login for Hipcam") })
            let activity = lab.activity(at: device.address) ?? LabActivity()
            #expect(activity.refusedLogins == 2 && activity.lockouts == 0, "\(activity)")
        }
        // A maker whose only entry says there is no factory password gets nothing to try, generic or not.
        let catalog = try CredentialCatalog.bundled()
        #expect(!DefaultCredentialChecker.usesGenericList(Identity(manufacturer: "Hanwha", deviceType: .camera), catalog: catalog))
        #expect(DefaultCredentialChecker.usesGenericList(Identity(deviceType: .camera), catalog: catalog))
    }
}
