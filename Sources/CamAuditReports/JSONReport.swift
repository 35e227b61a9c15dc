import CamAuditCore
import Foundation

/// Writes and reads the stable JSON report (`schema/scan-report.schema.json`).
///
/// Keys are sorted and dates are ISO 8601 in UTC (`ReportCoding`), so the same scan always gives the same bytes.
public enum JSONReport {
    public static func encode(_ report: ScanReport) throws -> Data {
        var data = try ReportCoding.makeEncoder(pretty: true).encode(RoundedReport(report))
        data.append(0x0a)
        return data
    }

    public static func decode(_ data: Data) throws -> ScanReport {
        try ReportCoding.makeDecoder().decode(ScanReport.self, from: data)
    }
}

/// Confidences and weights are printed with three decimals so reports stay diffable.
private struct RoundedReport: Encodable {
    let report: ScanReport

    init(_ report: ScanReport) {
        var copy = report
        copy.devices = report.devices.map { device in
            var device = device
            device.confidence = (device.confidence * 1000).rounded() / 1000
            device.evidence = device.evidence.map { item in
                var item = item
                item.weight = (item.weight * 1000).rounded() / 1000
                return item
            }
            return device
        }
        self.report = copy
    }

    func encode(to encoder: Encoder) throws {
        try report.encode(to: encoder)
    }
}
