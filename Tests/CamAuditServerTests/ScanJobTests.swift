import CamAuditCore
import CamAuditLab
import CamAuditScanner
import CamAuditServer
import CamAuditStore
import CamAuditTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Scans the server runs: started through the API, followed by server-sent events, refused outside the
/// allowed targets or for the wrong role, one at a time per target set, and run by schedules (missed runs counted).
@Suite("Server scans and schedules", .serialized)
struct ScanJobTests {
    static let profiles = ["hikvision-ipc-new", "dahua-ipc", "axis-m1065", "decoy-nginx"]

    struct Setup {
        var store: ScanStore
        var jobs: ScanJobs
        var admin: String
        var viewer: String
        var lab: Lab
    }

    static func withServer(_ body: @Sendable (any TestClientProtocol, Setup) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-jobs-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ScanStore(path: path)
        try await LabSession.with(profiles: Self.profiles) { lab in
            let template = try lab.scanRequest(.network)
            let jobs = ScanJobs(store: store, scanner: try Scanner.bundled(), allowed: [try TargetSpecification(parsing: lab.network)]) {
                targets in
                var request = template
                request.targets = targets
                return request
            }
            let admin = try APIServer.createUser(
                name: "admin", password: "correct horse battery", role: .admin, store: store, settings: APIServerTests.settings)
            let viewer = try APIServer.createUser(
                name: "viewer", password: "correct horse battery", role: .viewer, store: store, settings: APIServerTests.settings)
            let setup = Setup(
                store: store, jobs: jobs, admin: try APIServer.createAPIToken(for: admin, name: "t", store: store),
                viewer: try APIServer.createAPIToken(for: viewer, name: "t", store: store), lab: lab)
            let app = Application(router: try APIServer.router(store: store, settings: APIServerTests.settings, jobs: jobs))
            try await app.test(.router) { client in try await body(client, setup) }
        }
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, token: String, json: String) async throws -> (
        HTTPResponse.Status, String
    ) {
        try await client.execute(
            uri: uri, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
            body: ByteBuffer(string: json)
        ) { response in (response.status, String(buffer: response.body)) }
    }

