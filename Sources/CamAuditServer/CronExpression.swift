import Foundation

/// A five-field cron expression (minute, hour, day of month, month, day of week) as crontab(5) reads it,
/// in UTC: numbers, `*`, ranges `a-b`, lists `a,b`, steps `*/n` and `a-b/n`, month names `jan`-`dec` and
/// day names `sun`-`sat` (0 and 7 are Sunday). When both the day of month and the day of week are
/// restricted, a day matching either is a match (crontab(5)).
///
/// Written by hand: swift-jobs (Hummingbird's job queue) parses crontab strings for its own scheduler but
/// keeps the parser internal, and no other maintained Swift package offers one.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    public let minutes: Set<Int>
    public let hours: Set<Int>
    public let daysOfMonth: Set<Int>
    public let months: Set<Int>
    /// 0 (Sunday) to 6.
    public let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool
    public let description: String

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public init(parsing text: String) throws(ParseError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 5 else {
            throw ParseError(
                description:
                    "a cron expression has five fields (minute hour day-of-month month day-of-week), e.g. '30 2 * * *'; '\(text)' has \(fields.count)"
            )
        }
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: [])
        hours = try Self.field(fields[1], name: "hour", range: 0...23, names: [])
        daysOfMonth = try Self.field(fields[2], name: "day of month", range: 1...31, names: [])
        months = try Self.field(fields[3], name: "month", range: 1...12, names: Self.monthNames, firstName: 1)
        let weekdays = try Self.field(fields[4], name: "day of week", range: 0...7, names: Self.dayNames, firstName: 0)
        daysOfWeek = Set(weekdays.map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
        description = fields.joined(separator: " ")
        // A day that never comes (30 February) would never run: said now rather than never.
        if dayOfMonthRestricted, !dayOfWeekRestricted,
            !months.contains(where: { month in daysOfMonth.contains { $0 <= Self.longestMonth[month - 1] } })
        {
            throw ParseError(description: "'\(text)' names no day that exists in its months")
        }
    }

    static let longestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    static func field(_ text: Substring, name: String, range: ClosedRange<Int>, names: [String], firstName: Int = 0) throws(ParseError)
        -> Set<Int>
    {
        func value(_ part: Substring) throws(ParseError) -> Int {
            if let number = Int(part), range.contains(number), part.allSatisfy(\.isASCII) { return number }
            if let index = names.firstIndex(of: part.lowercased()) { return index + firstName }
            throw ParseError(
                description: "'\(part)' is not a \(name) (\(range.lowerBound)-\(range.upperBound)\(names.isEmpty ? "" : " or a name"))")
        }
        var result: Set<Int> = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2, !stepParts[0].isEmpty else { throw ParseError(description: "'\(item)' is not a \(name) list item") }
            var step = 1
            if stepParts.count == 2 {
                guard let number = Int(stepParts[1]), number >= 1, number <= range.upperBound + 1 else {
                    throw ParseError(description: "'\(stepParts[1])' is not a step for the \(name)")
                }
                step = number
            }
            let bounds: ClosedRange<Int>
            if stepParts[0] == "*" {
                bounds = range
            } else {
                let ends = stepParts[0].split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2 else { throw ParseError(description: "'\(stepParts[0])' is not a \(name) range") }
                let low = try value(ends[0])
                let high = ends.count == 2 ? try value(ends[1]) : (stepParts.count == 2 ? range.upperBound : low)
                guard low <= high else { throw ParseError(description: "the \(name) range '\(stepParts[0])' runs backwards") }
                bounds = low...high
            }
            result.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return result
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    func matchesDay(_ components: DateComponents) -> Bool {
        guard let day = components.day, let month = components.month, let weekday = components.weekday, months.contains(month) else {
            return false
        }
        let byDate = daysOfMonth.contains(day)
        let byWeekday = daysOfWeek.contains(weekday - 1)
        if dayOfMonthRestricted && dayOfWeekRestricted { return byDate || byWeekday }
        return byDate && byWeekday
    }

    /// The first minute strictly after `date` the expression names; nil when none comes within eight years.
    public func next(after date: Date) -> Date? {
        let calendar = Self.utc
        // The next whole minute.
        let start = calendar.dateInterval(of: .minute, for: date).map { $0.end } ?? date
        var day = calendar.startOfDay(for: start)
        for _ in 0..<(8 * 366) {
            let components = calendar.dateComponents([.day, .month, .weekday], from: day)
            if matchesDay(components) {
                for hour in hours.sorted() {
                    for minute in minutes.sorted() {
                        let candidate = day.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
                        if candidate >= start { return candidate }
                    }
                }
            }
            guard let following = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = following
        }
        return nil
    }
}
