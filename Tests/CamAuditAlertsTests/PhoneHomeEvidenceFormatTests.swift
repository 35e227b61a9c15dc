import CamAuditAlerts
import CamAuditCore
import Testing

@testable import CamAuditTraffic

/// The evidence lines are read back from text CamAuditTraffic writes: these tests make the lines with its own code,
/// so a change of that format fails here rather than silently stopping phone-home alerts.
@Suite struct PhoneHomeEvidenceFormatTests {
    static func destination(name: String?, geo: GeoIPRecord?, upload: VideoUpload? = nil) -> DeviceTraffic.Destination {
        DeviceTraffic.Destination(
            address: IPAddress("198.51.100.7")!, name: name, nameSource: name == nil ? nil : "dns", services: ["udp/32100", "tcp/443"],
            classification: DestinationClassification(
                category: .p2pBroker, basis: .name, vendor: "Example Vendor", service: "CS2 Network P2P", evidence: "name"),
            bytesUp: 12_000, bytesDown: 3_000, flows: 2, firstSeen: 1_796_000_000, lastSeen: 1_796_000_300, videoUpload: upload, geo: geo)
    }

    @Test func aNamedDestinationWithItsCountry() {
        let line = PhoneHomeFindings.line(
            Self.destination(
                name: "relay.example.net",
                geo: GeoIPRecord(countryCode: "CN", asn: 64500, asOrganization: "Example", network: "198.51.100.0/24")))
        #expect(PhoneHomeEvidence(line: line) == PhoneHomeEvidence(destination: "relay.example.net", country: "CN"), "\(line)")
    }

    @Test func anUnnamedDestinationWithoutGeoIP() {
        let line = PhoneHomeFindings.line(Self.destination(name: nil, geo: nil))
        #expect(PhoneHomeEvidence(line: line) == PhoneHomeEvidence(destination: "198.51.100.7", country: nil), "\(line)")
    }

    @Test func aGeoIPRecordWithoutACountry() {
        let line = PhoneHomeFindings.line(Self.destination(name: nil, geo: GeoIPRecord(asn: 64500, asOrganization: "Example")))
        #expect(PhoneHomeEvidence(line: line) == PhoneHomeEvidence(destination: "198.51.100.7", country: nil), "\(line)")
    }

    @Test func aVideoUploadLine() throws {
        let upload = try #require(VideoUpload.detect(bytesUp: 4_200_000, bytesDown: 10_000, seconds: 31))
        let destination = Self.destination(name: "cdn.example.org", geo: GeoIPRecord(countryName: "Example Land"), upload: upload)
        // As PhoneHomeFindings writes the `video-upload` evidence.
        let line = "\(upload.summary) to \(PhoneHomeFindings.line(destination))"
        #expect(PhoneHomeEvidence(line: line) == PhoneHomeEvidence(destination: "cdn.example.org", country: "Example Land"), "\(line)")
    }
}