    @Test func aScanStartedThroughTheAPIIsFollowedToItsEndAndSaved() async throws {
        try await Self.withServer { client, setup in
            let network = setup.lab.network
            let (status, body) = try await Self.post(client, "/api/v1/scans", token: setup.admin, json: #"{"targets":["\#(network)"]}"#)
            #expect(status == .accepted, "\(body)")
            let started = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String])
            let id = try #require(started["id"])
            // A second scan of the same targets while the first runs is refused.
            let (busy, busyBody) = try await Self.post(client, "/api/v1/scans", token: setup.admin, json: #"{"targets":["\#(network)"]}"#)
            #expect(busy == .conflict, "\(busyBody)")
            let events = try await client.execute(
                uri: "/api/v1/scans/\(id)/events", method: .get, headers: [.authorization: "Bearer \(setup.admin)"]
            ) {
                response in
                #expect(response.headers[.contentType] == "text/event-stream")
                return String(buffer: response.body)
            }
            #expect(
                events.contains("event: end\ndata: {\"status\":\"completed\",\"devices\":\(Self.profiles.count)}"), "\(events.suffix(300))")
            await setup.jobs.wait(id)
            let saved = try setup.store.report(id: id)
            #expect(saved.scan.status == .completed)
            #expect(saved.devices.count == Self.profiles.count)
            #expect(try setup.store.auditLog().contains { $0.action == "scan-started" && $0.user == "admin" })
        }
    }

    @Test func scansOutsideTheAllowedTargetsOrByAViewerAreRefused() async throws {
        try await Self.withServer { client, setup in
            let outside = TestAddresses.block(forDevices: 1).host(1).description
            let answer1 = try await Self.post(client, "/api/v1/scans", token: setup.admin, json: #"{"targets":["\#(outside)"]}"#)
            #expect(answer1.0 == .forbidden, "\(answer1.1)")
            let answer2 = try await Self.post(client, "/api/v1/scans", token: setup.viewer, json: #"{"targets":["\#(setup.lab.network)"]}"#)
            #expect(answer2.0 == .forbidden, "\(answer2.1)")
            let publicAddress = "8.8.8.8"  // data: refused before any packet
            let answer3 = try await Self.post(client, "/api/v1/scans", token: setup.admin, json: #"{"targets":["\#(publicAddress)"]}"#)
            #expect(answer3.0 == .badRequest && answer3.1.contains("public"), "\(answer3.1)")
            let answer4 = try await Self.post(client, "/api/v1/scans", token: setup.admin, json: #"{"targets":["not a target"]}"#)
            #expect(answer4.0 == .badRequest, "\(answer4.1)")
            let answer5 = try await Self.post(client, "/api/v1/scans", token: setup.admin, json: #"{"targets":[]}"#)
            #expect(answer5.0 == .badRequest, "\(answer5.1)")
            #expect(try setup.store.scans().isEmpty, "nothing was scanned")
        }
    }

    @Test func schedulesRunDueScansAndCountTheRunsTheyMissed() async throws {
        try await Self.withServer { client, setup in
            let network = setup.lab.network
            let tooOften = try await Self.post(
                client, "/api/v1/schedules", token: setup.admin, json: #"{"targets":["\#(network)"],"intervalSeconds":30}"#)
            #expect(tooOften.0 == .badRequest)
            let made = try await Self.post(
                client, "/api/v1/schedules", token: setup.admin, json: #"{"targets":["\#(network)"],"intervalSeconds":60}"#)
            #expect(made.0 == .created, "\(made.1)")
            let schedule = try #require(try setup.store.schedules().first)
            try await client.execute(uri: "/api/v1/schedules", method: .get, headers: [.authorization: "Bearer \(setup.viewer)"]) {
                response in
                #expect(response.status == .ok)
                try APIServerTests.checkAgainstOpenAPI(Data(response.body.readableBytesView), schema: "Schedule", array: true)
            }
            let scheduler = Scheduler(store: setup.store, jobs: setup.jobs)
            // Due now: one run, nothing missed.
            let first = await scheduler.runDue(now: schedule.nextRunAt)
            #expect(first.count == 1)
            for id in first { await setup.jobs.wait(id) }
            // The server was down for three and a half intervals: three runs missed, one run now.
            let later = schedule.nextRunAt.addingTimeInterval(60 * 4.5)
            let second = await scheduler.runDue(now: later)
            #expect(second.count == 1)
            for id in second { await setup.jobs.wait(id) }
            let after = try #require(try setup.store.schedules().first)
            #expect(after.missedRuns == 3)
            #expect(after.lastScanId == second.first)
            #expect(after.nextRunAt > later)
            #expect(try setup.store.auditLog().contains { $0.action == "schedule-missed" && $0.detail.hasPrefix("3 run(s)") })
            #expect(try setup.store.scans().count == 2)
            #expect(await scheduler.runDue(now: later).isEmpty, "not due again yet")
        }
    }

    @Test func cronSchedulesRunAtTheTimesTheyNameAndCountMissedOnes() async throws {
        try await Self.withServer { client, setup in
            let network = setup.lab.network
            let bad = try await Self.post(
                client, "/api/v1/schedules", token: setup.admin, json: #"{"targets":["\#(network)"],"cron":"61 * * * *"}"#)
            #expect(bad.0 == .badRequest && bad.1.contains("minute"), "\(bad.1)")
            let both = try await Self.post(
                client, "/api/v1/schedules", token: setup.admin,
                json: #"{"targets":["\#(network)"],"cron":"* * * * *","intervalSeconds":60}"#)
            #expect(both.0 == .badRequest, "\(both.1)")
            let made = try await Self.post(
                client, "/api/v1/schedules", token: setup.admin, json: #"{"targets":["\#(network)"],"cron":"*/10 * * * *"}"#)
            #expect(made.0 == .created, "\(made.1)")
            try APIServerTests.checkAgainstOpenAPI(Data(made.1.utf8), schema: "Schedule")
            let schedule = try #require(try setup.store.schedules().first)
            #expect(schedule.cron == "*/10 * * * *" && schedule.intervalSeconds == 0)
            // The first run is the next tenth minute (UTC).
            let minute = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: schedule.nextRunAt).minute
            #expect(minute.map { $0 % 10 == 0 } == true)
            #expect(schedule.nextRunAt > Date() && schedule.nextRunAt <= Date().addingTimeInterval(600))
            let scheduler = Scheduler(store: setup.store, jobs: setup.jobs)
            // Down for 35 minutes after the due time: the 10-, 20- and 30-minute marks were missed; one run now.
            let later = schedule.nextRunAt.addingTimeInterval(35 * 60)
            let ran = await scheduler.runDue(now: later)
            #expect(ran.count == 1)
            for id in ran { await setup.jobs.wait(id) }
            let after = try #require(try setup.store.schedules().first)
            #expect(after.missedRuns == 3)
            #expect(after.nextRunAt == schedule.nextRunAt.addingTimeInterval(40 * 60))
        }
    }
}
