import CamAuditCore
import Foundation
import GRDB

/// A recurring scan of a target set, run by `camaudit serve`.
public struct ScanSchedule: Sendable, Hashable, Codable {
    public var id: Int64
    public var targets: [String]
    /// Seconds between runs; 0 for a schedule set by a cron expression.
    public var intervalSeconds: Int
    /// A five-field cron expression in UTC (`camaudit serve` reads it), or nil for an interval schedule.
    public var cron: String?
    public var nextRunAt: Date
    public var lastRunAt: Date?
    public var lastScanId: String?
    /// Runs that fell while the server was down (or while the previous run of the same targets went on),
    /// counted rather than silently skipped.
    public var missedRuns: Int
    public var createdBy: String
}

extension ScanStore {
    public func createSchedule(
        targets: [String], intervalSeconds: Int, cron: String? = nil, firstRunAt: Date, createdBy: String
    ) throws(StoreError) -> ScanSchedule {
        do {
            return try writer.write { db in
                try db.execute(
                    sql: "INSERT INTO schedule (targets, intervalSeconds, cron, nextRunAt, createdBy) VALUES (?, ?, ?, ?, ?)",
                    arguments: [targets.joined(separator: " "), intervalSeconds, cron, firstRunAt, createdBy])
                return ScanSchedule(
                    id: db.lastInsertedRowID, targets: targets, intervalSeconds: intervalSeconds, cron: cron, nextRunAt: firstRunAt,
                    lastRunAt: nil, lastScanId: nil, missedRuns: 0, createdBy: createdBy)
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    public func schedules() throws(StoreError) -> [ScanSchedule] {
        do {
            return try writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM schedule ORDER BY id").map(Self.schedule) }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    public func deleteSchedule(id: Int64) throws(StoreError) -> Bool {
        do {
            return try writer.write { db in
                try db.execute(sql: "DELETE FROM schedule WHERE id = ?", arguments: [id])
                return db.changesCount == 1
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// Records a run (or runs missed) of a schedule and when it is due next.
    public func scheduleRan(id: Int64, at date: Date, scanID: String?, missed: Int, nextRunAt: Date) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(
                    sql: """
                        UPDATE schedule SET lastRunAt = coalesce(?, lastRunAt), lastScanId = coalesce(?, lastScanId),
                        missedRuns = missedRuns + ?, nextRunAt = ? WHERE id = ?
                        """, arguments: [scanID == nil ? nil : date, scanID, missed, nextRunAt, id])
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    private static func schedule(_ row: Row) -> ScanSchedule {
        ScanSchedule(
            id: row["id"], targets: (row["targets"] as String).split(separator: " ").map(String.init),
            intervalSeconds: row["intervalSeconds"], cron: row["cron"],
            nextRunAt: row["nextRunAt"], lastRunAt: row["lastRunAt"], lastScanId: row["lastScanId"], missedRuns: row["missedRuns"],
            createdBy: row["createdBy"])
    }
}
