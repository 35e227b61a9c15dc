import CamAuditCore

/// How serious a camera port reachable from the internet is, by the service the scan found on it.
///
/// Data, not logic: one entry per group of services, each with why and where that comes from.
enum ExposureSeverityTable {
    struct Entry: Sendable {
        let services: [String]
        let severity: Severity
        let reason: String
        let source: String
    }

    static let entries: [Entry] = [
        Entry(
            services: ["http", "https", "onvif"], severity: .critical,
            reason: "the web and ONVIF interface, where the camera KEV bypasses and command injections are reached",
            source:
                "CISA Known Exploited Vulnerabilities catalog (https://www.cisa.gov/known-exploited-vulnerabilities-catalog): CVE-2017-7921, CVE-2021-36260, CVE-2021-33044, exploited over HTTP"
        ),
        Entry(
            services: ["rtsp"], severity: .critical,
            reason: "the video stream itself",
            source: "issue 4 'Open streams' (the Insecam case: streams anyone can watch)"),
        Entry(
            services: ["hikvision-sdk", "dahua-dvrip", "xiongmai-dvrip"], severity: .critical,
            reason: "the vendor's own control protocol",
            source:
                "NVD CVE-2013-6117 and CVE-2020-5735 (Dahua over TCP 37777, https://nvd.nist.gov); nmap/nmap@db4aefddfa34 nmap-service-probes line 1821 (Hikvision control port 8000)"
        ),
        Entry(
            services: ["telnet", "ssh"], severity: .critical,
            reason: "a remote login to the device's shell",
            source:
                "CISA ICS advisory ICSA-18-282-06, CVE-2018-17919 (hidden default account, https://www.cisa.gov/news-events/ics-advisories/icsa-18-282-06); issue 4 'Credentials' (telnet/SSH open)"
        ),
    ]

    /// Any other camera port forwarded to the internet.
    static let fallback = Entry(
        services: [], severity: .high, reason: "a camera port the scan could not name",
        source: "issue 4 'Internet exposure' (every mapping to a camera is flagged)")

    static func entry(for service: String) -> Entry {
        entries.first { $0.services.contains(service) } ?? fallback
    }
}
