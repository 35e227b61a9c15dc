import CamAuditCatalog
import CamAuditChecks
import CamAuditCore
import CamAuditLab
import CamAuditTestSupport
import Foundation
import Synchronization
import Testing

/// The login check with a ledger: each login written down before it leaves, and what earlier scans (or
/// earlier runs of an interrupted one) sent counted in the device's lockout budget.
@Suite("Login ledger", .serialized)
struct LoginLedgerTests {
    /// What the ledger was told, in order, with the device's login count at the moment of each write.
    final class Recorder: Sendable {
        let writes = Mutex<[(key: String, state: LoginState, attemptsSeen: Int)]>([])
    }

    /// Earlier records of the unnamed camera, oldest first.
    static func records(_ list: [(String, LoginState)], device: String = "unknown") -> EarlierLogins {
        EarlierLogins(list.map { LoginRecord(key: $0.0, state: $0.1, device: device, at: Date(), scanID: "earlier") })
    }

    static let keys = LoginLedger(salt: "127.0.0.1") { _, _, _ in }

    static func ledger(_ earlier: EarlierLogins, recorder: Recorder, lab: Lab, device: LabDevice) -> LoginLedger {
        LoginLedger(salt: "127.0.0.1", earlier: earlier) { key, state, _ in
            let seen = lab.activity(at: device.address)?.loginAttempts ?? 0
            recorder.writes.withLock { $0.append((key, state, seen)) }
        }
    }

