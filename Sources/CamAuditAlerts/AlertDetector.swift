import CamAuditCore
import CamAuditReports
import Foundation

/// Finds the alerts a new scan raises against the one before it. Pure: no I/O, the same reports give the same alerts.
///
/// Devices are paired as `ScanDiff` pairs them (by address, else by serial or MAC when a device moved).
/// Without a previous scan every device is new. Only a `completed` scan makes devices vanish: a scan cut by
/// `--deadline`, interrupted or abandoned did not look everywhere. Phone-home destinations and countries are read from
/// `phone-home` findings, which exist only once `camaudit traffic --scan` joined a capture to the scan; a scan without
/// one raises no phone-home alert.
public enum AlertDetector {
    public static func alerts(previous: ScanReport?, current: ScanReport, rules: AlertRules = AlertRules()) -> [Alert] {
        var found = Found(scanId: current.scan.id, time: current.scan.finishedAt, rules: rules)
        var newDevices = current.devices
        var previousOf: [IPAddress: DeviceReport] = [:]
        if let previous {
            let diff = ScanDiff(older: previous, newer: current)
            let newAddresses = Set(diff.newDevices.map(\.address))
            newDevices = current.devices.filter { newAddresses.contains($0.address) }
            let previousByAddress = Dictionary(previous.devices.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
            let moved = Dictionary(
                diff.changedDevices.compactMap { change in change.previousAddress.map { (change.address, $0) } },
                uniquingKeysWith: { first, _ in first })
            for device in current.devices where !newAddresses.contains(device.address) {
                previousOf[device.address] = previousByAddress[moved[device.address] ?? device.address]
            }
            for change in diff.changedDevices {
                found.firmware(change)
                for finding in change.newFindings { found.finding(finding, at: change.address, describing: describe(change)) }
            }
            if current.scan.status == .completed {
                for device in diff.vanishedDevices { found.vanished(device, lastScan: previous.scan.id) }
            }
        }
        for device in newDevices {
            found.newDevice(device)
            for finding in ScanDiff.DeviceSummary(device).findings {
                found.finding(finding, at: device.address, describing: describe(device))
            }
        }
        for device in current.devices {
            found.phoneHome(device, before: previousOf[device.address])
        }
        return found.alerts.sorted { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            if lhs.address != rhs.address { return lhs.address < rhs.address }
            return lhs.key < rhs.key
        }
    }

    /// `Hikvision DS-2CD2042WD`, or the device type when neither maker nor model is known.
    static func describe(_ device: DeviceReport) -> String {
        name(maker: device.brand ?? device.manufacturer, model: device.model, type: device.deviceType)
    }

    static func describe(_ change: ScanDiff.DeviceChange) -> String {
        name(maker: change.manufacturer, model: change.model, type: change.deviceType)
    }

    static func describe(_ device: ScanDiff.DeviceSummary) -> String {
        name(maker: device.brand ?? device.manufacturer, model: device.model, type: device.deviceType)
    }

    static func name(maker: String?, model: String?, type: DeviceType) -> String {
        let parts = [maker, model].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? "device (\(type.rawValue))" : parts.joined(separator: " ")
    }

    /// The alerts gathered so far, each key once.
    struct Found {
        let scanId: String
        let time: Date
        let rules: AlertRules
        var alerts: [Alert] = []
        var keys: Set<String> = []

        mutating func add(
            _ kind: AlertKind, _ severity: Severity, _ address: IPAddress, key parts: [String], _ summary: String,
            _ details: [String: String]
        ) {
            guard rules.isOn(kind) else { return }
            let key = ([kind.rawValue, address.description] + parts).joined(separator: "|")
            guard keys.insert(key).inserted else { return }
            alerts.append(
                Alert(
                    key: key, kind: kind, severity: severity, address: address, scanId: scanId, time: time, summary: summary,
                    details: details))
        }

        /// A new device, or a new device of a covered maker when that kind is on (the more specific alert replaces the other).
        mutating func newDevice(_ device: DeviceReport) {
            let covered = (device.compliance ?? []).filter { $0.status == .covered }
            let identity = device.mac ?? device.serial ?? ""
            var details = ["deviceType": device.deviceType.rawValue]
            for (name, value) in [
                ("manufacturer", device.manufacturer), ("brand", device.brand), ("model", device.model), ("firmware", device.firmware),
                ("serial", device.serial), ("mac", device.mac),
            ] {
                if let value { details[name] = value }
            }
            let what = AlertDetector.describe(device)
            if !covered.isEmpty, rules.isOn(.newCoveredDevice) {
                let lists = covered.map { $0.listing?.title ?? $0.ruleSet }
                let maker = covered.compactMap { $0.maker?.name }.first ?? device.manufacturer ?? "its maker"
                details["maker"] = maker
                details["coveredBy"] = covered.map(\.ruleSet).joined(separator: ",")
                add(
                    .newCoveredDevice, .high, device.address, key: [identity],
                    "New device \(device.address): \(what), whose maker \(maker) is covered by \(lists.joined(separator: " and ")).",
                    details)
            } else {
                add(.newDevice, .low, device.address, key: [identity], "New device \(device.address): \(what).", details)
            }
        }

        mutating func finding(_ finding: ScanDiff.FindingSummary, at address: IPAddress, describing what: String) {
            guard finding.severity >= rules.minimumSeverity else { return }
            add(
                .newFinding, finding.severity, address, key: [finding.id],
                "New \(finding.severity.rawValue) finding on \(address) (\(what)): \(finding.title).",
                ["finding": finding.id, "title": finding.title, "findingKind": finding.kind.rawValue])
        }

        mutating func firmware(_ change: ScanDiff.DeviceChange) {
            // Unknown on one side is not a change of firmware, only of what camaudit could read.
            guard let firmware = change.firmwareChange, let old = firmware.old, let new = firmware.new else { return }
            add(
                .firmwareChanged, .medium, change.address, key: [old, new],
                "Firmware of \(change.address) (\(AlertDetector.describe(change))) changed from \(old) to \(new).",
                ["old": old, "new": new])
        }

        mutating func vanished(_ device: ScanDiff.DeviceSummary, lastScan: String) {
            add(
                .deviceVanished, .medium, device.address, key: [device.mac ?? device.serial ?? ""],
                "Device \(device.address) (\(AlertDetector.describe(device))) was not found by a completed scan.",
                ["lastSeenInScan": lastScan])
        }

        mutating func phoneHome(_ device: DeviceReport, before: DeviceReport?) {
            let now = PhoneHomeEvidence.destinations(of: device)
            guard !now.isEmpty else { return }
            let earlier = before.map(PhoneHomeEvidence.destinations) ?? [:]
            let knownDestinations = Set(earlier.keys.map(\.destination))
            let knownCountries = Set(earlier.keys.compactMap(\.country))
            let what = AlertDetector.describe(device)
            for (evidence, severity) in now.sorted(by: { $0.key.destination < $1.key.destination })
            where !knownDestinations.contains(evidence.destination) {
                var details = ["destination": evidence.destination]
                if let country = evidence.country { details["country"] = country }
                add(
                    .newPhoneHomeDestination, severity, device.address, key: [evidence.destination],
                    "\(device.address) (\(what)) sends data to a new destination: \(evidence.destination)"
                        + (evidence.country.map { " (\($0))" } ?? "") + ".", details)
            }
            var countries: [String: (severity: Severity, destinations: [String])] = [:]
            for (evidence, severity) in now {
                guard let country = evidence.country, !knownCountries.contains(country) else { continue }
                let entry = countries[country] ?? (severity, [])
                countries[country] = (max(entry.severity, severity), entry.destinations + [evidence.destination])
            }
            for (country, entry) in countries.sorted(by: { $0.key < $1.key }) {
                let destinations = entry.destinations.sorted()
                add(
                    .newPhoneHomeCountry, max(entry.severity, .medium), device.address, key: [country],
                    "\(device.address) (\(what)) sends data to a new country: \(country) (\(destinations.joined(separator: ", "))).",
                    ["country": country, "destinations": destinations.joined(separator: ",")])
            }
        }
    }
}
