import CamAuditCore
import Foundation

/// What an alert is about.
public enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A device seen now that the previous scan did not have.
    case newDevice = "new-device"
    /// A new device whose maker a compliance rule set covers (NDAA 889, FCC Covered List).
    case newCoveredDevice = "new-covered-device"
    /// A finding at or above the chosen severity that the device did not have before.
    case newFinding = "new-finding"
    /// The device's firmware version differs from the previous scan (both scans read one).
    case firmwareChanged = "firmware-changed"
    /// A device of the previous scan that a completed scan no longer finds.
    case deviceVanished = "device-vanished"
    /// The device sends data to a host it was not seen sending to before (`phone-home` findings).
    case newPhoneHomeDestination = "new-phone-home-destination"
    /// The device sends data to a country it was not seen sending to before (`phone-home` findings, with `--geoip`).
    case newPhoneHomeCountry = "new-phone-home-country"
    /// A test delivery (the "test" button of a target); never detected, never deduplicated.
    case test
}

/// One thing worth telling someone about, found by comparing two scans.
public struct Alert: Sendable, Hashable, Codable {
    /// The same for the same event in any later scan: kind, address and what changed, never the scan id.
    /// Deliveries are deduplicated on it.
    public var key: String
    public var kind: AlertKind
    public var severity: Severity
    /// The device's address in the scan that raised the alert (for a vanished device, its last address).
    public var address: IPAddress
    /// The scan that raised the alert.
    public var scanId: String
    /// When that scan finished.
    public var time: Date
    /// One sentence for people.
    public var summary: String
    /// What a receiver can act on, by name (`finding`, `old`, `new`, `destination`, `country`, `maker`, ...).
    public var details: [String: String]

    public init(
        key: String, kind: AlertKind, severity: Severity, address: IPAddress, scanId: String, time: Date, summary: String,
        details: [String: String] = [:]
    ) {
        self.key = key
        self.kind = kind
        self.severity = severity
        self.address = address
        self.scanId = scanId
        self.time = time
        self.summary = summary
        self.details = details
    }
}

/// Which alerts to raise.
public struct AlertRules: Sendable, Hashable, Codable {
    /// The kinds that are on; every detected kind by default.
    public var enabled: Set<AlertKind>
    /// New findings below this severity raise nothing; `high` by default.
    public var minimumSeverity: Severity

    public static let allDetected: Set<AlertKind> = Set(AlertKind.allCases).subtracting([.test])

    public init(enabled: Set<AlertKind> = AlertRules.allDetected, minimumSeverity: Severity = .high) {
        self.enabled = enabled
        self.minimumSeverity = minimumSeverity
    }

    public func isOn(_ kind: AlertKind) -> Bool { enabled.contains(kind) }
}
