import Foundation

/// Where a device phones home, read back from the evidence lines of its `phone-home` findings.
///
/// `camaudit traffic --scan` writes one line per destination (`PhoneHomeFindings.line` in CamAuditTraffic):
/// `udp/32100 relay.example.net (198.51.100.7) CS2 Network P2P [CN, AS64500 Example, 198.51.100.0/24]: up 12 kB, ...`;
/// a `video-upload` line starts with the upload (`4.2 MB in 31 s (1.1 Mbit/s) to `) before the same text.
/// The destination is the host name when the capture named one, else the address; the country is the first part
/// of the bracketed GeoIP summary, present only when `--geoip` was given.
public struct PhoneHomeEvidence: Sendable, Hashable {
    public var destination: String
    public var country: String?

    public init(destination: String, country: String?) {
        self.destination = destination
        self.country = country
    }

    /// The destination of one evidence line, or nil when the line is not in that form.
    public init?(line: String) {
        var text = Substring(line)
        if text.first?.isNumber == true, let upload = text.range(of: " Mbit/s) to ") {
            text = text[upload.upperBound...]
        }
        guard let end = text.range(of: ": up ") else { return nil }
        let head = text[..<end.lowerBound]
        let words = head.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2, words[0].contains("/") else { return nil }
        destination = String(words[1])
        country = nil
        if head.hasSuffix("]"), let open = head.range(of: " [", options: .backwards) {
            let geo = head[open.upperBound..<head.index(before: head.endIndex)]
            let first = geo.split(separator: ",", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let isASN = first.hasPrefix("AS") && first.dropFirst(2).first?.isNumber == true
            if !first.isEmpty, !isASN, !first.contains("/"), first != "no GeoIP data" { country = first }
        }
    }

    /// Every destination of a device's `phone-home` findings, with the severity of the worst finding that named it.
    public static func destinations(of device: DeviceReport) -> [PhoneHomeEvidence: Severity] {
        var result: [PhoneHomeEvidence: Severity] = [:]
        for finding in device.findings where finding.kind == .phoneHome {
            for line in finding.evidence {
                guard let evidence = PhoneHomeEvidence(line: line) else { continue }
                result[evidence] = max(result[evidence] ?? finding.severity, finding.severity)
            }
        }
        return result
    }
}
