import CamAuditCore
import Foundation
import GRDB

/// An alert as the store keeps it (CamAuditAlerts' `Alert`, by value, so the store needs no alert module).
public struct StoredAlert: Sendable, Hashable, Codable {
    public var key: String
    public var kind: String
    public var severity: String
    public var address: String
    public var scanId: String
    public var time: Date
    public var summary: String
    public var details: [String: String]

    public init(
        key: String, kind: String, severity: String, address: String, scanId: String, time: Date, summary: String, details: [String: String]
    ) {
        self.key = key
        self.kind = kind
        self.severity = severity
        self.address = address
        self.scanId = scanId
        self.time = time
        self.summary = summary
        self.details = details
    }
}

/// Where alerts go: a name, its kind and its settings as JSON (a webhook's secret or a mail account's password
/// is in it: the server needs them to deliver, so the database file must be kept as private as the server).
public struct StoredAlertTarget: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var kind: String
    public var configuration: Data
}

/// One delivery attempt, as CamAuditAlerts' `DeliveryRecord` logs it.
public struct StoredDelivery: Sendable, Hashable, Codable {
    public var target: String
    public var targetKind: String
    public var alertKey: String
    public var attempt: Int
    public var outcome: String
    public var error: String?
    public var time: Date

    public init(target: String, targetKind: String, alertKey: String, attempt: Int, outcome: String, error: String?, time: Date) {
        self.target = target
        self.targetKind = targetKind
        self.alertKey = alertKey
        self.attempt = attempt
        self.outcome = outcome
        self.error = error
        self.time = time
    }
}

extension ScanStore {
    static func registerAlertMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7: alerts, alert targets and deliveries") { db in
            try db.create(table: "alert") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("key", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("severity", .text).notNull()
                table.column("address", .text).notNull()
                table.column("scanId", .text).notNull().references("scan", onDelete: .cascade)
                table.column("at", .datetime).notNull()
                table.column("summary", .text).notNull()
                table.column("details", .text).notNull()
                table.uniqueKey(["key", "scanId"])
            }
            try db.create(table: "alertTarget") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique().collate(.nocase)
                table.column("kind", .text).notNull()
                table.column("configuration", .blob).notNull()
            }
            try db.create(table: "delivery") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("target", .text).notNull()
                table.column("targetKind", .text).notNull()
                table.column("alertKey", .text).notNull()
                table.column("attempt", .integer).notNull()
                table.column("outcome", .text).notNull()
                table.column("error", .text)
                table.column("at", .datetime).notNull()
            }
            try db.create(index: "delivery_on_key_target", on: "delivery", columns: ["alertKey", "target"])
        }
    }

    /// Keeps alerts raised by a scan (an alert already kept for that scan is not doubled).
    public func saveAlerts(_ alerts: [StoredAlert]) throws(StoreError) {
        do {
            try writer.write { db in
                for alert in alerts {
                    let details = String(decoding: try JSONEncoder().encode(alert.details), as: UTF8.self)
                    try db.execute(
                        sql: """
                            INSERT OR IGNORE INTO alert (key, kind, severity, address, scanId, at, summary, details)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [alert.key, alert.kind, alert.severity, alert.address, alert.scanId, alert.time, alert.summary, details])
                }
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// The newest alerts first.
    /// A named setting of the server (JSON text), nil when never set.
    public func setting(_ key: String) throws(StoreError) -> String? {
        do {
            return try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    public func setSetting(_ key: String, to value: String) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", arguments: [key, value])
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    public func alerts(limit: Int = 200) throws(StoreError) -> [StoredAlert] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM alert ORDER BY at DESC, id DESC LIMIT ?", arguments: [limit]).map { row in
                    let details = (try? JSONDecoder().decode([String: String].self, from: Data((row["details"] as String).utf8))) ?? [:]
                    return StoredAlert(
                        key: row["key"], kind: row["kind"], severity: row["severity"], address: row["address"], scanId: row["scanId"],
                        time: row["at"], summary: row["summary"], details: details)
                }
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    public func saveAlertTarget(name: String, kind: String, configuration: Data) throws(StoreError) -> Int64 {
        do {
            return try writer.write { db in
                try db.execute(
                    sql: "INSERT INTO alertTarget (name, kind, configuration) VALUES (?, ?, ?)", arguments: [name, kind, configuration])
                return db.lastInsertedRowID
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    public func alertTargets() throws(StoreError) -> [StoredAlertTarget] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM alertTarget ORDER BY id").map { row in
                    StoredAlertTarget(id: row["id"], name: row["name"], kind: row["kind"], configuration: row["configuration"])
                }
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    public func deleteAlertTarget(id: Int64) throws(StoreError) -> Bool {
        do {
            return try writer.write { db in
                try db.execute(sql: "DELETE FROM alertTarget WHERE id = ?", arguments: [id])
                return db.changesCount == 1
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    public func recordDelivery(_ delivery: StoredDelivery) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(
                    sql: "INSERT INTO delivery (target, targetKind, alertKey, attempt, outcome, error, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [
                        delivery.target, delivery.targetKind, delivery.alertKey, delivery.attempt, delivery.outcome, delivery.error,
                        delivery.time,
                    ])
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// When `alertKey` was last delivered to `target`, if ever (deduplication survives a restart).
    public func lastDelivered(alertKey: String, target: String) throws(StoreError) -> Date? {
        do {
            return try writer.read { db in
                try Date.fetchOne(
                    db, sql: "SELECT max(at) FROM delivery WHERE alertKey = ? AND target = ? AND outcome = 'delivered'",
                    arguments: [alertKey, target])
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    /// The newest deliveries first.
    public func deliveries(limit: Int = 200) throws(StoreError) -> [StoredDelivery] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM delivery ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                    StoredDelivery(
                        target: row["target"], targetKind: row["targetKind"], alertKey: row["alertKey"], attempt: row["attempt"],
                        outcome: row["outcome"], error: row["error"], time: row["at"])
                }
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }
}
