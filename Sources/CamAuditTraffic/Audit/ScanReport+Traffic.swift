import CamAuditCore

extension ScanReport {
    /// This scan with the `phone-home` and `compromise` findings of a capture joined to its devices: each device
    /// the capture reported gets its new findings in place of any earlier ones of those kinds, and the
    /// capture is named in `scan.trafficCaptures`. Verdicts must be applied again afterwards.
    public func joiningTraffic(_ traffic: [DeviceTraffic], capture: String) -> ScanReport {
        var report = self
        let byAddress = Dictionary(traffic.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        for index in report.devices.indices {
            guard let device = byAddress[report.devices[index].address] else { continue }
            report.devices[index].findings.removeAll { $0.kind == PhoneHomeFindings.kind || $0.kind == CompromiseDetector.kind }
            report.devices[index].findings += device.findings
        }
        let found = traffic.reduce(0) { $0 + $1.findings.count }
        report.scan.trafficCaptures =
            (report.scan.trafficCaptures ?? []).filter { !$0.hasPrefix(capture + ":") }
            + ["\(capture): \(traffic.count) device(s) reported, \(found) phone-home finding(s)"]
        return report
    }
}
