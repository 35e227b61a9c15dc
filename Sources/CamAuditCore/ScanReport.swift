import Foundation

/// An open port and the service found on it.
public struct PortService: Sendable, Hashable, Codable {
    public var port: UInt16
    public var `protocol`: String
    /// `http`, `https`, `rtsp`, `onvif`, `hikvision-sdk`, `dahua-dvrip`, `xiongmai-dvrip`, `telnet`,
    /// or `unknown` when nothing answered in a recognisable way.
    public var service: String
    /// A short line for people: server software, title or banner.
    public var detail: String?

    public init(port: UInt16, protocol: String = "tcp", service: String, detail: String? = nil) {
        self.port = port
        self.protocol = `protocol`
        self.service = service
        self.detail = detail
    }
}

/// A security or compliance finding about a device (filled by the checks; empty until then).
public struct Finding: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var severity: Severity
    public var kind: FindingKind
    public var decidedBy: DecidedBy
    public var evidence: [String]
    public var remediation: String?

    public init(
        id: String, title: String, severity: Severity, kind: FindingKind, decidedBy: DecidedBy, evidence: [String], remediation: String?
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.kind = kind
        self.decidedBy = decidedBy
        self.evidence = evidence
        self.remediation = remediation
    }
}

/// Everything camaudit learned about one host.
public struct DeviceReport: Sendable, Hashable, Codable {
    public var address: IPAddress
    public var hostname: String?
    public var ports: [PortService]
    public var manufacturer: String?
    public var brand: String?
    public var model: String?
    public var firmware: String?
    public var serial: String?
    /// The device's MAC address, `aa:bb:cc:dd:ee:ff`, when a discovery answer or an authenticated read gave it.
    public var mac: String?
    public var deviceType: DeviceType
    public var confidence: Double
    public var evidence: [Evidence]
    public var conflicts: [Conflict]
    public var observations: [Observation]
    public var findings: [Finding]
    /// One verdict per compliance rule set (NDAA 889, FCC Covered List); absent in reports made before verdicts existed.
    public var compliance: [ComplianceVerdict]?
    /// The device's risk score with the items that made it.
    public var risk: RiskScore?
    /// Things that went wrong while probing (a timeout, an oversized answer), as sentences.
    public var notes: [String]

    public init(
        address: IPAddress, hostname: String? = nil, ports: [PortService], identity: Identity,
        observations: [Observation] = [], findings: [Finding] = [], notes: [String] = []
    ) {
        self.address = address
        self.hostname = hostname
        self.ports = ports
        self.manufacturer = identity.manufacturer
        self.brand = identity.brand
        self.model = identity.model
        self.firmware = identity.firmware
        self.serial = identity.serial
        self.mac = identity.mac
        self.deviceType = identity.deviceType
        self.confidence = identity.confidence
        self.evidence = identity.evidence
        self.conflicts = identity.conflicts
        self.observations = observations
        self.findings = findings
        self.notes = notes
    }

    /// What identification concluded, as `init` took it.
    public var identity: Identity {
        Identity(
            manufacturer: manufacturer, brand: brand, model: model, firmware: firmware, serial: serial, mac: mac, deviceType: deviceType,
            confidence: confidence, evidence: evidence, conflicts: conflicts)
    }
}

/// What was asked and how the scan went.
public struct ScanMetadata: Sendable, Hashable, Codable {
    public var id: String
    public var tool: String
    public var version: String
    public var startedAt: Date
    public var finishedAt: Date
    public var targets: [String]
    public var exclusions: [String]
    public var ports: [UInt16]
    public var addressesScanned: UInt64
    public var probesSent: UInt64
    /// `completed`; `deadline` when `--deadline` cut the scan short; `running`, `interrupted` or `abandoned`
    /// for a scan that has not finished (see `ScanStatus`).
    public var status: ScanStatus
    public var notes: [String]
    /// How the security checks ran; absent when the scan ran none (`--no-checks`).
    public var checks: ScanChecks?
    /// One line per capture `camaudit traffic --scan` joined to this scan (its `phone-home` findings); absent before any.
    public var trafficCaptures: [String]?

    public init(
        id: String, tool: String = "camaudit", version: String, startedAt: Date, finishedAt: Date, targets: [String],
        exclusions: [String], ports: [UInt16], addressesScanned: UInt64, probesSent: UInt64, status: ScanStatus, notes: [String] = [],
        checks: ScanChecks? = nil
    ) {
        self.checks = checks
        self.id = id
        self.tool = tool
        self.version = version
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.targets = targets
        self.exclusions = exclusions
        self.ports = ports
        self.addressesScanned = addressesScanned
        self.probesSent = probesSent
        self.status = status
        self.notes = notes
    }
}

/// A whole scan: metadata and the devices found. This is the JSON report (`schema/scan-report.schema.json`).
public struct ScanReport: Sendable, Hashable, Codable {
    public static let schemaVersion = "1.0"
    public var schemaVersion: String
    public var scan: ScanMetadata
    public var devices: [DeviceReport]
    /// What to do first: devices grouped into replace now / patch now / harden / fine.
    public var plan: ReplacementPlan?

    public init(scan: ScanMetadata, devices: [DeviceReport], plan: ReplacementPlan? = nil) {
        self.schemaVersion = ScanReport.schemaVersion
        self.scan = scan
        self.devices = devices.sorted { $0.address < $1.address }
        self.plan = plan
    }
}

public enum CamAuditVersion {
    public static let current = "0.1.0"
}
