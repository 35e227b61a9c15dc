import CamAuditCore
import Foundation

/// An alert as a syslog message: RFC 5424, "The Syslog Protocol" (March 2009), framed for TCP by octet counting as
/// RFC 6587, "Transmission of Syslog Messages over TCP" (April 2012), section 3.4.1, describes.
///
/// `<PRI>1 TIMESTAMP HOSTNAME camaudit PROCID MSGID [SD] BOM MSG`: PRI is the facility times 8 plus the level
/// mapped from the alert's severity, TIMESTAMP the alert's time in UTC, MSGID the alert kind, SD a `camaudit@<number>`
/// element when the target names an enterprise number (else `-`), and MSG the severity and the alert's sentence in
/// UTF-8, control characters replaced so a device's name cannot start a forged line.
public enum SyslogMessage {
    /// RFC 5424 section 6.2.1, table 1.
    public enum Facility: Int, Sendable, Hashable, Codable, CaseIterable {
        case kernel = 0, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, audit, alert, clock
        case local0, local1, local2, local3, local4, local5, local6, local7
    }

    /// RFC 5424 section 6.2.1, table 2.
    public enum Level: Int, Sendable, Hashable, Codable {
        case emergency = 0, alert, critical, error, warning, notice, informational, debug
    }

    /// critical -> critical (2), high -> error (3), medium -> warning (4), low -> notice (5), the rest -> informational (6).
    public static func level(for severity: Severity) -> Level {
        switch severity {
        case .critical: .critical
        case .high: .error
        case .medium: .warning
        case .low: .notice
        case .none, .info, .unknown: .informational
        }
    }

    /// The largest message sent over UDP: RFC 5426 section 3.2 asks receivers to take 2048 octets.
    public static let udpLimit = 2048

    /// One RFC 5424 message, at most `limit` bytes (the sentence is cut to fit).
    public static func line(
        for alert: Alert, facility: Facility, hostname: String?, processID: Int32 = ProcessInfo.processInfo.processIdentifier,
        enterpriseNumber: Int? = nil, limit: Int? = nil
    ) -> [UInt8] {
        let priority = facility.rawValue * 8 + level(for: alert.severity).rawValue
        let header = [
            "<\(priority)>1", ReportCoding.dateText(alert.time), field(hostname, 255), "camaudit", field(String(processID), 128),
            field(alert.kind.rawValue, 32), structuredData(alert, enterpriseNumber),
        ].joined(separator: " ")
        let message = "[\(alert.severity.rawValue)] " + printable(alert.summary)
        var bytes = Array((header + " ").utf8) + [0xEF, 0xBB, 0xBF]
        var text = Array(message.utf8)
        if let limit, bytes.count + text.count > limit {
            text = Array(text.prefix(max(0, limit - bytes.count)))
            // Cut at a character boundary: drop continuation bytes and a lead byte left without them.
            while let last = text.last, last & 0xC0 == 0x80 { text.removeLast() }
            if let last = text.last, last >= 0xC0 { text.removeLast() }
        }
        bytes += text
        return bytes
    }

    /// RFC 6587 section 3.4.1: `MSG-LEN SP SYSLOG-MSG`, the length in octets.
    public static func octetCounted(_ message: [UInt8]) -> [UInt8] {
        Array("\(message.count) ".utf8) + message
    }

    /// A header field: printable US-ASCII without spaces, at most `limit` characters; `-` when empty.
    static func field(_ text: String?, _ limit: Int) -> String {
        let kept = (text ?? "").unicodeScalars.filter { (33...126).contains($0.value) }.prefix(limit)
        return kept.isEmpty ? "-" : String(String.UnicodeScalarView(kept))
    }

    static func structuredData(_ alert: Alert, _ enterpriseNumber: Int?) -> String {
        guard let enterpriseNumber, enterpriseNumber > 0 else { return "-" }
        let parameters = [
            ("key", alert.key), ("kind", alert.kind.rawValue), ("severity", alert.severity.rawValue),
            ("address", alert.address.description),
            ("scan", alert.scanId),
        ]
        return "[camaudit@\(enterpriseNumber)" + parameters.map { " \($0.0)=\"\(escape($0.1))\"" }.joined() + "]"
    }

    /// RFC 5424 section 6.3.3: `"`, `\` and `]` are escaped with a backslash inside a PARAM-VALUE.
    static func escape(_ value: String) -> String {
        var result = ""
        for character in printable(value) {
            if character == "\"" || character == "\\" || character == "]" { result.append("\\") }
            result.append(character)
        }
        return result
    }

    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
