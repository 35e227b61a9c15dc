import CamAuditCore
import Foundation
import GRDB

/// A row of the `scan` table.
struct ScanRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "scan"
    var id: String
    var startedAt: Date
    var finishedAt: Date
    var status: String
    var targets: String
    var deviceCount: Int
    var videoDeviceCount: Int
    var report: Data

    init(report scan: ScanReport, blob: Data) {
        id = scan.scan.id
        startedAt = scan.scan.startedAt
        finishedAt = scan.scan.finishedAt
        status = scan.scan.status.rawValue
        targets = scan.scan.targets.joined(separator: " ")
        deviceCount = scan.devices.count
        videoDeviceCount = scan.devices.filter { $0.deviceType.isVideoDevice }.count
        report = blob
    }

    /// The row as `camaudit scans` lists it; a status camaudit never writes means the row was edited by hand.
    func summary() throws(StoreError) -> StoredScan {
        guard let status = ScanStatus(rawValue: status) else {
            let words = ScanStatus.words.joined(separator: ", ")
            throw .corrupt(id, "status \"\(status)\" is not a \(ScanStatus.listName); expected one of \(words)")
        }
        return StoredScan(
            id: id, startedAt: startedAt, finishedAt: finishedAt, status: status,
            targets: targets.split(separator: " ").map(String.init), deviceCount: deviceCount, videoDeviceCount: videoDeviceCount)
    }
}

/// A row of the `device` table.
struct DeviceRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "device"
    var id: Int64?
    var scanId: String
    var address: String
    var manufacturer: String?
    var brand: String?
    var model: String?
    var firmware: String?
    var deviceType: String
    var confidence: Double
    // Since migration v3: the device's whole report and what the device list filters on.
    var hostname: String?
    var report: Data?
    var riskScore: Int?
    var riskLevel: String?
    /// `,id,id,`: each finding id between commas, so `LIKE '%,id,%'` finds one exactly.
    var findingIds: String
    /// `,covered,unknown,`: the statuses of the device's compliance verdicts, the same way.
    var complianceStatuses: String

    init(scanId: String, device: DeviceReport) {
        self.scanId = scanId
        address = device.address.description
        manufacturer = device.manufacturer
        brand = device.brand
        model = device.model
        firmware = device.firmware
        deviceType = device.deviceType.rawValue
        confidence = device.confidence
        hostname = device.hostname
        report = try? ReportCoding.makeEncoder(pretty: false).encode(device)
        riskScore = device.risk?.score
        riskLevel = device.risk?.level.rawValue
        findingIds = Self.list(device.findings.map(\.id))
        complianceStatuses = Self.list((device.compliance ?? []).map(\.status.rawValue))
    }

    static func list(_ words: [String]) -> String {
        "," + Array(Set(words)).sorted().map { $0 + "," }.joined()
    }
}
