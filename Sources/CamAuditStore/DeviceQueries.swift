import CamAuditCore
import Foundation
import GRDB

/// What the device list asks for: filters, order and page (`GET /api/v1/devices`).
public struct DeviceQuery: Sendable, Hashable {
    public enum Order: String, Sendable, CaseIterable {
        /// Highest risk score first (the default).
        case risk
        case address
        case maker
        /// Most recently seen first.
        case lastSeen = "last-seen"
    }

    /// Manufacturer or brand, any case.
    public var maker: String?
    public var deviceType: DeviceType?
    public var riskLevel: RiskLevel?
    /// A finding id the device has (`CVE-2021-36260`, `default-credentials`).
    public var findingID: String?
    /// A compliance status one of its verdicts has.
    public var compliance: ComplianceStatus?
    /// Text in the address, host name, maker, brand, model or firmware.
    public var text: String?
    public var order: Order
    public var limit: Int
    public var offset: Int

    public static let maximumLimit = 500

    public init(
        maker: String? = nil, deviceType: DeviceType? = nil, riskLevel: RiskLevel? = nil, findingID: String? = nil,
        compliance: ComplianceStatus? = nil, text: String? = nil, order: Order = .risk, limit: Int = 50, offset: Int = 0
    ) {
        self.maker = maker
        self.deviceType = deviceType
        self.riskLevel = riskLevel
        self.findingID = findingID
        self.compliance = compliance
        self.text = text
        self.order = order
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.offset = max(offset, 0)
    }
}

/// One device as the list shows it: its latest sighting.
public struct DeviceListing: Sendable, Hashable, Codable {
    public var address: String
    public var hostname: String?
    public var manufacturer: String?
    public var brand: String?
    public var model: String?
    public var firmware: String?
    public var deviceType: DeviceType
    public var riskScore: Int?
    public var riskLevel: RiskLevel?
    public var findings: [String]
    public var compliance: [ComplianceStatus]
    /// The newest scan that saw it, and when that scan started.
    public var lastScanId: String
    public var lastSeen: Date
}

/// A page of the device list: `total` devices match, `devices` holds `limit` of them from `offset`.
public struct DevicePage: Sendable, Hashable, Codable {
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var devices: [DeviceListing]
}

/// One device across every saved scan (`GET /api/v1/devices/{address}`).
public struct DeviceHistory: Sendable, Hashable, Codable {
    /// One scan that saw the device.
    public struct Sighting: Sendable, Hashable, Codable {
        public var scanId: String
        public var seenAt: Date
        public var firmware: String?
        public var findings: [String]
        /// Where its `phone-home` findings say it sent data (host names, else addresses), sorted; empty when no
        /// capture was matched to that scan.
        public var phoneHome: [String]
    }

    /// A change between two scans in a row that saw it, oldest first.
    public struct Change: Sendable, Hashable, Codable {
        /// `firmware`, `finding-appeared`, `finding-fixed` or `phone-home-appeared` (a destination the scan before had not seen).
        public var kind: String
        public var scanId: String
        public var seenAt: Date
        public var from: String?
        public var to: String?
    }

    /// The device as the newest scan reported it: identity, evidence, findings, verdicts.
    public var latest: DeviceReport
    public var latestScanId: String
    /// Newest first.
    public var sightings: [Sighting]
    public var changes: [Change]
}

extension ScanStore {
    /// The latest sighting of each device that matches `query`, in its order, one page of them.
    public func devices(_ query: DeviceQuery) throws(StoreError) -> DevicePage {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let maker = query.maker {
            conditions.append("(lower(manufacturer) = lower(?) OR lower(brand) = lower(?))")
            arguments += [maker, maker]
        }
        if let type = query.deviceType {
            conditions.append("deviceType = ?")
            arguments.append(type.rawValue)
        }
        if let level = query.riskLevel {
            conditions.append("riskLevel = ?")
            arguments.append(level.rawValue)
        }
        if let finding = query.findingID {
            conditions.append("findingIds LIKE ? ESCAPE '\\'")
            arguments.append("%," + Self.escapeLike(finding) + ",%")
        }
        if let compliance = query.compliance {
            conditions.append("complianceStatuses LIKE ?")
            arguments.append("%," + compliance.rawValue + ",%")
        }
        if let text = query.text, !text.isEmpty {
            let pattern = "%" + Self.escapeLike(text) + "%"
            conditions.append(
                "("
                    + ["address", "hostname", "manufacturer", "brand", "model", "firmware"].map { "\($0) LIKE ? ESCAPE '\\'" }
                    .joined(separator: " OR ") + ")")
            arguments += Array(repeating: pattern, count: 6)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order: String
        switch query.order {
        case .risk: order = "coalesce(riskScore, -1) DESC, address"
        case .address: order = "address"
        case .maker: order = "manufacturer IS NULL, lower(manufacturer), address"
        case .lastSeen: order = "startedAt DESC, address"
        }
        // The newest row of each address, over every saved scan (`deviceLatest` points at it). CROSS JOIN makes
        // SQLite walk deviceLatest (one row per address) and look each row up in device's (scanId, address)
        // index; left to itself it walked every sighting of every scan. Not the report
        // column, which the list does not show and which would make every sorted row a kilobyte wide.
        let latest = """
            SELECT device.address, device.hostname, device.manufacturer, device.brand, device.model, device.firmware, device.deviceType,
                   device.riskScore, device.riskLevel, device.findingIds, device.complianceStatuses, device.scanId,
                   deviceLatest.startedAt AS startedAt FROM deviceLatest
            CROSS JOIN device ON device.scanId = deviceLatest.scanId AND device.address = deviceLatest.address
            """
        do {
            return try writer.read { db in
                let total =
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM (\(latest)) \(filter)", arguments: StatementArguments(arguments)) ?? 0
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM (\(latest)) \(filter) ORDER BY \(order) LIMIT ? OFFSET ?",
                    arguments: StatementArguments(arguments + [query.limit, query.offset]))
                return DevicePage(total: total, limit: query.limit, offset: query.offset, devices: rows.map(Self.listing))
            }
        } catch {
            throw .readFailed("\(error)")
        }
    }

