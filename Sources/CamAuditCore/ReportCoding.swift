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
        // The style cuts the fraction off where Foundation's formatter rounds it: half a millisecond more
        // makes the cut a rounding (1764583200.123, held as .12299…, reads .123 either way).
        date.addingTimeInterval(0.0005).formatted(withMilliseconds)
    }

    /// The date of `dateText`, or one without milliseconds; nil for anything else.
    public static func date(from text: String) -> Date? {
        (try? withMilliseconds.parse(text)) ?? (try? withoutMilliseconds.parse(text))
    }

    // Format styles are values, cheap to use from any thread; a formatter object per date cost about 0.1 ms
    // (ICU set-up), most of a dashboard page's time.
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
