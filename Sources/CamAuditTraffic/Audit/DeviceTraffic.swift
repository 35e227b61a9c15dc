import CamAuditCore

/// Everything one local device said to the outside in a capture, grouped by destination, with what
/// the device is and the findings its traffic gave.
public struct DeviceTraffic: Sendable, Hashable, Codable {
    /// One destination of one device, with the classification and the counters of all its flows.
    public struct Destination: Sendable, Hashable, Codable {
        public var address: IPAddress
        /// The name the device looked up (DNS) or sent (TLS or QUIC SNI, HTTP Host), when the capture shows one.
        public var name: String?
        /// Where `name` came from: `dns`, `tls-sni`, `quic-sni`, `http-host`.
        public var nameSource: String?
        /// `tcp/443`, `udp/32100`, ... (every port the device used on this destination).
        public var services: [String]
        public var classification: DestinationClassification
        /// Device to destination.
        public var bytesUp: Int
        public var bytesDown: Int
        public var flows: Int
        public var firstSeen: Double
        public var lastSeen: Double
        /// Set when the upload to this destination is video-sized (`VideoUpload`'s thresholds).
        public var videoUpload: VideoUpload?
        /// Country and network from the user's GeoIP database (`--geoip`), when one was given and knows the address.
        public var geo: GeoIPRecord?
    }

    /// What went to one country: how many destinations and bytes (`--format json`'s `countries`).
    public struct CountryTotal: Sendable, Hashable, Codable {
        /// ISO 3166-1 alpha-2 code; absent for destinations the database has no country for.
        public var country: String?
        public var destinations: Int
        public var bytesUp: Int
        public var bytesDown: Int

        public init(country: String?, destinations: Int, bytesUp: Int, bytesDown: Int) {
            self.country = country
            self.destinations = destinations
            self.bytesUp = bytesUp
            self.bytesDown = bytesDown
        }
    }

    public var address: IPAddress
    /// The device's MAC as the capture shows it (absent when the capture is not from its own link).
    public var mac: String?
    /// What the device is (video device, client, unknown) and why.
    public var attribution: DeviceAttribution
    /// Destinations outside the local network, most bytes up first.
    public var destinations: [Destination]
    /// `phone-home` findings (video devices only); the same records join the device in a saved scan.
    public var findings: [Finding]
    /// Destinations and bytes per country, most bytes up first; nil when no GeoIP database was used.
    public var countries: [CountryTotal]?
    public var firstSeen: Double?
    public var lastSeen: Double?

    /// The per-country totals of `destinations` (those with no known country under a nil code, last).
    public static func countryTotals(_ destinations: [Destination]) -> [CountryTotal] {
        var totals: [String?: CountryTotal] = [:]
        for destination in destinations {
            let country = destination.geo?.countryCode
            var total = totals[country] ?? CountryTotal(country: country, destinations: 0, bytesUp: 0, bytesDown: 0)
            total.destinations += 1
            total.bytesUp += destination.bytesUp
            total.bytesDown += destination.bytesDown
            totals[country] = total
        }
        return totals.values.sorted {
            ($0.country == nil ? 0 : 1, $0.bytesUp, $0.bytesDown, $1.country ?? "") > (
                $1.country == nil ? 0 : 1, $1.bytesUp, $1.bytesDown, $0.country ?? ""
            )
        }
    }

    /// Bytes the device sent out of the local network.
    public var bytesUp: Int { destinations.reduce(0) { $0 + $1.bytesUp } }
}