    @Test func eachLoginIsWrittenBeforeItLeavesAndAnsweredAfter() async throws {
        let checker = try DefaultCredentialCheckerTests.checker()
        try await LabSession.with(profiles: ["cred-generic-unbranded-camera"]) { lab in
            let device = lab.devices[0]
            let recorder = Recorder()
            let ledger = Self.ledger(EarlierLogins(), recorder: recorder, lab: lab, device: device)
            let outcome = await checker.check(
                await DefaultCredentialCheckerTests.target(device, lab: lab), options: DefaultCredentialCheckerTests.fastOptions,
                ledger: ledger)
            #expect(outcome.findings.contains { $0.id == "default-credentials" })
            let writes = recorder.writes.withLock { $0 }
            // Generic list: admin:admin and admin: refused, admin:12345 accepted (the profile's own login).
            #expect(writes.map(\.state) == [.sent, .refused, .sent, .refused, .sent, .accepted])
            #expect(
                writes.map(\.key) == [
                    ledger.key(user: "admin", password: "admin"), ledger.key(user: "admin", password: "admin"),
                    ledger.key(user: "admin", password: ""), ledger.key(user: "admin", password: ""),
                    ledger.key(user: "admin", password: "12345"), ledger.key(user: "admin", password: "12345"),
                ])
            // Each `sent` is written while the device has seen one login fewer than the answer that follows.
            for index in stride(from: 0, to: writes.count, by: 2) {
                #expect(writes[index].attemptsSeen + 1 == writes[index + 1].attemptsSeen, "\(writes[index].key)")
            }
            // Keys are hashes: no user or password in them, and another address gets other keys.
            #expect(writes.allSatisfy { $0.key.count == 64 && !$0.key.contains("12345") })
            let other = LoginLedger(salt: "127.0.0.2") { _, _, _ in }
            #expect(other.key(user: "admin", password: "12345") != ledger.key(user: "admin", password: "12345"))
        }
    }

    @Test func refusedLoginsOfAnEarlierScanAreNotSentAgainAndCountInTheBudget() async throws {
        let checker = try DefaultCredentialCheckerTests.checker()
        try await LabSession.with(profiles: ["cred-generic-unbranded-camera"]) { lab in
            let device = lab.devices[0]
            let recorder = Recorder()
            let earlier = Self.records([
                (Self.keys.key(user: "admin", password: "admin"), .refused), (Self.keys.key(user: "admin", password: ""), .refused),
            ])
            let outcome = await checker.check(
                await DefaultCredentialCheckerTests.target(device, lab: lab), options: DefaultCredentialCheckerTests.fastOptions,
                ledger: Self.ledger(earlier, recorder: recorder, lab: lab, device: device))
            #expect(outcome.findings.contains { $0.id == "default-credentials" })
            let activity = lab.activity(at: device.address) ?? LabActivity()
            #expect(activity.loginAttempts == 1 && activity.refusedLogins == 0, "only admin:12345 was sent: \(activity)")
            #expect(
                outcome.notes.contains { $0.contains("left 2 failed login(s)") && $0.contains("the 2 login(s) it refused") },
                "\(outcome.notes)")
        }
    }

    @Test func aLoginLeftWithoutAnswerCountsAsRefusedAndIsSentUnderANewKey() async throws {
        let checker = try DefaultCredentialCheckerTests.checker()
        let budget = try CredentialCatalog.bundled().attemptBudget(manufacturer: nil, brand: nil)
        try await LabSession.with(profiles: ["cred-generic-unbranded-camera"]) { lab in
            let device = lab.devices[0]
            let recorder = Recorder()
            let adminAdmin = Self.keys.key(user: "admin", password: "admin")
            // Earlier runs: admin:admin sent with no answer kept, plus refusals of identification requests
            // that leave one login of the budget.
            let earlier = Self.records([(adminAdmin, .sent)] + (0..<(budget - 2)).map { ("other:\($0)", .refused) })
            let outcome = await checker.check(
                await DefaultCredentialCheckerTests.target(device, lab: lab), options: DefaultCredentialCheckerTests.fastOptions,
                ledger: Self.ledger(earlier, recorder: recorder, lab: lab, device: device))
            let activity = lab.activity(at: device.address) ?? LabActivity()
            #expect(activity.refusedLogins == 1, "one login left in the budget: \(activity)")
            #expect(outcome.findings.allSatisfy { $0.id != "default-credentials" })
            #expect(outcome.notes.contains { $0.contains("earlier in this scan") && $0.contains("budget of this device is \(budget)") })
            let writes = recorder.writes.withLock { $0 }
            #expect(writes.count == 2)
            // Sent again under a key of its own, so that a later run counts both sends.
            #expect(writes.allSatisfy { $0.key.hasPrefix(adminAdmin + "#") })
            let after = EarlierLogins(earlier.records + Self.records(writes.suffix(1).map { ($0.key, $0.state) }).records)
            #expect(after.countedAsRefused(device: "unknown") == budget, "both sends of admin:admin count")
            #expect(after.refused(adminAdmin, device: "unknown"))
        }
    }

    @Test func anAcceptedLoginSetsTheCountBackAndAnotherDeviceStartsAfresh() async throws {
        let checker = try DefaultCredentialCheckerTests.checker()
        try await LabSession.with(profiles: ["cred-generic-unbranded-camera"]) { lab in
            let device = lab.devices[0]
            let recorder = Recorder()
            let adminAdmin = Self.keys.key(user: "admin", password: "admin"), blank = Self.keys.key(user: "admin", password: "")
            // An earlier scan: two refusals, then the device accepted admin:12345 (its counter went back to 0);
            // then a Hikvision at the same address was refused three times, which says nothing of this device.
            let earlier = EarlierLogins(
                Self.records([(adminAdmin, .refused), (blank, .refused), (Self.keys.key(user: "admin", password: "12345"), .accepted)])
                    .records + Self.records([("a", .refused), ("b", .refused), ("c", .refused)], device: "Hikvision").records)
            #expect(earlier.countedAsRefused(device: "unknown") == 0)
            #expect(earlier.countedAsRefused(device: "Hikvision") == 3)
            let outcome = await checker.check(
                await DefaultCredentialCheckerTests.target(device, lab: lab), options: DefaultCredentialCheckerTests.fastOptions,
                ledger: Self.ledger(earlier, recorder: recorder, lab: lab, device: device))
            // Found again with one login, the refused ones skipped.
            #expect(outcome.findings.contains { $0.id == "default-credentials" })
            #expect(lab.activity(at: device.address)?.loginAttempts == 1)
        }
    }
}
