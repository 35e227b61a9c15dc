import CamAuditCore
import CamAuditStore
import Foundation

/// Runs the saved schedules: each due schedule starts a scan of its targets through `ScanJobs` (one at a
/// time per target set). Runs that fell while the server was down, or while the last run of the same targets
/// was still going, are counted as missed (and logged), not silently skipped; a late schedule runs once, now.
public struct Scheduler: Sendable {
    let store: ScanStore
    let jobs: ScanJobs
    /// How often due schedules are looked for.
    let tick: Duration

    public init(store: ScanStore, jobs: ScanJobs, tick: Duration = .seconds(1)) {
        self.store = store
        self.jobs = jobs
        self.tick = tick
    }

    /// Looks for due schedules until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await runDue(now: Date())
            try? await Task.sleep(for: tick)
        }
    }

    /// Starts every schedule due at `now`; returns the scan ids started.
    @discardableResult
    public func runDue(now: Date) async -> [String] {
        guard let schedules = try? store.schedules() else { return [] }
        var started: [String] = []
        for schedule in schedules where schedule.nextRunAt <= now {
            guard var (missed, next) = Self.catchUp(schedule, now: now) else {
                try? store.audit(
                    user: "schedule \(schedule.id)", action: "schedule-failed",
                    detail: "its cron expression '\(schedule.cron ?? "")' cannot be read or names no time to come; it does not run")
                continue
            }
            var scanID: String?
            do {
                let targets = try schedule.targets.map { text throws in try TargetSpecification(parsing: text) }
                scanID = try await jobs.start(targets, by: "schedule \(schedule.id)")
            } catch ScanJobs.JobError.busy {
                missed += 1
            } catch {
                try? store.audit(user: "schedule \(schedule.id)", action: "schedule-failed", detail: "\(error)")
            }
            if missed > 0 {
                try? store.audit(
                    user: "schedule \(schedule.id)", action: "schedule-missed",
                    detail:
                        "\(missed) run(s) of \(schedule.targets.joined(separator: " ")) missed (server down or the previous run still going)"
                )
            }
            try? store.scheduleRan(id: schedule.id, at: now, scanID: scanID, missed: missed, nextRunAt: next)
            if let scanID { started.append(scanID) }
        }
        return started
    }

    /// The due times between the one being run now and `now` that no run covered, and the next due time
    /// after `now`; nil for a cron expression that cannot be read or names no time to come.
    static func catchUp(_ schedule: ScanSchedule, now: Date) -> (missed: Int, next: Date)? {
        guard let text = schedule.cron else {
            let interval = TimeInterval(max(schedule.intervalSeconds, 60))
            let missed = Int(now.timeIntervalSince(schedule.nextRunAt) / interval)
            return (missed, schedule.nextRunAt.addingTimeInterval(interval * Double(missed + 1)))
        }
        guard let cron = try? CronExpression(parsing: text), let next = cron.next(after: now) else { return nil }
        var missed = 0
        var due = cron.next(after: schedule.nextRunAt)
        // Bounded: a server down for years counts at most this many.
        while let time = due, time <= now, missed < 100_000 {
            missed += 1
            due = cron.next(after: time)
        }
        return (missed, next)
    }
}
