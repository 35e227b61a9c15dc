import CamAuditServer
import Foundation
import Testing

/// Cron expressions as crontab(5) reads them, in UTC.
@Suite struct CronExpressionTests {
    static func date(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle().parse(text)
    }

    static func next(_ expression: String, after: String) throws -> String? {
        try CronExpression(parsing: expression).next(after: date(after)).map { $0.formatted(Date.ISO8601FormatStyle()) }
    }

    @Test(arguments: [
        ("* * * * *", "2026-12-07T10:15:30Z", "2026-12-07T10:16:00Z"),
        ("* * * * *", "2026-12-07T10:15:00Z", "2026-12-07T10:16:00Z"),
        ("30 2 * * *", "2026-12-07T10:15:00Z", "2026-12-08T02:30:00Z"),
        ("*/15 * * * *", "2026-12-07T10:15:00Z", "2026-12-07T10:30:00Z"),
        ("0 9-17/4 * * mon-fri", "2026-12-05T12:00:00Z", "2026-12-07T09:00:00Z"),  // Saturday: Monday 09:00
        ("0 0 1 jan *", "2026-12-07T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("0 0 29 feb *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("0 12 13 * 5", "2026-12-07T00:00:00Z", "2026-12-11T12:00:00Z"),  // day 13 OR a Friday: Friday the 11th first
        ("0 0 * * 7", "2026-12-07T00:00:00Z", "2026-12-13T00:00:00Z"),  // 7 is Sunday
        ("5,35 */6 * * SUN", "2026-12-13T06:35:00Z", "2026-12-13T12:05:00Z"),
        ("59 23 31 12 *", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z"),
    ])
    func nextRuns(expression: String, after: String, expected: String) throws {
        #expect(try Self.next(expression, after: after) == expected)
    }

    @Test(arguments: [
        "", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 13 *", "* * * * 8",
        "5-1 * * * *", "*/0 * * * *", "a * * * *", "1,,2 * * * *", "* * 31 feb *", "1-2-3 * * * *", "*/ * * * *", "٣ * * * *",
    ])
    func badExpressionsAreRefusedWithASentence(_ text: String) {
        #expect(throws: CronExpression.ParseError.self) { try CronExpression(parsing: text) }
    }

    @Test func aListStepAndNamesAreSets() throws {
        let expression = try CronExpression(parsing: "0,30 8-18/2 1,15 jan-mar,dec mon,wed-fri")
        #expect(expression.minutes == [0, 30])
        #expect(expression.hours == [8, 10, 12, 14, 16, 18])
        #expect(expression.daysOfMonth == [1, 15])
        #expect(expression.months == [1, 2, 3, 12])
        #expect(expression.daysOfWeek == [1, 3, 4, 5])
        #expect(expression.description == "0,30 8-18/2 1,15 jan-mar,dec mon,wed-fri")
    }
}
