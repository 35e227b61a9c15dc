import CamAuditCore

/// Findings about how a camera exposes its logins, decided from what the target already showed:
/// telnet or SSH open, HTTP Basic on plain HTTP, and a web interface with no HTTPS.
public struct HygieneChecker: Sendable {
    /// A plain-HTTP request that was answered with a `Basic` challenge.
    public struct BasicChallenge: Sendable, Hashable {
        public var port: UInt16
        public var path: String
        public var realm: String?

        public init(port: UInt16, path: String, realm: String?) {
            self.port = port
            self.path = path
            self.realm = realm
        }
    }

    public init() {}

    /// The hygiene findings of a camera, NVR, DVR or encoder; none for other devices.
    public func findings(for target: CheckTarget, basicChallenges: [BasicChallenge]) -> [Finding] {
        guard target.identity.deviceType.isVideoDevice else { return [] }
        var findings: [Finding] = []
        let telnet = target.ports(speaking: "telnet")
        if !telnet.isEmpty {
            let banner = target.values(of: .telnetBanner).first.map { " (banner \"\(String($0.prefix(60)))\")" } ?? ""
            findings.append(
                Finding(
                    id: "telnet-open", title: "Telnet is open", severity: .high, kind: .hygiene, decidedBy: .observation,
                    evidence: telnet.map { "port \($0) answers as telnet\(banner)" } + [
                        "telnet sends the login and everything after it in clear text"
                    ],
                    remediation:
                        "Disable telnet in the device settings (or update firmware that removes it); use the vendor's HTTPS interface instead."
                ))
        }
        let ssh = target.ports(speaking: "ssh")
        if !ssh.isEmpty {
            findings.append(
                Finding(
                    id: "ssh-open", title: "SSH is open", severity: .low, kind: .hygiene, decidedBy: .observation,
                    evidence: ssh.map { "port \($0) answers as SSH" } + [
                        "a camera needs no shell access in normal use; SSH widens the login surface"
                    ],
                    remediation: "Disable SSH unless the vendor's support needs it, and keep the admin password strong and unique."))
        }
        let plainBasic = basicChallenges.filter { challenge in
            target.services.contains { $0.port == challenge.port && $0.service == "http" }
        }
        if !plainBasic.isEmpty {
            findings.append(
                Finding(
                    id: "basic-auth-over-http", title: "HTTP Basic authentication over plain HTTP", severity: .medium, kind: .hygiene,
                    decidedBy: .safeProbe,
                    evidence: plainBasic.map {
                        "GET \($0.path) on plain-HTTP port \($0.port) answered 401 with WWW-Authenticate: Basic"
                            + ($0.realm.map { " realm=\"\($0)\"" } ?? "")
                    }
                        + ["a Basic login sends the password base64-encoded, readable by anyone on the path"],
                    remediation:
                        "Turn off Basic authentication (keep Digest), and enable HTTPS; on Hikvision: Configuration > System > Security > Authentication: digest."
                ))
        }
        let http = target.ports(speaking: "http")
        if !http.isEmpty, target.ports(speaking: "https").isEmpty {
            findings.append(
                Finding(
                    id: "admin-http-only", title: "Web administration only over plain HTTP", severity: .medium, kind: .hygiene,
                    decidedBy: .observation,
                    evidence: [
                        "web interface on plain-HTTP port(s) \(http.map(String.init).joined(separator: ", ")); no HTTPS port is open"
                    ],
                    remediation:
                        "Enable HTTPS on the device (with its own certificate) and disable plain HTTP, or reach it only through a VPN."))
        }
        return findings
    }
}
