import CamAuditCore
import Foundation

/// Writes and reads a scan diff as JSON (`schema/scan-diff.schema.json`): keys sorted, dates ISO 8601 UTC.
public enum ScanDiffJSON {
    public static func encode(_ diff: ScanDiff) throws -> Data {
        var data = try ReportCoding.makeEncoder(pretty: true).encode(diff)
        data.append(0x0a)
        return data
    }

    public static func decode(_ data: Data) throws -> ScanDiff {
        try ReportCoding.makeDecoder().decode(ScanDiff.self, from: data)
    }
}
