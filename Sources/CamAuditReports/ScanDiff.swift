import CamAuditCore
import Foundation

/// What changed between two scans: new and vanished devices, identity and firmware changes,
/// new and fixed findings, and compliance verdicts that moved (`schema/scan-diff.schema.json`).
///
/// Devices are paired by address; a device whose address changed is paired by its serial number
/// or MAC address when both scans read one, and the change says so (`matchedBy`).
public struct ScanDiff: Sendable, Hashable, Codable {
    public static let schemaVersion = "1.0"

    /// Which scan a side of the diff is.
    public struct ScanSummary: Sendable, Hashable, Codable {
        public var id: String
        public var startedAt: Date
        public var finishedAt: Date
        public var status: ScanStatus
        public var deviceCount: Int
        /// How the security checks ran: `safe`, `intrusive`, or `none` (`--no-checks`); findings compare only like with like.
        public var checks: String

        public init(_ report: ScanReport) {
            id = report.scan.id
            startedAt = report.scan.startedAt
            finishedAt = report.scan.finishedAt
            status = report.scan.status
            deviceCount = report.devices.count
            checks = report.scan.checks?.mode.rawValue ?? "none"
        }
    }

    /// A finding named by id, with what a reader needs to rank it.
    public struct FindingSummary: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var severity: Severity
        public var kind: FindingKind

