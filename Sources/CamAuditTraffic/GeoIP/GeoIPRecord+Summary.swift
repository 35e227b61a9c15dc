extension GeoIPRecord {
    /// `CN, AS64500 Example Cloud, 203.0.113.0/24`: what a report line shows.
    public var summary: String {
        var parts: [String] = []
        if let country = countryCode ?? countryName { parts.append(country) }
        if let asn {
            parts.append("AS\(asn)" + (asOrganization.map { " \(DestinationClassifier.printable($0))" } ?? ""))
        } else if let asOrganization {
            parts.append(DestinationClassifier.printable(asOrganization))
        }
        if let network { parts.append(network) }
        return parts.isEmpty ? "no GeoIP data" : parts.joined(separator: ", ")
    }
}
