import CamAuditCore
import Foundation
import GRDB
import Synchronization

/// The saved scans, in one SQLite file through GRDB.
///
/// Each intent-named method is one transaction. The whole report is kept as JSON so that
/// `camaudit report` re-renders exactly what the scan saw; the `device` table indexes it for queries.
public struct ScanStore: Sendable {
    let writer: any DatabaseWriter
    /// Counts the writes this process made to scans, devices and logins (`generation`).
    let changes = ChangeCounter()

    /// Grows with every write of this process to scans, devices or logins: a cache of reads keyed by it
    /// (the server's) is never stale for this process's own writes. Other processes' writes are not counted.
    public var generation: UInt64 { changes.value }

    /// Changes whenever the store may have changed: this process's writes (`generation`), and another
    /// process's, seen in the size and modification time of the file and its write-ahead log (each commit
    /// appends to the log). Cheap (two `stat` calls); only `generation` for an in-memory store.
    public func changeStamp() -> String {
        guard let path = (writer as? DatabasePool)?.path else { return "g\(generation)" }
        func stamp(_ file: String) -> String {
            var info = stat()
            guard stat(file, &info) == 0 else { return "-" }
            return "\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return "g\(generation)|\(stamp(path))|\(stamp(path + "-wal"))"
    }

    /// A write transaction that counts in `generation`.
    func change<T>(_ body: (Database) throws -> T) throws -> T {
        defer { changes.increment() }
        return try writer.write(body)
    }

    /// Opens (creating if needed) the store at `path` and runs the migrations.
    public init(path: String) throws(StoreError) {
        try self.init(path: path, migratingUpTo: nil)
    }

    /// Tests open a file with the migrations up to `target` only, as an older camaudit left it.
    init(path: String, migratingUpTo target: String?) throws(StoreError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(5)
            writer = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path, "\(error)")
        }
        try migrate(upTo: target)
    }

    /// An in-memory store with the real schema, for tests and throwaway runs.
    public static func inMemory() throws(StoreError) -> ScanStore {
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            return try ScanStore(writer: DatabaseQueue(configuration: configuration))
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(":memory:", "\(error)")
        }
    }

    private init(writer: any DatabaseWriter) throws(StoreError) {
        self.writer = writer
        try migrate()
    }

    private func migrate(upTo target: String? = nil) throws(StoreError) {
        do {
            if let target {
                try ScanStore.migrator.migrate(writer, upTo: target)
                return
            }
            try ScanStore.migrator.migrate(writer)
        } catch {
            throw .migrationFailed("\(error)")
        }
    }

    /// Where scans are kept unless `--db` says otherwise: `$XDG_DATA_HOME/camaudit/scans.sqlite`,
    /// else `~/.local/share/camaudit/scans.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return data + "/camaudit/scans.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/camaudit/scans.sqlite"
    }

    /// Migrations are registered by name and never edited once shipped: add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: scans and devices") { db in
            try db.create(table: "scan") { table in
                table.primaryKey("id", .text)
                table.column("startedAt", .datetime).notNull()
                table.column("finishedAt", .datetime).notNull()
                table.column("status", .text).notNull()
                table.column("targets", .text).notNull()
                table.column("deviceCount", .integer).notNull()
                table.column("videoDeviceCount", .integer).notNull()
                table.column("report", .blob).notNull()
            }
            try db.create(index: "scan_on_startedAt", on: "scan", columns: ["startedAt"])
            try db.create(table: "device") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("scanId", .text).notNull().references("scan", onDelete: .cascade)
                table.column("address", .text).notNull()
                table.column("manufacturer", .text)
                table.column("brand", .text)
                table.column("model", .text)
                table.column("firmware", .text)
                table.column("deviceType", .text).notNull()
                table.column("confidence", .double).notNull()
                table.uniqueKey(["scanId", "address"])
            }
            try db.create(index: "device_on_address", on: "device", columns: ["address"])
        }
        migrator.registerMigration("v2: scans written as they run") { db in
            try db.alter(table: "scan") { table in
                // The command line a resumed scan runs again, as a JSON array; null for scans saved whole.
                table.add(column: "arguments", .text)
                // `PID:TICKS` of the process running the scan (`ScanOwner`); null once it ended.
                table.add(column: "owner", .text)
            }
            // One row per host done, written as it completes: what `--resume` reads back and skips.
            try db.create(table: "scanHost") { table in
                table.column("scanId", .text).notNull().references("scan", onDelete: .cascade)
                table.column("address", .text).notNull()
                table.column("host", .blob).notNull()
                table.primaryKey(["scanId", "address"])
            }
        }
        migrator.registerMigration("v3: device reports and list filters") { db in
            try db.alter(table: "device") { table in
                table.add(column: "hostname", .text)
                table.add(column: "report", .blob)
                table.add(column: "riskScore", .integer)
                table.add(column: "riskLevel", .text)
                table.add(column: "findingIds", .text).notNull().defaults(to: ",")
                table.add(column: "complianceStatuses", .text).notNull().defaults(to: ",")
            }
            try db.create(index: "device_on_scanId", on: "device", columns: ["scanId"])
            // Rows saved before: filled from their scan's report (a report that cannot be read is left as it is).
            let decoder = ReportCoding.makeDecoder()
            for id in try String.fetchAll(db, sql: "SELECT id FROM scan") {
                // One report in memory at a time.
                guard let blob = try Data.fetchOne(db, sql: "SELECT report FROM scan WHERE id = ?", arguments: [id]),
                    let report = try? decoder.decode(ScanReport.self, from: blob)
                else { continue }
                for device in report.devices {
                    let record = DeviceRecord(scanId: id, device: device)
                    try db.execute(
                        sql: """
                            UPDATE device SET hostname = ?, report = ?, riskScore = ?, riskLevel = ?, findingIds = ?,
                            complianceStatuses = ? WHERE scanId = ? AND address = ?
                            """,
                        arguments: [
                            record.hostname, record.report, record.riskScore, record.riskLevel, record.findingIds,
                            record.complianceStatuses, id, record.address,
                        ])
                }
            }
        }
        migrator.registerMigration("v4: users, sessions, API tokens and the audit log") { db in
            try db.create(table: "user") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique(onConflict: .abort).collate(.nocase)
                // bcrypt, as `camaudit serve` hashes it; never the password.
                table.column("passwordHash", .text).notNull()
                table.column("role", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "session") { table in
                // SHA-256 of the cookie's value: a stolen database holds no usable session.
                table.primaryKey("tokenHash", .text)
                table.column("userId", .integer).notNull().references("user", onDelete: .cascade)
                table.column("csrfToken", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("expiresAt", .datetime).notNull()
            }
            try db.create(table: "apiToken") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("userId", .integer).notNull().references("user", onDelete: .cascade)
                table.column("name", .text).notNull()
                table.column("tokenHash", .text).notNull().unique()
                table.column("createdAt", .datetime).notNull()
                table.column("revokedAt", .datetime)
            }
            try db.create(table: "auditLog") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("at", .datetime).notNull()
                table.column("user", .text)
                table.column("action", .text).notNull()
                table.column("detail", .text).notNull()
            }
        }
        migrator.registerMigration("v5: schedules") { db in
            try db.create(table: "schedule") { table in
                table.autoIncrementedPrimaryKey("id")
                // The targets, space-separated, as `camaudit scan` takes them.
                table.column("targets", .text).notNull()
                table.column("intervalSeconds", .integer).notNull()
                table.column("nextRunAt", .datetime).notNull()
                table.column("lastRunAt", .datetime)
                table.column("lastScanId", .text)
                table.column("missedRuns", .integer).notNull().defaults(to: 0)
                table.column("createdBy", .text).notNull()
            }
        }
        migrator.registerMigration("v6: each device's latest sighting") { db in
            // The device list reads one row per address; without this table it ranked every sighting of every scan.
            try db.create(table: "deviceLatest") { table in
                table.primaryKey("address", .text)
                table.column("scanId", .text).notNull().references("scan", onDelete: .cascade)
                table.column("startedAt", .datetime).notNull()
            }
            try db.execute(
                sql: """
                    INSERT INTO deviceLatest (address, scanId, startedAt)
                    SELECT address, scanId, startedAt FROM (
                        SELECT device.address, device.scanId, scan.startedAt,
                               row_number() OVER (PARTITION BY device.address ORDER BY scan.startedAt DESC, scan.id DESC) AS rank
                        FROM device JOIN scan ON scan.id = device.scanId
                    ) WHERE rank = 1
                    """)
        }
        registerAlertMigration(&migrator)
        migrator.registerMigration("v8: logins camaudit sent, across scans") { db in
            // Each login a scan sends, by hash (never the password), written before it leaves and once answered:
            // later scans, and a resumed one, count the failures since the device last accepted a login in its
            // lockout budget. One row per address and login; the rowid orders them. Kept when a scan is deleted.
            try db.create(table: "loginHistory") { table in
                table.column("address", .text).notNull()
                table.column("key", .text).notNull()
                table.column("state", .text).notNull()
                table.column("device", .text).notNull()
                table.column("at", .datetime).notNull()
                table.column("scanId", .text).notNull()
                table.primaryKey(["address", "key"])
            }
        }
        migrator.registerMigration("v9: cron schedules") { db in
            try db.alter(table: "schedule") { table in table.add(column: "cron", .text) }
        }
        migrator.registerMigration("v10: server settings") { db in
            // Small named settings of `camaudit serve` (the alert rules), each a JSON text.
            try db.create(table: "setting") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
        }
        return migrator
    }

    /// Keeps `deviceLatest` right after the device rows of `scanID` changed: each of its addresses points at
    /// its newest sighting, and an address this scan no longer has falls back to the newest scan that has it.
    static func refreshLatest(_ db: Database, scanID: String, addresses: Set<String>) throws {
        try db.execute(
            sql: """
                INSERT INTO deviceLatest (address, scanId, startedAt)
                SELECT device.address, device.scanId, scan.startedAt FROM device JOIN scan ON scan.id = device.scanId
                WHERE device.scanId = ?
                ON CONFLICT(address) DO UPDATE SET scanId = excluded.scanId, startedAt = excluded.startedAt
                WHERE excluded.startedAt > deviceLatest.startedAt
                   OR (excluded.startedAt = deviceLatest.startedAt AND excluded.scanId >= deviceLatest.scanId)
                """, arguments: [scanID])
        let kept = Set(try String.fetchAll(db, sql: "SELECT address FROM device WHERE scanId = ?", arguments: [scanID]))
        for address in addresses.subtracting(kept) {
            try db.execute(sql: "DELETE FROM deviceLatest WHERE address = ? AND scanId = ?", arguments: [address, scanID])
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO deviceLatest (address, scanId, startedAt)
                    SELECT device.address, device.scanId, scan.startedAt FROM device JOIN scan ON scan.id = device.scanId
                    WHERE device.address = ? ORDER BY scan.startedAt DESC, scan.id DESC LIMIT 1
                    """, arguments: [address])
        }
    }

    /// `refreshLatest` for one address a running scan just wrote.
    static func noteLatest(_ db: Database, scanID: String, address: String) throws {
        try db.execute(
            sql: """
                INSERT INTO deviceLatest (address, scanId, startedAt)
                SELECT device.address, device.scanId, scan.startedAt FROM device JOIN scan ON scan.id = device.scanId
                WHERE device.scanId = ? AND device.address = ?
                ON CONFLICT(address) DO UPDATE SET scanId = excluded.scanId, startedAt = excluded.startedAt
                WHERE excluded.startedAt > deviceLatest.startedAt
                   OR (excluded.startedAt = deviceLatest.startedAt AND excluded.scanId >= deviceLatest.scanId)
                """, arguments: [scanID, address])
    }

    static func addresses(_ db: Database, scanID: String) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT address FROM device WHERE scanId = ?", arguments: [scanID]))
    }

    /// Checks that a scan can be written here (SQLite opens a read-only file read-only without saying so):
    /// a write transaction that changes nothing and is rolled back. Call it before a long scan.
    public func checkWritable() throws(StoreError) {
        do {
            try writer.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(sql: "DELETE FROM scan WHERE 0")
                    return .rollback
                }
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// Writes the row of a scan that starts, or takes up again an interrupted one: status `running`, owned by
    /// `owner`. `arguments` is the command line `--resume` runs again (kept from the first start when nil).
    public func begin(_ metadata: ScanMetadata, arguments: [String]?, owner: ScanOwner = .current) throws(StoreError) {
        let report = ScanReport(scan: metadata, devices: [])
        let blob = try Self.encode(report)
        let argumentsText = try arguments.map { list throws(StoreError) in try Self.encodeArguments(list) }
        do {
            try change { db in
                if try ScanRecord.exists(db, key: metadata.id) {
                    try db.execute(
                        sql: "UPDATE scan SET status = ?, owner = ?, arguments = coalesce(?, arguments) WHERE id = ?",
                        arguments: [ScanStatus.running.rawValue, owner.description, argumentsText, metadata.id])
                } else {
                    try ScanRecord(report: report, blob: blob).insert(db)
                    try db.execute(
                        sql: "UPDATE scan SET owner = ?, arguments = ? WHERE id = ?",
                        arguments: [owner.description, argumentsText, metadata.id])
                }
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// Keeps one host of a running scan, in its own transaction: its `scanHost` row (replaced if the host
    /// was done before, so it is kept once), its `device` row, and the scan's counts.
    public func recordHost(_ host: CompletedHost, scanID: String) throws(StoreError) {
        let blob: Data
        do {
            blob = try ReportCoding.makeEncoder(pretty: false).encode(host)
        } catch {
            throw .corrupt(scanID, "\(error)")
        }
        do {
            try change { db in
                let address = host.device.address.description
                try db.execute(
                    sql: "INSERT OR REPLACE INTO scanHost (scanId, address, host) VALUES (?, ?, ?)", arguments: [scanID, address, blob])
                try DeviceRecord.filter(Column("scanId") == scanID && Column("address") == address).deleteAll(db)
                try DeviceRecord(scanId: scanID, device: host.device).insert(db)
                try Self.noteLatest(db, scanID: scanID, address: address)
                try db.execute(
                    sql: """
                        UPDATE scan SET deviceCount = (SELECT count(*) FROM device WHERE scanId = ?1),
                        videoDeviceCount = (SELECT count(*) FROM device WHERE scanId = ?1 AND deviceType IN (\(Self.videoTypesSQL)))
                        WHERE id = ?1
                        """, arguments: [scanID])
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// Writes the end of a scan written as it ran (`begin`, `recordHost`): its whole report, its devices and
    /// status. A scan that ended (completed or cut by its deadline) drops its `scanHost` rows; an interrupted
    /// one keeps them for `--resume`. A scan without a row is saved whole.
    public func finish(_ report: ScanReport) throws(StoreError) {
        let blob = try Self.encode(report)
        let resumable = [ScanStatus.interrupted, .abandoned, .running].contains(report.scan.status)
        do {
            try change { db in
                try ScanRecord(report: report, blob: blob).upsert(db)
                try db.execute(sql: "UPDATE scan SET owner = NULL WHERE id = ?", arguments: [report.scan.id])
                let before = try Self.addresses(db, scanID: report.scan.id)
                try DeviceRecord.filter(Column("scanId") == report.scan.id).deleteAll(db)
                for device in report.devices {
                    try DeviceRecord(scanId: report.scan.id, device: device).insert(db)
                }
                try Self.refreshLatest(db, scanID: report.scan.id, addresses: before)
                if !resumable {
                    try db.execute(sql: "DELETE FROM scanHost WHERE scanId = ?", arguments: [report.scan.id])
                }
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// A scan to take up again with `camaudit scan --resume`: its id and start, the hosts it had done and the
    /// command line it ran. Refused (`StoreError.notResumable`) when it finished or is still running.
    public func resumption(id: String) throws(StoreError) -> (resumption: ScanResumption, arguments: [String]) {
        markAbandoned()
        let record = try record(id: id)
        let status = ScanStatus(rawValue: record.status)
        guard status == .interrupted || status == .abandoned else {
            if status == .running, let owner = ownerOf(record.id) {
                throw .notResumable(record.id, "it is still running (process \(owner.pid))")
            }
            throw .notResumable(record.id, "its status is \(record.status); only an interrupted or abandoned scan can be resumed")
        }
        let argumentsText: String? = read { db in
            try String.fetchOne(db, sql: "SELECT arguments FROM scan WHERE id = ?", arguments: [record.id])
        }
        guard let argumentsText, let arguments = try? JSONDecoder().decode([String].self, from: Data(argumentsText.utf8)) else {
            throw .notResumable(record.id, "it was saved without its command line (only `camaudit scan` scans can be resumed)")
        }
        return (ScanResumption(id: record.id, startedAt: record.startedAt, hosts: try hosts(of: record.id)), arguments)
    }

    /// Keeps where one login stands (`LoginState`), in its own transaction; returns once written. A login
    /// sent again replaces its row (and moves it last). A login the device accepted drops the rows before it
    /// that no longer count (unanswered sends, other refusals); refused logins stay, so they are not sent again.
    public func recordLogin(_ record: LoginRecord, host: IPAddress) throws(StoreError) {
        let address = host.description
        do {
            try change { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO loginHistory (address, key, state, device, at, scanId) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [address, record.key, record.state.rawValue, record.device, record.at, record.scanID])
                if record.state == .accepted {
                    try db.execute(
                        sql: """
                            DELETE FROM loginHistory WHERE address = ? AND device = ? AND state != ? AND rowid < last_insert_rowid()
                            """, arguments: [address, record.device, LoginState.refused.rawValue])
                    try db.execute(
                        sql:
                            "DELETE FROM loginHistory WHERE address = ? AND device = ? AND key LIKE 'other:%' AND rowid < last_insert_rowid()",
                        arguments: [address, record.device])
                }
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// What camaudit sent to an address, oldest first.
    public func logins(at host: IPAddress) throws(StoreError) -> EarlierLogins {
        let rows: [Row]
        do {
            rows = try writer.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT key, state, device, at, scanId FROM loginHistory WHERE address = ? ORDER BY rowid",
                    arguments: [host.description])
            }
        } catch {
            throw .readFailed("\(error)")
        }
        return EarlierLogins(
            rows.map { row in
                // An unknown state reads as `sent`: counted as refused, the safe side.
                LoginRecord(
                    key: row["key"], state: LoginState(rawValue: row["state"]) ?? .sent, device: row["device"], at: row["at"],
                    scanID: row["scanId"])
            })
    }

    /// Forgets what camaudit sent to these addresses (`scan --forget-logins`); returns the rows dropped.
    @discardableResult
    public func forgetLogins(at hosts: [IPAddress]) throws(StoreError) -> Int {
        do {
            return try change { db in
                var dropped = 0
                for host in hosts {
                    try db.execute(sql: "DELETE FROM loginHistory WHERE address = ?", arguments: [host.description])
                    dropped += db.changesCount
                }
                return dropped
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// The hosts a scan written as it ran has kept, in address order.
    public func hosts(of scanID: String) throws(StoreError) -> [CompletedHost] {
        let blobs: [Data]
        do {
            blobs = try writer.read { db in
                try Data.fetchAll(db, sql: "SELECT host FROM scanHost WHERE scanId = ? ORDER BY address", arguments: [scanID])
            }
        } catch {
            throw .readFailed("\(error)")
        }
        let decoder = ReportCoding.makeDecoder()
        var hosts: [CompletedHost] = []
        for blob in blobs {
            do { hosts.append(try decoder.decode(CompletedHost.self, from: blob)) } catch { throw .corrupt(scanID, "\(error)") }
        }
        return hosts.sorted { $0.device.address < $1.device.address }
    }

    /// Marks `abandoned` every `running` scan whose process is gone (killed, crashed, the machine stopped).
    /// Done when scans are listed, read or resumed; a store that cannot be written is left as it is.
    public func markAbandoned() {
        guard
            let running = try? writer.read({ db in
                try Row.fetchAll(db, sql: "SELECT id, owner FROM scan WHERE status = ?", arguments: [ScanStatus.running.rawValue])
            })
        else { return }
        for row in running {
            let id: String = row["id"]
            let owner = (row["owner"] as String?).flatMap(ScanOwner.init)
            if let owner, owner.isAlive { continue }
            _ = try? change { db in
                try db.execute(
                    sql: "UPDATE scan SET status = ?, owner = NULL WHERE id = ? AND status = ?",
                    arguments: [ScanStatus.abandoned.rawValue, id, ScanStatus.running.rawValue])
            }
        }
    }

    private func ownerOf(_ id: String) -> ScanOwner? {
        let text: String? = read { db in try String.fetchOne(db, sql: "SELECT owner FROM scan WHERE id = ?", arguments: [id]) }
        return text.flatMap(ScanOwner.init)
    }

    private func read<T>(_ body: (Database) throws -> T?) -> T? {
        (try? writer.read { db in try body(db) }) ?? nil
    }

    /// The device types counted as video devices in `videoDeviceCount`, as SQL literals.
    private static let videoTypesSQL = DeviceType.allCases.filter(\.isVideoDevice).map { "'\($0.rawValue)'" }.joined(separator: ", ")

    private static func encode(_ report: ScanReport) throws(StoreError) -> Data {
        do {
            return try ReportCoding.makeEncoder(pretty: false).encode(report)
        } catch {
            throw .corrupt(report.scan.id, "\(error)")
        }
    }

    private static func encodeArguments(_ arguments: [String]) throws(StoreError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// SQLite's own check of the whole file (`PRAGMA integrity_check`): `["ok"]` when sound, else the problems.
    public func integrityCheck() throws(StoreError) -> [String] {
        do {
            return try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    /// Saves a finished scan and its devices in one transaction.
    public func save(_ report: ScanReport) throws(StoreError) {
        let blob: Data
        do {
            blob = try ReportCoding.makeEncoder(pretty: false).encode(report)
        } catch {
            throw .corrupt(report.scan.id, "\(error)")
        }
        do {
            try change { db in
                try ScanRecord(report: report, blob: blob).insert(db)
                for device in report.devices {
                    try DeviceRecord(scanId: report.scan.id, device: device).insert(db)
                }
                try Self.refreshLatest(db, scanID: report.scan.id, addresses: [])
            }
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// Replaces a saved scan's report (its id must exist), e.g. after `camaudit traffic --scan` added
    /// `phone-home` findings; the device rows are rewritten in the same transaction.
    public func update(_ report: ScanReport) throws(StoreError) {
        let blob: Data
        do {
            blob = try ReportCoding.makeEncoder(pretty: false).encode(report)
        } catch {
            throw .corrupt(report.scan.id, "\(error)")
        }
        do {
            let found = try change { db -> Bool in
                guard try ScanRecord.exists(db, key: report.scan.id) else { return false }
                try ScanRecord(report: report, blob: blob).update(db)
                let before = try Self.addresses(db, scanID: report.scan.id)
                try DeviceRecord.filter(Column("scanId") == report.scan.id).deleteAll(db)
                for device in report.devices {
                    try DeviceRecord(scanId: report.scan.id, device: device).insert(db)
                }
                try Self.refreshLatest(db, scanID: report.scan.id, addresses: before)
                return true
            }
            guard found else { throw StoreError.notFound(report.scan.id) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed("\(error)")
        }
    }

    /// The newest scans first.
    public func scans(limit: Int = 50) throws(StoreError) -> [StoredScan] {
        markAbandoned()
        let records: [ScanRecord]
        do {
            records = try writer.read { db in try ScanRecord.order(Column("startedAt").desc).limit(limit).fetchAll(db) }
        } catch {
            throw .readFailed("\(error)")
        }
        return try records.map { record throws(StoreError) in try record.summary() }
    }

    /// Whether `text` can be a scan id or the start of one (letters, digits and '-', as scan ids are
    /// written): what `report(id:)` may be asked, checked before a database is opened.
    public static func isScanIDOrPrefix(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// The report of one scan, by its id or an unambiguous prefix of it (as git does for commits). A scan
    /// that is running or was abandoned has no whole report yet: its report is the hosts done so far.
    public func report(id: String) throws(StoreError) -> ScanReport {
        markAbandoned()
        let record = try record(id: id)
        var report: ScanReport
        do {
            report = try ReportCoding.makeDecoder().decode(ScanReport.self, from: record.report)
        } catch {
            throw .corrupt(record.id, "\(error)")
        }
        guard let status = ScanStatus(rawValue: record.status), status == .running || status == .abandoned else { return report }
        let hosts = try hosts(of: record.id)
        report.scan.status = status
        report.scan.notes.append(
            status == .running
                ? "still running: \(hosts.count) hosts done so far"
                : "abandoned: its process ended without finishing it; \(hosts.count) hosts were done. `camaudit scan --resume \(record.id)` continues with the others"
        )
        return ScanReport(scan: report.scan, devices: hosts.map(\.device))
    }

    /// The scan row with this id, or the one whose id starts with it.
    private func record(id: String) throws(StoreError) -> ScanRecord {
        do {
            let candidates = try writer.read { db in
                if let exact = try ScanRecord.fetchOne(db, key: id) { return [exact] }
                return try ScanRecord.filter(Column("id").like(id.replacingOccurrences(of: "%", with: "") + "%")).limit(2).fetchAll(db)
            }
            guard let first = candidates.first else { throw StoreError.notFound(id) }
            guard candidates.count == 1 else { throw StoreError.ambiguous(id) }
            return first
        } catch let error as StoreError {
            throw error
        } catch {
            throw .readFailed("\(error)")
        }
    }

    /// Every saved sighting of one address, newest first: what the diff and the dashboard build on.
    public func sightings(of address: IPAddress) throws(StoreError) -> [DeviceSighting] {
        do {
            return try writer.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT device.*, scan.startedAt FROM device JOIN scan ON scan.id = device.scanId
                        WHERE device.address = ? ORDER BY scan.startedAt DESC
                        """, arguments: [address.description])
                return rows.map { row in
                    DeviceSighting(
                        scanId: row["scanId"], seenAt: row["startedAt"], manufacturer: row["manufacturer"], model: row["model"],
                        firmware: row["firmware"], deviceType: DeviceType(rawValue: row["deviceType"]) ?? .unknown)
                }
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }
}

