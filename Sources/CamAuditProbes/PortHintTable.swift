/// Which probes to try first on well-known camera ports. Only an ordering: every port falls back to
/// content-driven detection, so a service on an odd port is still recognised.
public enum PortHintTable {
    /// One row: a port, the hints in the order to try them, and where the port assignment comes from.
    public struct Entry: Sendable {
        public var port: UInt16
        public var hints: [ServiceHint]
        public var source: String
    }

    public static let entries: [Entry] = [
        Entry(port: 80, hints: [.http], source: "IANA http; all vendors (protocols.md §0)"),
        Entry(port: 88, hints: [.http], source: "Foscam HD CGI port (protocols.md §0, §6)"),
        Entry(port: 443, hints: [.https], source: "IANA https; all vendors (protocols.md §0)"),
        Entry(port: 2020, hints: [.http], source: "Tapo ONVIF, commonly cited (protocols.md §0)"),
        Entry(port: 5000, hints: [.http, .dahuaDVRIP], source: "Dahua VTO/VTH DHIP; common alt HTTP (protocols.md §0)"),
        Entry(port: 8000, hints: [.hikvisionSDK, .http], source: "Hikvision SDK DEV_MANAGE; Reolink ONVIF (protocols.md §0, §2.4)"),
        Entry(port: 8080, hints: [.http], source: "common alternative HTTP port"),
        Entry(port: 8443, hints: [.https], source: "Hikvision SDK_OVER_TLS / alt HTTPS (protocols.md §0)"),
        Entry(port: 9000, hints: [.http], source: "Reolink Baichuan / alt HTTP (protocols.md §0)"),
        Entry(port: 554, hints: [.rtsp], source: "IANA rtsp; all vendors (protocols.md §0)"),
        Entry(port: 8554, hints: [.rtsp], source: "common alternative RTSP port"),
        Entry(port: 10554, hints: [.rtsp], source: "Hikvision RTSP when changed (protocols.md §0)"),
        Entry(port: 37777, hints: [.dahuaDVRIP], source: "Dahua DVRIP/DHIP (protocols.md §0, §3.2)"),
        Entry(port: 34567, hints: [.xiongmai], source: "Xiongmai DVRIP/NetSurveillance (nmap-services)"),
        Entry(port: 23, hints: [.telnet], source: "IANA telnet; old Hikvision firmware (protocols.md §2.4)"),
    ]

    private static let byPort: [UInt16: [ServiceHint]] = Dictionary(entries.map { ($0.port, $0.hints) }, uniquingKeysWith: { first, _ in first })

    /// Hints for a port: the configured one first, then the table's, else `.unknown`.
    public static func hints(for port: UInt16, extra: [UInt16: ServiceHint]) -> [ServiceHint] {
        var hints: [ServiceHint] = []
        if let configured = extra[port] { hints.append(configured) }
        for hint in byPort[port] ?? [] where !hints.contains(hint) { hints.append(hint) }
        return hints.isEmpty ? [.unknown] : hints
    }
}
