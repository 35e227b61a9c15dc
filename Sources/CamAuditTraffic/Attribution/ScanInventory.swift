import CamAuditCore

/// A saved scan's devices by address: with it, the scan decides what each host in a capture is.
public struct ScanInventory: Sendable {
    public var scanID: String
    public var devices: [IPAddress: DeviceReport]

    public init(report: ScanReport) {
        scanID = report.scan.id
        devices = Dictionary(report.devices.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
