import CamAuditCore

/// Turns a video device's outside traffic into `phone-home` findings: a P2P relay registration, vendor
/// cloud traffic, unnamed internet destinations, and video-sized uploads, each with its destinations as evidence.
public enum PhoneHomeFindings {
    public static let kind = FindingKind.phoneHome
    /// Evidence lines kept per finding (most bytes up first).
    static let maximumEvidence = 10

    /// The findings for one device; empty unless it is a video device that sent something out.
    public static func findings(for device: DeviceTraffic, capture: String) -> [Finding] {
        guard device.attribution.role == .videoDevice else { return [] }
        let decidedBy = DecidedBy.trafficCapture(capture)
        var findings: [Finding] = []
        let uploads = device.destinations.filter { $0.videoUpload != nil }
        if !uploads.isEmpty {
            findings.append(
                Finding(
                    id: "video-upload", title: "Video-sized upload leaves the network (to \(names(uploads)))", severity: .high, kind: kind,
                    decidedBy: decidedBy,
                    evidence: uploads.prefix(maximumEvidence).map { "\($0.videoUpload.map(\.summary) ?? "") to \(line($0))" },
                    remediation:
                        "Find out who receives this video: turn off cloud recording or the vendor's app service in the device if it is not wanted, and block the device's internet egress (camaudit traffic --lan PREFIX prints the rules)."
                ))
        }
        let brokers = device.destinations.filter { $0.classification.category == .p2pBroker }
        if !brokers.isEmpty {
            findings.append(
                Finding(
                    id: "phone-home-p2p", title: "Registers with a P2P relay (\(services(brokers)))", severity: .medium, kind: kind,
                    decidedBy: decidedBy,
                    evidence: brokers.prefix(maximumEvidence).map(line),
                    remediation:
                        "Turn off the device's P2P / cloud access if no one reaches it through the vendor's app, and block its internet egress: a P2P relay lets whoever knows or guesses the device's ID reach it through the router (the iLnkP2P and ThroughTek Kalay flaws, CVE-2019-11219, CVE-2019-11220, CVE-2021-28372)."
                ))
        }
        let clouds = device.destinations.filter { [.vendorCloud, .update, .iotCloud].contains($0.classification.category) }
        if !clouds.isEmpty {
            findings.append(
                Finding(
                    id: "phone-home-cloud", title: "Talks to the vendor's cloud (\(services(clouds)))", severity: .low, kind: kind,
                    decidedBy: decidedBy,
                    evidence: clouds.prefix(maximumEvidence).map(line),
                    remediation:
                        "Disable the cloud service (Hik-Connect, Easy4ip/Imou, XMEye, ... in the device's network settings) unless it is used, and block the device's internet egress except to the NTP server you choose."
                ))
        }
        let unknown = device.destinations.filter { $0.classification.category == .unknown }
        if !unknown.isEmpty {
            findings.append(
                Finding(
                    id: "phone-home-unknown", title: "Sends data to \(unknown.count) internet host(s) camaudit cannot name", severity: .low,
                    kind: kind,
                    decidedBy: decidedBy, evidence: unknown.prefix(maximumEvidence).map(line),
                    remediation:
                        "Look up these destinations (--geoip names their country and network); a camera needs none but NTP and, if used, its cloud. Block its internet egress."
                ))
        }
        return findings
    }

    /// `udp/32100 198.51.100.7 (CS2 Network P2P), up 12 kB, down 3 kB, 2026-11-20T10:00:01Z to 2026-11-20T10:04:55Z, CN AS64500`.
    static func line(_ destination: DeviceTraffic.Destination) -> String {
        let who =
            destination.name.map { "\(DestinationClassifier.printable($0)) (\(destination.address))" } ?? destination.address.description
        let what = [destination.classification.service, destination.classification.vendor ?? destination.classification.operatorName]
            .compactMap { $0 }.filter { !$0.isEmpty }
        let geo = destination.geo.map { " [\($0.summary)]" } ?? ""
        return "\(destination.services.joined(separator: ",")) \(who)\(what.isEmpty ? "" : " " + what.joined(separator: ", "))\(geo): "
            + "up \(ByteCount.text(destination.bytesUp)), down \(ByteCount.text(destination.bytesDown)), \(time(destination.firstSeen)) to \(time(destination.lastSeen))"
    }

    static func names(_ destinations: [DeviceTraffic.Destination]) -> String {
        let names = destinations.map { $0.name.map(DestinationClassifier.printable) ?? $0.address.description }
        return names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " and \(names.count - 3) more" : "")
    }

    static func services(_ destinations: [DeviceTraffic.Destination]) -> String {
        var seen: [String] = []
        for destination in destinations {
            let service = destination.classification.service ?? destination.classification.category.rawValue
            if !seen.contains(service) { seen.append(service) }
        }
        return seen.joined(separator: ", ")
    }

    static func time(_ seconds: Double) -> String { UTCTimestamp.text(seconds) }
}
