import CamAuditCore
import Foundation
import Testing
@testable import CamAuditStore

@Suite("Scan store")
struct ScanStoreTests {
    static func report(id: String, at seconds: TimeInterval, firmware: String) -> ScanReport {
        let start = Date(timeIntervalSince1970: seconds)
        let identity = Identity(
            manufacturer: "Hikvision", brand: "LTS", model: "DS-2CD2385G1-I", firmware: firmware, deviceType: .camera, confidence: 0.97)
        let devices = [
            DeviceReport(address: IPAddress("127.5.0.2")!, ports: [PortService(port: 80, service: "http")], identity: identity),
            DeviceReport(
                address: IPAddress("127.5.0.3")!, ports: [PortService(port: 80, service: "http")],
                identity: Identity(deviceType: .other, confidence: 0.9)),
        ]
        let metadata = ScanMetadata(
            id: id, version: "test", startedAt: start, finishedAt: start.addingTimeInterval(3), targets: ["127.5.0.0/24"],
            exclusions: [], ports: [80], addressesScanned: 256, probesSent: 256, status: .completed)
        return ScanReport(scan: metadata, devices: devices)
    }

    @Test func savesListsAndReloadsReportsExactly() throws {
        let store = try ScanStore.inMemory()
        let first = Self.report(id: "20261121-aaaa", at: 1_700_000_000, firmware: "V5.5.0 build 170725")
        let second = Self.report(id: "20261121-bbbb", at: 1_700_000_100, firmware: "V5.5.800 build 210628")
        try store.save(first)
        try store.save(second)
        let listed = try store.scans()
        #expect(listed.map(\.id) == ["20261121-bbbb", "20261121-aaaa"])
        #expect(listed[0].deviceCount == 2)
        #expect(listed[0].videoDeviceCount == 1)
        #expect(try store.report(id: "20261121-aaaa") == first)
        #expect(try store.report(id: "20261121-b") == second)
    }

    @Test func prefixesMustBeUnambiguousAndIdsMustExist() throws {
        let store = try ScanStore.inMemory()
        try store.save(Self.report(id: "20261121-aaaa", at: 1, firmware: "a"))
        try store.save(Self.report(id: "20261121-aaab", at: 2, firmware: "b"))
        #expect(throws: StoreError.self) { try store.report(id: "20261121-aa") }
        #expect(throws: StoreError.self) { try store.report(id: "nope") }
        #expect(throws: StoreError.self) { try store.report(id: "%") }
    }

    @Test func theSameScanCannotBeSavedTwice() throws {
        let store = try ScanStore.inMemory()
        let report = Self.report(id: "dup", at: 1, firmware: "a")
        try store.save(report)
        #expect(throws: StoreError.self) { try store.save(report) }
        #expect(try store.scans().count == 1)
    }

    @Test func anUpdateReplacesTheReportAndItsDeviceRowsOnly() throws {
        let store = try ScanStore.inMemory()
        let original = Self.report(id: "u1", at: 10, firmware: "V5.5.0 build 170725")
        try store.save(original)
        try store.save(Self.report(id: "u2", at: 20, firmware: "V5.5.0 build 170725"))
        var updated = original
        updated.devices[0].findings.append(
            Finding(
                id: "phone-home-p2p", title: "Registers with a P2P relay", severity: .medium, kind: .phoneHome,
                decidedBy: .trafficCapture("lan.pcap"), evidence: ["udp/32100 198.51.100.7"], remediation: nil))
        updated.devices.removeLast()
        try store.update(updated)
        #expect(try store.report(id: "u1") == updated)
        #expect(try store.report(id: "u2").devices.count == 2, "the other scan is untouched")
        #expect(try store.scans().first { $0.id == "u1" }?.deviceCount == 1)
        #expect(try store.sightings(of: IPAddress("127.5.0.3")!).map(\.scanId) == ["u2"], "the removed device's row went with it")
        #expect(throws: StoreError.self) { try store.update(Self.report(id: "missing", at: 1, firmware: "a")) }
    }

    @Test func sightingsFollowAnAddressAcrossScans() throws {
        let store = try ScanStore.inMemory()
        try store.save(Self.report(id: "s1", at: 10, firmware: "V5.5.0 build 170725"))
        try store.save(Self.report(id: "s2", at: 20, firmware: "V5.5.800 build 210628"))
        let sightings = try store.sightings(of: IPAddress("127.5.0.2")!)
        #expect(sightings.map(\.firmware) == ["V5.5.800 build 210628", "V5.5.0 build 170725"])
    }