    /// Every saved sighting of `address` with the newest report of it and what changed from scan to scan;
    /// nil when no saved scan saw it.
    public func deviceHistory(address: IPAddress) throws(StoreError) -> DeviceHistory? {
        let rows: [Row]
        do {
            rows = try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT device.*, scan.startedAt AS startedAt FROM device JOIN scan ON scan.id = device.scanId
                        WHERE device.address = ? ORDER BY scan.startedAt DESC, scan.id DESC
                        """, arguments: [address.description])
            }
        } catch {
            throw .readFailed("\(error)")
        }
        guard let newest = rows.first else { return nil }
        let scanID: String = newest["scanId"]
        let latest: DeviceReport
        if let blob = newest["report"] as Data?, let decoded = try? ReportCoding.makeDecoder().decode(DeviceReport.self, from: blob) {
            latest = decoded
        } else if let fromScan = try report(id: scanID).devices.first(where: { $0.address == address }) {
            latest = fromScan
        } else {
            throw .corrupt(scanID, "the device \(address) is indexed but not in the scan's report")
        }
        let sightings = rows.map { row in
            let findings = Self.words(row["findingIds"])
            // Only the sightings with a phone-home finding have their report read for the destinations.
            var phoneHome: [String] = []
            if findings.contains("phone-home"), let blob = row["report"] as Data?,
                let report = try? ReportCoding.makeDecoder().decode(DeviceReport.self, from: blob)
            {
                phoneHome = Set(PhoneHomeEvidence.destinations(of: report).keys.map(\.destination)).sorted()
            }
            return DeviceHistory.Sighting(
                scanId: row["scanId"], seenAt: row["startedAt"], firmware: row["firmware"], findings: findings, phoneHome: phoneHome)
        }
        var changes: [DeviceHistory.Change] = []
        for (older, newer) in zip(sightings.reversed(), sightings.reversed().dropFirst()) {
            if older.firmware != newer.firmware {
                changes.append(
                    .init(kind: "firmware", scanId: newer.scanId, seenAt: newer.seenAt, from: older.firmware, to: newer.firmware))
            }
            for id in Set(newer.findings).subtracting(older.findings).sorted() {
                changes.append(.init(kind: "finding-appeared", scanId: newer.scanId, seenAt: newer.seenAt, from: nil, to: id))
            }
            for id in Set(older.findings).subtracting(newer.findings).sorted() {
                changes.append(.init(kind: "finding-fixed", scanId: newer.scanId, seenAt: newer.seenAt, from: id, to: nil))
            }
            for destination in Set(newer.phoneHome).subtracting(older.phoneHome).sorted() {
                changes.append(.init(kind: "phone-home-appeared", scanId: newer.scanId, seenAt: newer.seenAt, from: nil, to: destination))
            }
        }
        return DeviceHistory(latest: latest, latestScanId: scanID, sightings: sightings, changes: changes)
    }

    private static func listing(_ row: Row) -> DeviceListing {
        DeviceListing(
            address: row["address"], hostname: row["hostname"], manufacturer: row["manufacturer"], brand: row["brand"],
            model: row["model"], firmware: row["firmware"], deviceType: DeviceType(rawValue: row["deviceType"]) ?? .unknown,
            riskScore: row["riskScore"], riskLevel: (row["riskLevel"] as String?).flatMap(RiskLevel.init(rawValue:)),
            findings: words(row["findingIds"]), compliance: words(row["complianceStatuses"]).compactMap(ComplianceStatus.init(rawValue:)),
            lastScanId: row["scanId"], lastSeen: row["startedAt"])
    }

    private static func words(_ list: String?) -> [String] {
        (list ?? "").split(separator: ",").map(String.init)
    }

    private static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(
            of: "_", with: "\\_")
    }
}

extension ScanStore {
    /// Tests: a scan written with the columns of the first schema only, as camaudit wrote it before v2.
    func saveAsFirstSchema(_ report: ScanReport) throws {
        let blob = try ReportCoding.makeEncoder(pretty: false).encode(report)
        try change { db in
            try db.execute(
                sql: """
                    INSERT INTO scan (id, startedAt, finishedAt, status, targets, deviceCount, videoDeviceCount, report)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    report.scan.id, report.scan.startedAt, report.scan.finishedAt, report.scan.status.rawValue,
                    report.scan.targets.joined(separator: " "), report.devices.count,
                    report.devices.filter { $0.deviceType.isVideoDevice }.count, blob,
                ])
            for device in report.devices {
                try db.execute(
                    sql: """
                        INSERT INTO device (scanId, address, manufacturer, brand, model, firmware, deviceType, confidence)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        report.scan.id, device.address.description, device.manufacturer, device.brand, device.model, device.firmware,
                        device.deviceType.rawValue, device.confidence,
                    ])
            }
        }
    }
}