/// One line of `camaudit scans`; its JSON (`--format json`) has exactly these keys.
public struct StoredScan: Sendable, Hashable, Codable {
    public var id: String
    public var startedAt: Date
    public var finishedAt: Date
    public var status: ScanStatus
    /// The targets as the user gave them.
    public var targets: [String]
    /// Hosts in the report.
    public var deviceCount: Int
    /// Cameras, recorders and encoders among them.
    public var videoDeviceCount: Int

    public init(
        id: String, startedAt: Date, finishedAt: Date, status: ScanStatus, targets: [String], deviceCount: Int,
        videoDeviceCount: Int
    ) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.targets = targets
        self.deviceCount = deviceCount
        self.videoDeviceCount = videoDeviceCount
    }
}

/// A device as one saved scan saw it.
public struct DeviceSighting: Sendable, Hashable {
    public var scanId: String
    public var seenAt: Date
    public var manufacturer: String?
    public var model: String?
    public var firmware: String?
    public var deviceType: DeviceType
}

/// Why the store could not do what was asked.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The database file could not be opened or created.
    case cannotOpen(String, String)
    /// A migration failed; the file may belong to a newer camaudit.
    case migrationFailed(String)
    /// No scan has that id or prefix.
    case notFound(String)
    /// More than one scan starts with that prefix.
    case ambiguous(String)
    /// A saved report could not be decoded.
    case corrupt(String, String)
    case writeFailed(String)
    case readFailed(String)
    /// `--resume` was given a scan that cannot be resumed, and why.
    case notResumable(String, String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let why): return "Cannot open the scan database at \(path) (\(why)); choose another file with --db."
        case .migrationFailed(let why):
            return "The scan database could not be brought up to date (\(why)); it may come from a newer camaudit."
        case .notFound(let id): return "No saved scan has the id '\(id)'; `camaudit scans` lists them."
        case .ambiguous(let id): return "More than one saved scan starts with '\(id)'; give more characters of the id."
        case .corrupt(let id, let why): return "The saved report of scan \(id) cannot be read (\(why))."
        case .writeFailed(let why): return "The scan could not be saved (\(why))."
        case .readFailed(let why): return "The scan database could not be read (\(why))."
        case .notResumable(let id, let why): return "Scan \(id) cannot be resumed: \(why)."
        }
    }
}

/// A counter shared by the copies of one `ScanStore`.
final class ChangeCounter: Sendable {
    private let count = Atomic<UInt64>(0)

    var value: UInt64 { count.load(ordering: .acquiring) }

    func increment() { count.add(1, ordering: .releasing) }
}
