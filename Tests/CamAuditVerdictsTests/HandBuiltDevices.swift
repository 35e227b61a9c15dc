import CamAuditCore
import Foundation

/// Devices written by hand the way the identifier and the checks report them, one per situation a verdict must handle.
enum HandBuiltDevices {
    static func device(
        _ address: String, manufacturer: String? = nil, brand: String? = nil, model: String? = nil, firmware: String? = nil,
        type: DeviceType = .camera, confidence: Double, evidence: [Evidence], conflicts: [Conflict] = [], findings: [Finding] = []
    ) -> DeviceReport {
        DeviceReport(
            address: IPAddress(address)!, ports: [PortService(port: 80, service: "http")],
            identity: Identity(
                manufacturer: manufacturer, brand: brand, model: model, firmware: firmware, deviceType: type,
                confidence: confidence, evidence: evidence, conflicts: conflicts),
            findings: findings)
    }

    /// A Hikvision camera that answered SADP and ISAPI: firmware-level proof.
    static let hikvisionBySADP = device(
        "192.0.2.10", manufacturer: "Hikvision", model: "DS-2CD2042WD-I", firmware: "V5.4.0 build 160530", confidence: 0.998,
        evidence: [
            Evidence(
                fingerprint: "hikvision.sadp.device_description", field: "sadp.device_description", value: "DS-2CD2042WD-I",
                port: 37020, probe: "sadp", claims: ["manufacturer": "Hikvision", "model": "DS-2CD2042WD-I"], weight: 0.95),
            Evidence(
                fingerprint: "hikvision.isapi.device_info", field: .hikvisionISAPI, value: "<DeviceInfo>...",
                port: 80, probe: "GET /ISAPI/System/deviceInfo", claims: ["manufacturer": "Hikvision"], weight: 0.9),
            Evidence(
                fingerprint: "hikvision.mac.oui", field: "mac.oui", value: "44:19:b6:00:00:01", port: nil, probe: "sadp",
                claims: ["manufacturer": "Hikvision"], weight: 0.4),
        ])

    /// An LTS-labelled camera: the maker is known only through the LTS -> Hikvision OEM relation.
    static let ltsLabelled = device(
        "192.0.2.11", manufacturer: "Hikvision", brand: "LTS", confidence: 0.36,
        evidence: [
            Evidence(
                fingerprint: "lts.http.title", field: .httpTitle, value: "LTS Network Camera", port: 80, probe: "GET /",
                claims: ["brand": "LTS"], weight: 0.6),
            Evidence(
                fingerprint: "oem-brands.LTS", field: "oem-brands",
                value: "LTS devices are made by Hikvision: LTS OUIs added to the Hikvision camera list as a Hikvision OEM",
                port: nil, probe: "inferred from brand LTS (github.com/CamioCam/rtsp issue #224)",
                claims: ["manufacturer": "Hikvision", "inferredFromBrand": "LTS"], weight: 0.36),
        ])

    /// A Dahua camera known only from its MAC prefix.
    static let dahuaByMAC = device(
        "192.0.2.12", manufacturer: "Dahua", confidence: 0.4,
        evidence: [
            Evidence(
                fingerprint: "dahua.mac.oui", field: "mac.oui", value: "3c:ef:8c:00:00:01", port: nil, probe: "arp",
                claims: ["manufacturer": "Dahua"], weight: 0.4)
        ])

    /// An Axis camera that answered basicdeviceinfo.
    static let axis = device(
        "198.51.100.20", manufacturer: "Axis", model: "M3045-V", firmware: "10.12.114", confidence: 0.97,
        evidence: [
            Evidence(
                fingerprint: "axis.basic_device_info", field: "axis.basic_device_info", value: "{\"Brand\":\"AXIS\"}", port: 80,
                probe: "POST /axis-cgi/basicdeviceinfo.cgi", claims: ["manufacturer": "Axis", "model": "M3045-V"], weight: 0.97)
        ])

    /// A camera nothing identified: an RTSP server without a maker's name.
    static let unknownMaker = device(
        "198.51.100.21", confidence: 0.5,
        evidence: [
            Evidence(
                fingerprint: "generic.rtsp.server", field: .rtspServer, value: "RTSP Server", port: 554, probe: "OPTIONS",
                claims: ["deviceType": "camera"], weight: 0.5)
        ])

    static func finding(_ id: String, severity: Severity, kind: FindingKind, evidence: [String] = [], remediation: String? = nil) -> Finding
    {
        Finding(id: id, title: id, severity: severity, kind: kind, decidedBy: .version, evidence: evidence, remediation: remediation)
    }

    static func axis(_ address: String, findings: [Finding]) -> DeviceReport {
        var device = axis
        device.address = IPAddress(address)!
        device.findings = findings
        return device
    }

    static func report(_ devices: [DeviceReport]) -> ScanReport {
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        return ScanReport(
            scan: ScanMetadata(
                id: "hand-built", version: CamAuditVersion.current, startedAt: date, finishedAt: date, targets: ["192.0.2.0/24"],
                exclusions: [], ports: [80], addressesScanned: 256, probesSent: 256, status: .completed),
            devices: devices)
    }
}