        public init(_ finding: Finding) {
            id = finding.id
            title = finding.title
            severity = finding.severity
            kind = finding.kind
        }
    }

    /// One rule set's status on a device (`covered`, `not-covered`, `unknown`).
    public struct RuleStatus: Sendable, Hashable, Codable {
        public var ruleSet: String
        public var status: ComplianceStatus

        public init(ruleSet: String, status: ComplianceStatus) {
            self.ruleSet = ruleSet
            self.status = status
        }
    }

    /// A device present in only one of the two scans.
    public struct DeviceSummary: Sendable, Hashable, Codable {
        public var address: IPAddress
        public var deviceType: DeviceType
        public var manufacturer: String?
        public var brand: String?
        public var model: String?
        public var firmware: String?
        public var serial: String?
        public var mac: String?
        /// Its findings, worst first (one per finding id).
        public var findings: [FindingSummary]
        /// Its compliance verdicts; empty when the scan made none.
        public var compliance: [RuleStatus]

        public init(_ device: DeviceReport) {
            address = device.address
            deviceType = device.deviceType
            manufacturer = device.manufacturer
            brand = device.brand
            model = device.model
            firmware = device.firmware
            serial = device.serial
            mac = device.mac
            findings = ScanDiff.findingsByID(device).values.sorted(by: ScanDiff.worstFirst)
            compliance = (device.compliance ?? []).map { RuleStatus(ruleSet: $0.ruleSet, status: $0.status) }.sorted {
                $0.ruleSet < $1.ruleSet
            }
        }

        public func encode(to encoder: Encoder) throws {
            // Unknown values are written as null rather than left out, so every key is always there.
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(address, forKey: .address)
            try container.encode(deviceType, forKey: .deviceType)
            try container.encode(manufacturer, forKey: .manufacturer)
            try container.encode(brand, forKey: .brand)
            try container.encode(model, forKey: .model)
            try container.encode(firmware, forKey: .firmware)
            try container.encode(serial, forKey: .serial)
            try container.encode(mac, forKey: .mac)
            try container.encode(findings, forKey: .findings)
            try container.encode(compliance, forKey: .compliance)
        }
    }

    /// A value that differs between the scans; nil on a side where it was not known.
    public struct FieldChange: Sendable, Hashable, Codable {
        /// `manufacturer`, `brand`, `model`, `deviceType` or `firmware`.
        public var field: String
        public var old: String?
        public var new: String?

        public init(field: String, old: String?, new: String?) {
            self.field = field
            self.old = old
            self.new = new
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(field, forKey: .field)
            try container.encode(old, forKey: .old)
            try container.encode(new, forKey: .new)
        }
    }

    /// A compliance rule set whose status differs; nil where that scan had no verdict for it.
    public struct ComplianceChange: Sendable, Hashable, Codable {
        public var ruleSet: String
        public var old: ComplianceStatus?
        public var new: ComplianceStatus?

        public init(ruleSet: String, old: ComplianceStatus?, new: ComplianceStatus?) {
            self.ruleSet = ruleSet
            self.old = old
            self.new = new
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ruleSet, forKey: .ruleSet)
            try container.encode(old, forKey: .old)
            try container.encode(new, forKey: .new)
        }
    }

    /// A device seen in both scans that changed in at least one way.
    public struct DeviceChange: Sendable, Hashable, Codable {
        /// Its address in the newer scan.
        public var address: IPAddress
        /// Its address in the older scan, when it moved.
        public var previousAddress: IPAddress?
        /// `address`, `serial` or `mac`: how the two sightings were paired.
        public var matchedBy: String
        /// The serial or MAC that paired them, when not the address.
        public var matchKey: String?
        /// The newer scan's view of the device, for context.
        public var deviceType: DeviceType
        public var manufacturer: String?
        public var model: String?
        /// Manufacturer, brand, model or device type that differ.
        public var identityChanges: [FieldChange]
        public var firmwareChange: FieldChange?
        /// Finding ids present now and not before, worst first.
        public var newFindings: [FindingSummary]
        /// Finding ids present before and not now, worst first.
        public var fixedFindings: [FindingSummary]
        /// Only when both scans made compliance verdicts for the device.
        public var complianceChanges: [ComplianceChange]

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(address, forKey: .address)
            try container.encode(previousAddress, forKey: .previousAddress)
            try container.encode(matchedBy, forKey: .matchedBy)
            try container.encode(matchKey, forKey: .matchKey)
            try container.encode(deviceType, forKey: .deviceType)
            try container.encode(manufacturer, forKey: .manufacturer)
            try container.encode(model, forKey: .model)
            try container.encode(identityChanges, forKey: .identityChanges)
            try container.encode(firmwareChange, forKey: .firmwareChange)
            try container.encode(newFindings, forKey: .newFindings)
            try container.encode(fixedFindings, forKey: .fixedFindings)
            try container.encode(complianceChanges, forKey: .complianceChanges)
        }
    }

    /// Counts for a one-line summary. Findings of new and vanished devices are counted apart:
    /// a vanished device's findings are gone, not fixed.
    public struct Counts: Sendable, Hashable, Codable {
        public var newDevices: Int
        public var vanishedDevices: Int
        public var changedDevices: Int
        public var unchangedDevices: Int
        public var movedDevices: Int
        public var firmwareChanges: Int
        public var newFindings: Int
        public var fixedFindings: Int
        public var findingsOnNewDevices: Int
        public var findingsOnVanishedDevices: Int
    }

    public var schemaVersion: String
    public var older: ScanSummary
    public var newer: ScanSummary
    public var summary: Counts
    public var newDevices: [DeviceSummary]
    public var vanishedDevices: [DeviceSummary]
    public var changedDevices: [DeviceChange]

    /// Compares `older` with `newer`: what `newer` shows that `older` did not, and the reverse.
    public init(older: ScanReport, newer: ScanReport) {
        let pairing = ScanDiffPairing(older: older.devices, newer: newer.devices)
        schemaVersion = ScanDiff.schemaVersion
        self.older = ScanSummary(older)
        self.newer = ScanSummary(newer)
        newDevices = pairing.onlyNewer.map(DeviceSummary.init).sorted { $0.address < $1.address }
        vanishedDevices = pairing.onlyOlder.map(DeviceSummary.init).sorted { $0.address < $1.address }
        let compared = pairing.pairs.map(ScanDiff.compare)
        changedDevices = compared.compactMap { $0 }.sorted { $0.address < $1.address }
        summary = Counts(
            newDevices: newDevices.count, vanishedDevices: vanishedDevices.count, changedDevices: changedDevices.count,
            unchangedDevices: compared.count - changedDevices.count,
            movedDevices: changedDevices.filter { $0.previousAddress != nil }.count,
            firmwareChanges: changedDevices.filter { $0.firmwareChange != nil }.count,
            newFindings: changedDevices.reduce(0) { $0 + $1.newFindings.count },
            fixedFindings: changedDevices.reduce(0) { $0 + $1.fixedFindings.count },
            findingsOnNewDevices: newDevices.reduce(0) { $0 + $1.findings.count },
            findingsOnVanishedDevices: vanishedDevices.reduce(0) { $0 + $1.findings.count })
    }

    /// Whether nothing at all differs between the two scans' devices.
    public var isEmpty: Bool { newDevices.isEmpty && vanishedDevices.isEmpty && changedDevices.isEmpty }

    /// The change of one paired device, or nil when it looks the same in both scans.
    static func compare(_ pair: ScanDiffPairing.Pair) -> DeviceChange? {
        let (old, new) = (pair.older, pair.newer)
        var identity: [FieldChange] = []
        for (field, before, after) in [
            ("manufacturer", old.manufacturer, new.manufacturer), ("brand", old.brand, new.brand), ("model", old.model, new.model),
            ("deviceType", old.deviceType.rawValue, new.deviceType.rawValue),
        ] where before != after {
            identity.append(FieldChange(field: field, old: before, new: after))
        }
        let firmware = old.firmware == new.firmware ? nil : FieldChange(field: "firmware", old: old.firmware, new: new.firmware)
        let before = findingsByID(old)
        let after = findingsByID(new)
        let added = after.filter { before[$0.key] == nil }.values.sorted(by: worstFirst)
        let fixed = before.filter { after[$0.key] == nil }.values.sorted(by: worstFirst)
        let compliance = complianceChanges(old.compliance, new.compliance)
        let moved = old.address != new.address
        guard moved || !identity.isEmpty || firmware != nil || !added.isEmpty || !fixed.isEmpty || !compliance.isEmpty else { return nil }
        return DeviceChange(
            address: new.address, previousAddress: moved ? old.address : nil, matchedBy: pair.matchedBy.rawValue, matchKey: pair.matchKey,
            deviceType: new.deviceType, manufacturer: new.manufacturer, model: new.model, identityChanges: identity,
            firmwareChange: firmware,
            newFindings: added, fixedFindings: fixed, complianceChanges: compliance)
    }

    /// Verdicts are compared only when both scans made them: a scan from before verdicts existed says nothing.
    static func complianceChanges(_ old: [ComplianceVerdict]?, _ new: [ComplianceVerdict]?) -> [ComplianceChange] {
        guard let old, let new else { return [] }
        let before = Dictionary(old.map { ($0.ruleSet, $0.status) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.ruleSet, $0.status) }, uniquingKeysWith: { first, _ in first })
        return Set(before.keys).union(after.keys).sorted().compactMap { ruleSet in
            before[ruleSet] == after[ruleSet] ? nil : ComplianceChange(ruleSet: ruleSet, old: before[ruleSet], new: after[ruleSet])
        }
    }

    /// One finding per id; when a device reports an id twice (two ports), the worse one stands for it.
    static func findingsByID(_ device: DeviceReport) -> [String: FindingSummary] {
        var result: [String: FindingSummary] = [:]
        for finding in device.findings {
            let summary = FindingSummary(finding)
            if let existing = result[finding.id], !worstFirst(summary, existing) { continue }
            result[finding.id] = summary
        }
        return result
    }

    static func worstFirst(_ lhs: FindingSummary, _ rhs: FindingSummary) -> Bool {
        lhs.severity != rhs.severity ? lhs.severity > rhs.severity : lhs.id < rhs.id
    }
}
