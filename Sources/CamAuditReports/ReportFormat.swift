import CamAuditCore
import Foundation

/// The report formats camaudit writes for a scan.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, json, csv, markdown, html, cyclonedx

    /// The report in this format; `camerasOnly` keeps only cameras, NVRs, DVRs and encoders in the table.
    public func render(_ report: ScanReport, camerasOnly: Bool = false) throws -> Data {
        switch self {
        case .table: return Data(TableReport(includeNonCameras: !camerasOnly).render(report).utf8)
        case .json: return try JSONReport.encode(report)
        case .csv: return Data(CSVReport().render(report).utf8)
        case .markdown: return Data(MarkdownReport().render(report).utf8)
        case .html: return Data(HTMLReport().render(report).utf8)
        case .cyclonedx: return try CycloneDXReport.encode(report)
        }
    }
}
