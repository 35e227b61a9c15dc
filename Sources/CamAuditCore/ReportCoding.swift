import Foundation

/// The one JSON dialect of camaudit reports: ISO 8601 dates with milliseconds, in UTC.
public enum ReportCoding {
    public static func makeEncoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(dateText(date))
        }
        return encoder
    }

    /// A date as the reports write it: `2026-11-21T10:10:10.000Z`.
    public static func dateText(_ date: Date) -> String {
        // Rounded to the millisecond in integers, then the whole seconds formatted (exact) and the
        // milliseconds added: the style alone cuts the fraction off, where Foundation's formatter rounds it.
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite, abs(milliseconds) < 1e17 else { return date.formatted(withMilliseconds) }
        let whole = Int64(milliseconds)
        let (seconds, fraction) = (whole.quotientAndRemainder(dividingBy: 1000))
        let (second, millisecond) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        let text = Date(timeIntervalSince1970: TimeInterval(second)).formatted(withoutMilliseconds)
        let digits = String(millisecond)
        return String(text.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// The date of `dateText`, or one without milliseconds; nil for anything else.
    public static func date(from text: String) -> Date? {
        (try? withMilliseconds.parse(text)) ?? (try? withoutMilliseconds.parse(text))
    }

    // Format styles are values, cheap to use from any thread; a formatter object per date cost about 0.1 ms
    // (ICU set-up), most of a dashboard page's time. (The withoutMilliseconds style ends in "Z": UTC.)
    private static let withMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let withoutMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = date(from: text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
        }
        return decoder
    }
}
