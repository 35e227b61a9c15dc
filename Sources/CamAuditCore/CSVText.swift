import Foundation

/// CSV as RFC 4180 writes it, for every table camaudit exports (`CSVReport`, `camaudit scans --format csv`).
///
/// Device-supplied text can start with `=`, `+`, `-` or `@`, which spreadsheets run as a formula
/// ("CSV injection"); such cells get a leading `'` so they stay text.
public enum CSVText {
    /// One record, CRLF-terminated as RFC 4180 asks.
    public static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One field: neutralised against formulas, quoted when it holds a comma, a quote or a line break.
    public static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
