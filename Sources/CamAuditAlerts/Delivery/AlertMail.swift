import CamAuditCore
import Foundation

/// Alerts as one plain-text mail (RFC 5322, "Internet Message Format"): UTF-8 text in base64 so any server carries it
/// unchanged, a subject encoded as RFC 2047 ("MIME Part Three: Message Header Extensions for Non-ASCII Text") says when
/// it is not ASCII, and `Auto-Submitted: auto-generated` (RFC 3834, "Recommendations for Automatic Responses to
/// Electronic Mail") so auto-responders stay quiet.
public enum AlertMail {
    public static func subject(_ alerts: [Alert]) -> String {
        if alerts.count == 1, let alert = alerts.first {
            return "[camaudit] " + String(SyslogMessage.printable(alert.summary).prefix(160))
        }
        let worst = alerts.map(\.severity).max() ?? .none
        let scans = Set(alerts.map(\.scanId)).sorted()
        return "[camaudit] \(alerts.count) alerts, worst \(worst.rawValue)" + (scans.count == 1 ? ", scan \(scans[0])" : "")
    }

    public static func body(_ alerts: [Alert]) -> String {
        alerts.map { alert in
            var lines = [
                "[\(alert.severity.rawValue)] \(SyslogMessage.printable(alert.summary))",
                "  kind: \(alert.kind.rawValue), device: \(alert.address), scan: \(alert.scanId), at \(ReportCoding.dateText(alert.time))",
            ]
            for (name, value) in alert.details.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(name): \(SyslogMessage.printable(value))")
            }
            lines.append("  key: \(SyslogMessage.printable(alert.key))")
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    /// The whole message, CR LF line ends, ready for DATA.
    public static func message(_ alerts: [Alert], from: String, to: [String], date: Date, messageID: String) -> [UInt8] {
        let headers = [
            "From: <\(from)>", "To: " + to.map { "<\($0)>" }.joined(separator: ", "), "Subject: \(encodedHeader(subject(alerts)))",
            "Date: \(dateText(date))", "Message-ID: <\(messageID)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64", "Auto-Submitted: auto-generated",
        ]
        let encoded = Data(body(alerts).utf8).base64EncodedString()
        var lines: [Substring] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// ASCII as is; otherwise RFC 2047 `=?UTF-8?B?...?=` words of at most 45 input bytes each.
    static func encodedHeader(_ text: String) -> String {
        let clean = SyslogMessage.printable(text)
        guard !clean.unicodeScalars.allSatisfy(\.isASCII) else { return clean }
        var words: [String] = []
        var chunk = ""
        for character in clean {
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// `Mon, 07 Dec 2026 16:53:54 +0000` (RFC 5322 section 3.3).
    static func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
