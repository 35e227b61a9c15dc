import CamAuditCore
import Foundation
import Testing

/// Report dates: ISO 8601 in UTC with milliseconds, written and read back as Foundation's ISO 8601
/// formatter does (reports saved by earlier builds read the same).
@Suite struct ReportCodingTests {
    static let dates: [Date] = [
        Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_764_583_200.123), Date(timeIntervalSince1970: 951_782_400.5),
        Date(timeIntervalSince1970: 4_102_444_799.999), Date(timeIntervalSince1970: 1_798_761_599.001),
    ]

    @Test func datesAreWrittenAsFoundationsFormatterWritesThem() throws {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for date in Self.dates {
            #expect(ReportCoding.dateText(date) == reference.string(from: date))
        }
        #expect(ReportCoding.dateText(Date(timeIntervalSince1970: 1_764_583_200.123)) == "2025-12-01T10:00:00.123Z")
        // Any instant, fractions included: the same text, but where the instant lies within a microsecond of a
        // half millisecond (the two round such ties each their own way, in floating point); there 1 ms apart at most.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0...4_102_444_800, using: &random))
            let milliseconds = date.timeIntervalSince1970 * 1000
            let nearTie = abs(milliseconds - milliseconds.rounded(.down) - 0.5) < 0.001
            if nearTie {
                let ours = try #require(ReportCoding.date(from: ReportCoding.dateText(date)))
                let theirs = try #require(ReportCoding.date(from: reference.string(from: date)))
                #expect(abs(ours.timeIntervalSince(theirs)) <= 0.0011)
            } else {
                #expect(ReportCoding.dateText(date) == reference.string(from: date), "\(date.timeIntervalSince1970)")
            }
        }
    }

    @Test func datesReadBackWithOrWithoutMillisecondsAndJunkIsRefused() throws {
        for date in Self.dates {
            let read = try #require(ReportCoding.date(from: ReportCoding.dateText(date)))
            #expect(abs(read.timeIntervalSince(date)) < 0.001)
        }
        #expect(ReportCoding.date(from: "2026-12-01T10:00:00Z") == Date(timeIntervalSince1970: 1_796_119_200))
        for junk in ["", "yesterday", "2026-13-01T10:00:00Z", "2026-12-01 10:00:00", "2026-12-01T10:00:00.123"] {
            #expect(ReportCoding.date(from: junk) == nil, "\(junk)")
        }
        let data = try ReportCoding.makeEncoder(pretty: false).encode(["at": Self.dates[1]])
        #expect(String(decoding: data, as: UTF8.self) == #"{"at":"2025-12-01T10:00:00.123Z"}"#)
        #expect(
            try ReportCoding.makeDecoder().decode([String: Date].self, from: data)["at"].map {
                abs($0.timeIntervalSince(Self.dates[1])) < 0.001
            } == true)
    }
}
