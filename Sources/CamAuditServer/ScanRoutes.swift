import CamAuditCore
import CamAuditScanner
import CamAuditStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Starting scans, watching them and scheduling them, in the API and the dashboard (admin only).
struct ScanRoutes: Sendable {
    let store: ScanStore
    let auth: Authenticator
    let jobs: ScanJobs?
    let dashboard: Dashboard

    struct StartRequest: Decodable {
        var targets: [String]
    }

    struct ScheduleRequest: Decodable {
        var targets: [String]
        var intervalSeconds: Int?
        var cron: String?
    }

    static let minimumInterval = 60
    static let maximumInterval = 366 * 24 * 3600

    func register(on router: Router<ServerContext>) {
        router.post("api/v1/scans") { request, context in
            let caller = try auth.requireAPI(request, role: .admin)
            try auth.checkCSRF(caller, submitted: request.headers[.csrfToken])
            let body = try await request.decode(as: StartRequest.self, context: context)
            let id = try await start(body.targets, by: caller.user.name)
            var response = try APIHandlers.encode(["id": id, "events": "/api/v1/scans/\(id)/events"])
            response.status = .accepted
            response.headers[.location] = "/api/v1/scans/\(id)"
            return response
        }
        router.get("api/v1/scans/:id/events") { request, context in
            _ = try auth.requireAPI(request)
            return try await events(context.parameters.require("id"))
        }
        router.get("api/v1/schedules") { request, _ in
            _ = try auth.requireAPI(request)
            return try APIHandlers.encode(try store.schedules())
        }
        router.post("api/v1/schedules") { request, context in
            let caller = try auth.requireAPI(request, role: .admin)
            try auth.checkCSRF(caller, submitted: request.headers[.csrfToken])
            let body = try await request.decode(as: ScheduleRequest.self, context: context)
            let when: ScheduleTime
            switch (body.intervalSeconds, body.cron) {
            case (let seconds?, nil): when = .every(seconds)
            case (nil, let cron?): when = .cron(cron)
            default: throw HTTPError(.badRequest, message: "give either intervalSeconds or cron")
            }
            var response = try APIHandlers.encode(try await schedule(body.targets, when, by: caller.user.name))
            response.status = .created
            return response
        }
        router.delete("api/v1/schedules/:id") { request, context in
            let caller = try auth.requireAPI(request, role: .admin)
            try auth.checkCSRF(caller, submitted: request.headers[.csrfToken])
            guard let id = Int64(try context.parameters.require("id")), try store.deleteSchedule(id: id) else {
                throw HTTPError(.notFound, message: "no schedule has that id")
            }
            try store.audit(user: caller.user.name, action: "schedule-deleted", detail: "schedule \(id)")
            return Response(status: .noContent)
        }
        router.get("static/live.js") { _, _ in
            var response = APIHandlers.respond(Data(Self.liveScript.utf8), contentType: "text/javascript; charset=utf-8")
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.post("scans/start") { request, context in
            let (caller, form) = try await dashboard.adminPost(request, context: context, TargetsForm.self)
            let targets = form.targets.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" }).map(String.init)
            do {
                let id = try await start(targets, by: caller.user.name)
                return Response.redirect(to: "/scans/\(id)", type: .normal)
            } catch let error as HTTPError {
                return try dashboard.scans(caller, error: error.body, status: error.status)
            }
        }
        router.post("settings/schedules") { request, context in
            let (caller, form) = try await dashboard.adminPost(request, context: context, ScheduleForm.self)
            let targets = form.targets.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            do {
                // "every N minutes" is a number; anything else is read as a cron expression.
                let text = form.when.trimmingCharacters(in: .whitespaces)
                let when: ScheduleTime = Int(text).map { .every($0 * 60) } ?? .cron(text)
                let made = try await schedule(targets, when, by: caller.user.name)
                return try dashboard.settings(caller, notice: "Schedule \(made.id) made: \(Dashboard.every(made)).", error: nil)
            } catch let error as HTTPError {
                return try dashboard.settings(caller, notice: nil, error: error.body, status: error.status)
            }
        }
        router.post("settings/schedules/:id/delete") { request, context in
            let (caller, _) = try await dashboard.adminPost(request, context: context, Dashboard.CSRFForm.self)
            guard let id = Int64(try context.parameters.require("id")), try store.deleteSchedule(id: id) else {
                return try dashboard.settings(caller, notice: nil, error: "No schedule has that id.", status: .notFound)
            }
            try store.audit(user: caller.user.name, action: "schedule-deleted", detail: "schedule \(id)")
            return try dashboard.settings(caller, notice: "Schedule \(id) deleted.", error: nil)
        }
    }

    struct TargetsForm: Decodable {
        var targets: String
    }

    struct ScheduleForm: Decodable {
        var targets: String
        /// Minutes between runs, or a cron expression.
        var when: String
    }

    /// When a schedule runs: every so many seconds, or at the times a cron expression names (UTC).
    enum ScheduleTime {
        case every(Int)
        case cron(String)
    }

    func parse(_ texts: [String]) throws -> [TargetSpecification] {
        guard !texts.isEmpty else { throw HTTPError(.badRequest, message: "give at least one target") }
        do {
            return try texts.map { text throws in try TargetSpecification(parsing: text) }
        } catch {
            throw HTTPError(.badRequest, message: "\(error)")
        }
    }

    func start(_ texts: [String], by user: String) async throws -> String {
        guard let jobs else {
            throw HTTPError(.forbidden, message: "this server runs no scans: start it with --allow-scan LIST")
        }
        let targets = try parse(texts)
        do {
            return try await jobs.start(targets, by: user)
        } catch .notAllowed(let why) {
            throw HTTPError(.forbidden, message: why)
        } catch .busy(let why) {
            throw HTTPError(.conflict, message: why)
        } catch .badTargets(let why) {
            throw HTTPError(.badRequest, message: why)
        }
    }

    func schedule(_ texts: [String], _ when: ScheduleTime, by user: String) async throws -> ScanSchedule {
        guard let jobs else {
            throw HTTPError(.forbidden, message: "this server runs no scans: start it with --allow-scan LIST")
        }
        var seconds = 0
        var cron: CronExpression?
        var firstRun = Date()
        switch when {
        case .every(let interval):
            guard interval >= Self.minimumInterval else {
                throw HTTPError(.badRequest, message: "a schedule runs at most once a minute (intervalSeconds >= \(Self.minimumInterval))")
            }
            guard interval <= Self.maximumInterval else {
                throw HTTPError(.badRequest, message: "a schedule runs at least once a year (intervalSeconds <= \(Self.maximumInterval))")
            }
            seconds = interval
        case .cron(let text):
            do { cron = try CronExpression(parsing: text) } catch { throw HTTPError(.badRequest, message: error.description) }
            guard let next = cron?.next(after: firstRun) else {
                throw HTTPError(.badRequest, message: "'\(text)' names no time in the next eight years")
            }
            firstRun = next
        }
        let targets = try parse(texts)
        do { try await jobs.check(targets) } catch { throw HTTPError(.forbidden, message: error.description) }
        let made = try store.createSchedule(
            targets: targets.map(\.text), intervalSeconds: seconds, cron: cron?.description, firstRunAt: firstRun, createdBy: user)
        try store.audit(
            user: user, action: "schedule-created",
            detail: "schedule \(made.id): \(made.targets.joined(separator: " ")) \(Dashboard.every(made))")
        return made
    }

    /// Server-sent events: `progress` lines while the scan runs, then `end`.
    func events(_ id: String) async throws -> Response {
        guard let stream = await jobs?.watch(id) else {
            throw HTTPError(.notFound, message: "this server is not running scan \(id) (a finished scan is at /api/v1/scans/\(id))")
        }
        let buffers = stream.map { event -> ByteBuffer in ByteBuffer(string: Self.sse(event)) }
        var response = Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: ResponseBody(asyncSequence: buffers)
        )
        response.headers[.init("X-Accel-Buffering")!] = "no"
        return response
    }

