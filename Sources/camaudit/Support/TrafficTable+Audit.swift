import CamAuditReports
import CamAuditTraffic

extension TrafficTable {
    /// The table of a traffic audit: the analysis's values handed to the renderer as plain values.
    init(_ result: TrafficAudit.Result) {
        self.init(
            packets: result.table.packets, flows: result.table.flows.count, skippedPackets: result.table.skipped.values.reduce(0, +),
            hosts: result.devices.map { device in
                let attribution = device.attribution
                return Host(
                    address: device.address, mac: device.mac, role: Self.role(attribution.role),
                    identity: [
                        attribution.manufacturer, attribution.model, attribution.deviceType.rawValue, attribution.family.map { "[\($0)]" },
                    ]
                    .compactMap { $0 },
                    decidedBy: attribution.decidedBy, score: attribution.score, firstSeen: device.firstSeen, lastSeen: device.lastSeen,
                    bytesUp: device.bytesUp, evidence: attribution.evidence,
                    destinations: device.destinations.map { destination in
                        let classification = destination.classification
                        return Destination(
                            kind: [classification.category.rawValue, classification.vendor, classification.service].compactMap { $0 },
                            name: destination.name, address: destination.address, services: destination.services,
                            bytesUp: destination.bytesUp, bytesDown: destination.bytesDown, geo: destination.geo?.summary,
                            videoUpload: destination.videoUpload?.summary)
                    },
                    findings: device.findings,
                    countries: (device.countries ?? []).map {
                        Country(code: $0.country, destinations: $0.destinations, bytesUp: $0.bytesUp, bytesDown: $0.bytesDown)
                    })
            },
            geoipDatabases: result.geoipDatabases ?? [], geoipAttributions: result.geoipAttributions ?? [],
            incomplete: Self.incomplete(result.completeness))
    }

    /// Where and why the capture was cut, in words; nil for a whole capture.
    static func incomplete(_ status: CaptureCompleteness) -> String? {
        guard !status.complete else { return nil }
        let place = [
            status.packetIndex.map { "after \($0) packet\($0 == 1 ? "" : "s")" }, status.byteOffset.map { "at byte \($0)" },
        ]
        .compactMap { $0 }.joined(separator: ", ")
        return ["the capture is damaged", place.isEmpty ? nil : place, status.reason.map { "(\($0))" }].compactMap { $0 }.joined(
            separator: " ")
    }

    static func role(_ role: DeviceAttribution.Role) -> Role {
        switch role {
        case .videoDevice: return .videoDevice
        case .unknown: return .unknown
        case .client: return .client
        }
    }
}
