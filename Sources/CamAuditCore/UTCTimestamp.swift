/// Capture times as ISO 8601 UTC text (`2026-11-20T10:04:55Z`), by calendar arithmetic: a Foundation
/// `ISO8601DateFormatter` built per evidence line was a third of `camaudit traffic`'s time on a large capture.
public enum UTCTimestamp {
    /// Whole seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, days-from-civil inverted).
    public static func text(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e13 else { return "\(seconds)" }
        let whole = Int(seconds.rounded(.down))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let second = whole - days * 86_400
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, eras of 400 years).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(second / 3_600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2))Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
