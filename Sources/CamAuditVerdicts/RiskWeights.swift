import CamAuditCore

/// The points each risk item adds, with the reason, in one place: the risk score is the sum of its items, at most 100.
///
/// | Item | Points | Why |
/// |---|---|---|
/// | KEV-listed vulnerability | 30 each | CISA has seen it exploited: attackers already use it |
/// | Vulnerability, CVSS critical / high / medium / low / none / unscored | 25 / 15 / 8 / 3 / 0 / 8 | CVSS v3 rating of the flaw; unscored counts as medium |
/// | Default credentials, blank password | 30 | anyone can log in with a published or empty password |
/// | Other credential finding | 20 | a login weakness short of an open door |
/// | Open RTSP stream, snapshot, MJPEG | 20 each | the video is readable without a password |
/// | Internet exposure (router port mapping) | 25 | the device is reachable from the whole internet |
/// | Covered maker | 15 x verdict confidence | the device has to go for federal use; weighed by how sure the maker is |
/// | End-of-life firmware | 15 | no fix will come for what is found next |
/// | Telnet open / basic auth over HTTP / admin over HTTP only / UPnP on / SSH open | 5 / 4 / 3 / 3 / 1 | hygiene: each makes an attack easier, none is one alone |
/// | Video-sized upload leaving the network / P2P relay registration / vendor cloud / unnamed internet hosts | 15 / 10 / 3 / 2 | video in someone else's hands; a relay makes the device reachable by its ID from anywhere; cloud and unknown traffic only say it talks out |
/// | Other hygiene or phone-home finding | 2 | small, so many of them never outweigh one vulnerability |
/// | Compromise (mining, scanning, outbound shell, Tor) | 40 each | the device already behaves as taken over: worse than any single flaw that might let it be |
public enum RiskWeights {
    /// One weight and why it is what it is.
    public struct Weight: Sendable, Hashable {
        public let item: String
        public let points: Int
        public let reason: String
    }

    public static let kev = Weight(item: "kev", points: 30, reason: "listed in CISA KEV: exploited in the wild")
    /// Points of a vulnerability by its finding severity (the CVSS v3 rating).
    public static func severity(_ severity: Severity) -> Weight {
        switch severity {
        case .critical: Weight(item: "cvss-critical", points: 25, reason: "CVSS critical (9.0-10.0)")
        case .high: Weight(item: "cvss-high", points: 15, reason: "CVSS high (7.0-8.9)")
        case .medium: Weight(item: "cvss-medium", points: 8, reason: "CVSS medium (4.0-6.9)")
        case .low: Weight(item: "cvss-low", points: 3, reason: "CVSS low (0.1-3.9)")
        // `info` is not a CVSS rating: a vulnerability finding never carries it, and is counted as unscored if one does.
        case .unknown, .info: Weight(item: "cvss-unknown", points: 8, reason: "no CVSS score; counted as medium")
        case .none: Weight(item: "cvss-none", points: 0, reason: "CVSS none (0.0)")
        }
    }
    /// Points of non-vulnerability findings by id.
    public static let findings: [String: Weight] = [
        "default-credentials": Weight(item: "default-credentials", points: 30, reason: "logs in with a published default password"),
        "blank-password": Weight(item: "blank-password", points: 30, reason: "logs in with an empty password"),
        "open-rtsp-stream": Weight(item: "open-rtsp-stream", points: 20, reason: "live video readable without a password"),
        "open-snapshot": Weight(item: "open-snapshot", points: 20, reason: "snapshots readable without a password"),
        "open-mjpeg": Weight(item: "open-mjpeg", points: 20, reason: "MJPEG video readable without a password"),
        "internet-exposed": Weight(item: "internet-exposed", points: 25, reason: "a router port mapping exposes it to the internet"),
        "telnet-open": Weight(item: "telnet-open", points: 5, reason: "telnet open: a clear-text shell login"),
        "basic-auth-over-http": Weight(
            item: "basic-auth-over-http", points: 4, reason: "sends passwords in clear text (basic auth over HTTP)"),
        "admin-http-only": Weight(item: "admin-http-only", points: 3, reason: "administration only over unencrypted HTTP"),
        "upnp-enabled": Weight(item: "upnp-enabled", points: 3, reason: "UPnP on: the device can open router ports by itself"),
        "ssh-open": Weight(item: "ssh-open", points: 1, reason: "SSH open: a shell login reachable on the network"),
        "video-upload": Weight(item: "video-upload", points: 15, reason: "video-sized uploads leave the network"),
        "phone-home-p2p": Weight(
            item: "phone-home-p2p", points: 10, reason: "registered with a P2P relay: reachable by its device ID from anywhere"),
        "phone-home-cloud": Weight(item: "phone-home-cloud", points: 3, reason: "talks to the vendor's cloud"),
        "phone-home-unknown": Weight(item: "phone-home-unknown", points: 2, reason: "sends data to internet hosts no data file names"),
    ]
    /// Points of a finding whose id the table above does not list, by kind; nil for vulnerabilities, which `severity` and `kev` score.
    public static func kind(_ kind: FindingKind) -> Weight? {
        switch kind {
        case .credential: Weight(item: "credential", points: 20, reason: "a login weakness")
        case .stream: Weight(item: "stream", points: 20, reason: "video readable without a password")
        case .exposure: Weight(item: "exposure", points: 15, reason: "reachable from outside the network")
        case .hygiene: Weight(item: "hygiene", points: 2, reason: "a hygiene finding")
        case .phoneHome: Weight(item: "phone-home", points: 2, reason: "talks to the vendor's cloud")
        case .compromise:
            Weight(item: "compromise", points: 40, reason: "behaves as a taken-over device (mining, scanning, outbound shell, Tor)")
        case .vulnerability: nil
        }
    }
    public static let covered = Weight(
        item: "covered", points: 15, reason: "made by a maker a compliance rule set covers (points x verdict confidence)")
    public static let endOfLife = Weight(item: "end-of-life", points: 15, reason: "end-of-life product: no more fixes")

    /// The score's level: critical from 70, high from 40, medium from 15, low above 0.
    public static func level(score: Int) -> RiskLevel {
        switch score {
        case 70...: .critical
        case 40..<70: .high
        case 15..<40: .medium
        case 1..<15: .low
        default: .none
        }
    }
}
