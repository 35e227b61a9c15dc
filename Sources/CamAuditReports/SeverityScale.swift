/// The order of finding severities, so "at least high" and "worst first" mean the same everywhere.
public enum SeverityScale {
    /// Lowest to highest; `info` (a note, not a vulnerability) and `unknown` (no score) sit below `low`.
    public static let ordered = ["none", "info", "unknown", "low", "medium", "high", "critical"]

    /// The position of a severity on the scale; severities it does not know rank with `none`.
    public static func rank(_ severity: String) -> Int {
        ordered.firstIndex(of: severity.lowercased()) ?? 0
    }

    /// Whether `severity` is `threshold` or worse (`high` is met by `critical`).
    public static func isAtLeast(_ severity: String, _ threshold: String) -> Bool {
        rank(severity) >= rank(threshold) && rank(threshold) > 0
    }
}