    @Test func aFileStorePersistsAcrossOpens() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/scans.sqlite").path
        try ScanStore(path: path).save(Self.report(id: "kept", at: 5, firmware: "x"))
        let reopened = try ScanStore(path: path)
        #expect(try reopened.scans().map(\.id) == ["kept"])
        #expect(try reopened.report(id: "kept").devices.count == 2)
    }

    @Test func migrationsAreNamedAndAppendOnly() {
        // Shipped migration names: a rename or removal here means an edited migration.
        #expect(
            ScanStore.migrator.migrations == [
                "v1: scans and devices", "v2: scans written as they run", "v3: device reports and list filters",
                "v4: users, sessions, API tokens and the audit log", "v5: schedules", "v6: each device's latest sighting",
                "v7: alerts, alert targets and deliveries", "v8: logins camaudit sent, across scans", "v9: cron schedules",
                "v10: server settings",
            ])
    }

    @Test func defaultPathFollowsXDG() {
        #expect(ScanStore.defaultPath(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/x/camaudit/scans.sqlite")
        #expect(ScanStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/camaudit/scans.sqlite")
    }
}

@Suite("Scan listing")
struct ScanListingTests {
    static func stored() throws -> [StoredScan] {
        let store = try ScanStore.inMemory()
        var second = ScanStoreTests.report(id: "20261121-bbbb", at: 1_700_000_100, firmware: "b")
        second.scan.status = .deadline
        second.scan.targets = ["127.5.0.0/24", "cam,\"1\".lan"]
        try store.save(ScanStoreTests.report(id: "20261121-aaaa", at: 1_700_000_000, firmware: "a"))
        try store.save(second)
        return try store.scans()
    }

    /// The JSON is an array of objects with the same keys in every release: scripts read it.
    @Test func jsonIsAnArrayOfSummariesWithStableKeys() throws {
        let scans = try Self.stored()
        let text = try ScanListing.render(scans, as: .json)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        for object in array {
            #expect(Set(object.keys) == ["id", "startedAt", "finishedAt", "status", "targets", "deviceCount", "videoDeviceCount"])
        }
        #expect(array[0]["id"] as? String == "20261121-bbbb")
        #expect(array[0]["status"] as? String == "deadline")
        #expect(array[0]["targets"] as? [String] == ["127.5.0.0/24", "cam,\"1\".lan"])
        #expect(array[0]["startedAt"] as? String == "2023-11-14T22:15:00.000Z")
        #expect(array[0]["videoDeviceCount"] as? Int == 1)
        let decoded = try ReportCoding.makeDecoder().decode([StoredScan].self, from: Data(text.utf8))
        #expect(decoded == scans)
        #expect(try ScanListing.render([], as: .json) == "[]\n")
    }

    @Test func csvHasAHeaderAndQuotesAsRFC4180Asks() throws {
        let csv = ScanListing.csv(try Self.stored())
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "id,started_at,finished_at,status,device_count,video_device_count,targets")
        #expect(
            lines[1] == "20261121-bbbb,2023-11-14T22:15:00.000Z,2023-11-14T22:15:03.000Z,deadline,2,1,\"127.5.0.0/24 cam,\"\"1\"\".lan\"")
        #expect(lines.count == 4 && lines[3].isEmpty, "every record ends with CRLF")
        #expect(ScanListing.csv([]) == "id,started_at,finished_at,status,device_count,video_device_count,targets\r\n")
    }

    @Test func theTableIsTheDefaultAndSaysWhenThereIsNothing() throws {
        let table = ScanListing.table(try Self.stored())
        #expect(table.hasPrefix("ID                      STARTED               STATUS       HOSTS  CAMERAS  TARGETS\n20261121-bbbb  "))
        #expect(ScanListing.table([]).hasPrefix("No saved scans yet"))
    }

    /// A status camaudit never writes is refused by name instead of being listed as something else.
    @Test func aHandEditedStatusIsRefused() throws {
        var record = ScanRecord(report: ScanStoreTests.report(id: "edited", at: 1, firmware: "a"), blob: Data())
        #expect(try record.summary().status == .completed)
        record.status = "halted"
        do {
            _ = try record.summary()
            Issue.record("a status of 'halted' was listed")
        } catch {
            #expect(
                error.description
                    == "The saved report of scan edited cannot be read (status \"halted\" is not a scan status; expected one of completed, deadline, cancelled, running, interrupted, abandoned)."
            )
        }
    }
}
