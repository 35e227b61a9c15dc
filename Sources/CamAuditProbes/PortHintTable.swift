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
        Entry(port: 80, hints: [.http], source: "IANA service registry: http; all vendors"),
        Entry(port: 88, hints: [.http], source: "Foscam HD CGI port: Foscam IPCamera CGI User Guide (2015-11-06)"),
        Entry(port: 443, hints: [.https], source: "IANA service registry: https; all vendors"),
        Entry(
            port: 2020, hints: [.http],
            source:
                "Tapo ONVIF: nmap scan of a Tapo C500 (gist.github.com/schauveau/c4ff736ae46f9d21527ef1eccee5baa1) and port table of a Tapo C220 (github.com/skrtk98/tapo-c220/wiki)"
        ),
        Entry(
            port: 5000, hints: [.http, .dahuaDVRIP],
            source: "Dahua VTO/VTH DHIP (mcw0/DahuaConsole@5f8f35b13437 README and net.py); common alt HTTP"),
        Entry(
            port: 8000, hints: [.hikvisionSDK, .http],
            source:
                "Hikvision SDK DEV_MANAGE (maciej-or/hikvision_next@f6dac0dabb26 tests/fixtures/devices (Security/adminAccesses); nmap/nmap@db4aefddfa34 nmap-service-probes line 1821); Reolink ONVIF (starkillerOG/reolink_aio@de3e17ddd1ab api.py onvifPort default 8000)"
        ),
        Entry(port: 8080, hints: [.http], source: "common alternative HTTP port"),
        Entry(
            port: 8443, hints: [.https],
            source:
                "Hikvision SDK_OVER_TLS (maciej-or/hikvision_next@f6dac0dabb26 tests/fixtures/devices (Security/adminAccesses)) / alt HTTPS"
        ),
        Entry(
            port: 9000, hints: [.http],
            source: "Reolink Baichuan (starkillerOG/reolink_aio@de3e17ddd1ab api.py, 'Baichuan protocol (port 9000)') / alt HTTP"),
        Entry(port: 554, hints: [.rtsp], source: "IANA service registry: rtsp; all vendors"),
        Entry(port: 8554, hints: [.rtsp], source: "common alternative RTSP port"),
        Entry(
            port: 10554, hints: [.rtsp],
            source: "Hikvision RTSP when changed (maciej-or/hikvision_next@f6dac0dabb26 tests/fixtures/devices (Security/adminAccesses))"),
        Entry(
            port: 37777, hints: [.dahuaDVRIP],
            source:
                "Dahua DVRIP/DHIP (mcw0/DahuaConsole@5f8f35b13437 Console.py, default rport 37777; DHDiscover reply \"Port\" : 37777 in Phenomite/AMP-Research@15261f5f89fd 'DVR IP Camera port 37810/README.md')"
        ),
        Entry(port: 34567, hints: [.xiongmai], source: "Xiongmai DVRIP/NetSurveillance (nmap-services)"),
        Entry(
            port: 23, hints: [.telnet],
            source: "IANA telnet; old Hikvision firmware (rapid7/recog@14fa1a7211e7 telnet_banners.xml, '192.0.0.64 login:')"),
    ]

    private static let byPort: [UInt16: [ServiceHint]] = Dictionary(
        entries.map { ($0.port, $0.hints) }, uniquingKeysWith: { first, _ in first })

    /// Hints for a port: the configured one first, then the table's, else `.unknown`.
    public static func hints(for port: UInt16, extra: [UInt16: ServiceHint]) -> [ServiceHint] {
        var hints: [ServiceHint] = []
        if let configured = extra[port] { hints.append(configured) }
        for hint in byPort[port] ?? [] where !hints.contains(hint) { hints.append(hint) }
        return hints.isEmpty ? [.unknown] : hints
    }
}