    static func sse(_ event: ScanJobs.Event) -> String {
        switch event {
        case .progress(let progress):
            let json =
                "{\"phase\":\"\(progress.phase.rawValue)\",\"addressesDone\":\(progress.addressesDone),\"addressesTotal\":\(progress.addressesTotal),"
                + "\"openPorts\":\(progress.openPorts),\"hostsFound\":\(progress.hostsFound),\"hostsProbed\":\(progress.hostsProbed)}"
            return "event: progress\ndata: \(json)\n\n"
        case .finished(let status, let devices):
            return "event: end\ndata: {\"status\":\"\(status.rawValue)\",\"devices\":\(devices)}\n\n"
        case .failed(let why):
            let text = String(decoding: (try? JSONEncoder().encode(why)) ?? Data("\"failed\"".utf8), as: UTF8.self)
            return "event: end\ndata: {\"status\":\"failed\",\"error\":\(text)}\n\n"
        }
    }

    /// The scan page's only script (served from here, so the page's policy allows 'self' alone): it follows
    /// the scan's events and reloads the page when the scan ends.
    static let liveScript = """
        (function () {
          var box = document.getElementById("live");
          if (!box || !window.EventSource) { return; }
          var source = new EventSource("/api/v1/scans/" + box.dataset.scan + "/events");
          source.addEventListener("progress", function (e) {
            var p = JSON.parse(e.data);
            box.textContent = p.phase + ": " + p.addressesDone + " of " + p.addressesTotal + " addresses swept, "
              + p.hostsFound + " hosts found, " + p.hostsProbed + " probed";
          });
          source.addEventListener("end", function (e) {
            var end = JSON.parse(e.data);
            box.textContent = "ended: " + end.status + (end.devices !== undefined ? ", " + end.devices + " devices" : "");
            source.close();
            setTimeout(function () { location.reload(); }, 500);
          });
          source.onerror = function () { source.close(); };
        })();
        """
}

extension HTTPField.Name {
    /// A session's CSRF token on API calls made from the dashboard's own pages.
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
}
