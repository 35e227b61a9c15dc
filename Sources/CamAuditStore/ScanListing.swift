import CamAuditCore
import Foundation

/// `camaudit scans` output: the saved scans as a table for the terminal, a JSON array or CSV.
public enum ScanListing {
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv
    }

    /// The CSV header; one row per scan follows, in the same order.
    public static let csvHeader = ["id", "started_at", "finished_at", "status", "device_count", "video_device_count", "targets"]

    public static func render(_ scans: [StoredScan], as format: Format) throws -> String {
        switch format {
        case .table: return table(scans)
        case .json: return try json(scans)
        case .csv: return csv(scans)
        }
    }

    /// Fixed-width columns, newest first; a sentence when nothing is saved yet.
    public static func table(_ scans: [StoredScan]) -> String {
        guard !scans.isEmpty else { return "No saved scans yet: run `camaudit scan TARGET` or `camaudit demo`.\n" }
        let formatter = ISO8601DateFormatter()
        var lines = ["ID                      STARTED               STATUS       HOSTS  CAMERAS  TARGETS"]
        for scan in scans {
            let columns = [
                scan.id.padding(toLength: 22, withPad: " ", startingAt: 0),
                formatter.string(from: scan.startedAt).padding(toLength: 20, withPad: " ", startingAt: 0),
                scan.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0),
                String(scan.deviceCount).padding(toLength: 5, withPad: " ", startingAt: 0),
                String(scan.videoDeviceCount).padding(toLength: 7, withPad: " ", startingAt: 0),
                scan.targets.joined(separator: " "),
            ]
            lines.append(columns.joined(separator: "  "))
        }
        if let stopped = scans.first(where: { $0.status == .interrupted || $0.status == .abandoned }) {
            lines.append("HOSTS counts the hosts done. `camaudit scan --resume \(stopped.id)` continues an interrupted or abandoned scan.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An array of `StoredScan` objects (keys sorted, dates as in the JSON report); `[]` when nothing is saved.
    public static func json(_ scans: [StoredScan]) throws -> String {
        guard !scans.isEmpty else { return "[]\n" }
        return String(decoding: try ReportCoding.makeEncoder(pretty: true).encode(scans), as: UTF8.self) + "\n"
    }

    /// RFC 4180: the header, then one row per scan; targets separated by spaces in one cell.
    public static func csv(_ scans: [StoredScan]) -> String {
        scans.reduce(CSVText.line(csvHeader)) { text, scan in
            text
                + CSVText.line([
                    scan.id, ReportCoding.dateText(scan.startedAt), ReportCoding.dateText(scan.finishedAt), scan.status.rawValue,
                    String(scan.deviceCount), String(scan.videoDeviceCount), scan.targets.joined(separator: " "),
                ])
        }
    }
}
