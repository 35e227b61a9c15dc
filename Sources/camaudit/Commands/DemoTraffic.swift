import ArgumentParser
import CamAuditCore
import CamAuditLab
import CamAuditTraffic
import Foundation

/// The demo's traffic audit: the lab's phone-home capture written to a temporary file through libpcap,
/// read back through libpcap, attributed by the scan, and its findings joined to the scan's devices;
/// plus the same capture attributed without the scan, to show the owner's phone is not taken for a camera.
struct DemoTraffic {
    static let captureName = "lab-traffic.pcap"
    var report: ScanReport
    var packets: Int
    var withScan: [DeviceTraffic]
    var captureAlone: [DeviceTraffic]
    var phone: IPAddress

    static func audit(_ scanned: ScanReport, lab: Lab, phone: IPAddress) throws -> DemoTraffic {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-demo-\(UUID().uuidString).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LabTrafficCapture.write(devices: lab.devices, phone: phone, to: path)
        var table = FlowTable()
        if let failure = TrafficAudit.read(path, into: &table) {
            throw CommandLineMessages.Failure(description: "The lab's capture could not be read: \(failure)")
        }
        let audit = try TrafficAudit()
        let withScan = audit.analyse(table, captureName: captureName, inventory: ScanInventory(report: scanned))
        return DemoTraffic(
            report: try withScan.joined(into: scanned), packets: table.packets, withScan: withScan.devices,
            captureAlone: audit.analyse(table, captureName: captureName).devices, phone: phone)
    }

    /// Scorecard lines: what phoned home, and how the capture alone attributed the hosts.
    func summary() -> [String] {
        let talkers = withScan.filter { !$0.destinations.isEmpty }
        let findings = withScan.reduce(0) { $0 + $1.findings.count }
        var lines = [
            "", "Traffic (the lab's capture, \(packets) packets, read through libpcap):",
            "  \(talkers.count) scanned device(s) reached the internet; \(findings) phone-home finding(s) joined to them",
        ]
        let roles = Dictionary(grouping: captureAlone, by: \.attribution.role).mapValues(\.count)
        let phoneRole = captureAlone.first { $0.address == phone }?.attribution.role.rawValue ?? "not reported"
        lines.append(
            "  without the scan, the capture alone attributed \(roles[.videoDevice, default: 0]) video device(s), "
                + "\(roles[.client, default: 0]) client(s), \(roles[.unknown, default: 0]) unknown; the owner's phone \(phone): \(phoneRole)"
        )
        return lines
    }
}
