import Foundation

/// Dates in the two spellings the emulated devices use.
enum WireDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func parts(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    }

    private static func two(_ value: Int?) -> String {
        let number = value ?? 0
        return number < 10 ? "0\(number)" : "\(number)"
    }

    /// RFC 7231 form: `Sun, 01 Apr 2018 18:58:53 GMT`.
    static func http(_ date: Date = Date()) -> String {
        let c = parts(date)
        return
            "\(weekdays[((c.weekday ?? 1) - 1) % 7]), \(two(c.day)) \(months[((c.month ?? 1) - 1) % 12]) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }

    /// Hikvision RTSP form (ffplay capture in Eson-Jia/EasyDarwin Capture.md): `Thu, May 14 2020 16:45:35 GMT`.
    static func hikvisionRTSP(_ date: Date = Date()) -> String {
        let c = parts(date)
        return
            "\(weekdays[((c.weekday ?? 1) - 1) % 7]), \(months[((c.month ?? 1) - 1) % 12]) \(two(c.day)) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }

    /// ONVIF UTC parts for GetSystemDateAndTime.
    static func utcParts(_ date: Date = Date()) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let c = parts(date)
        return (c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
