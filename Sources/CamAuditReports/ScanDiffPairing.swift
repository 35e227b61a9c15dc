import Foundation
import CamAuditCore

/// Pairs the devices of two scans: first by address, then, for the devices left over (an address
/// that changed, e.g. a new DHCP lease), by serial number and then by MAC address.
///
/// Two devices at the same address are not paired when both scans read a serial or MAC and none
/// of them agree: that is another device that took the address, so it is new and the old one vanished.
struct ScanDiffPairing {
    /// How two sightings were recognised as one device.
    enum Method: String {
        case address, serial, mac
    }

    struct Pair {
        var older: DeviceReport
        var newer: DeviceReport
        var matchedBy: Method
        /// The serial or MAC that paired them, when not the address.
        var matchKey: String?
    }

    private(set) var pairs: [Pair] = []
    private(set) var onlyOlder: [DeviceReport] = []
    private(set) var onlyNewer: [DeviceReport] = []

    init(older: [DeviceReport], newer: [DeviceReport]) {
        // A report lists each address once; should one not, the first sighting stands for it.
        var newerByAddress: [IPAddress: DeviceReport] = [:]
        for device in newer where newerByAddress[device.address] == nil { newerByAddress[device.address] = device }
        var leftOlder: [DeviceReport] = []
        var pairedNewer = Set<IPAddress>()
        for device in older {
            if let candidate = newerByAddress[device.address], !pairedNewer.contains(candidate.address),
                !ScanDiffPairing.identifiersDisagree(device, candidate)
            {
                pairs.append(Pair(older: device, newer: candidate, matchedBy: .address))
                pairedNewer.insert(candidate.address)
            } else {
                leftOlder.append(device)
            }
        }
        var leftNewer = newer.filter { !pairedNewer.contains($0.address) }
        for method in [Method.serial, .mac] {
            (leftOlder, leftNewer) = pairByIdentifier(method, older: leftOlder, newer: leftNewer)
        }
        onlyOlder = leftOlder
        onlyNewer = leftNewer
    }

    /// Pairs devices whose identifier is the same on both sides; an identifier seen on two devices
    /// of one scan (a placeholder serial, a cloned MAC) proves nothing and pairs nothing.
    private mutating func pairByIdentifier(_ method: Method, older: [DeviceReport], newer: [DeviceReport]) -> (
        [DeviceReport], [DeviceReport]
    ) {
        let oldIndex = ScanDiffPairing.uniqueIndex(older, method)
        let newIndex = ScanDiffPairing.uniqueIndex(newer, method)
        var pairedKeys = Set<String>()
        for (key, device) in oldIndex {
            guard let match = newIndex[key] else { continue }
            pairs.append(
                Pair(
                    older: device, newer: match, matchedBy: method,
                    matchKey: ScanDiffPairing.identifier(match, method)?.trimmingCharacters(in: .whitespacesAndNewlines)))
            pairedKeys.insert(key)
        }
        let remainingOlder = older.filter { device in ScanDiffPairing.key(device, method).map { !pairedKeys.contains($0) } ?? true }
        let remainingNewer = newer.filter { device in ScanDiffPairing.key(device, method).map { !pairedKeys.contains($0) } ?? true }
        return (remainingOlder, remainingNewer)
    }

    private static func uniqueIndex(_ devices: [DeviceReport], _ method: Method) -> [String: DeviceReport] {
        var index: [String: DeviceReport] = [:]
        var seenTwice = Set<String>()
        for device in devices {
            guard let key = key(device, method) else { continue }
            if index.removeValue(forKey: key) != nil || seenTwice.contains(key) { seenTwice.insert(key) } else { index[key] = device }
        }
        return index
    }

    /// True when the two sightings carry a serial or MAC on both sides and none of them agree.
    static func identifiersDisagree(_ lhs: DeviceReport, _ rhs: DeviceReport) -> Bool {
        var compared = false
        for method in [Method.serial, .mac] {
            guard let left = key(lhs, method), let right = key(rhs, method) else { continue }
            if left == right { return false }
            compared = true
        }
        return compared
    }

    private static func identifier(_ device: DeviceReport, _ method: Method) -> String? {
        switch method {
        case .address: return nil
        case .serial: return device.serial
        case .mac: return device.mac
        }
    }

    /// The identifier in one spelling: serials ignore case and surrounding blanks, MACs also their separators.
    static func key(_ device: DeviceReport, _ method: Method) -> String? {
        guard let raw = identifier(device, method) else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let key = method == .mac ? String(trimmed.filter(\.isHexDigit)) : trimmed
        // An all-zero identifier is a placeholder some firmware reports, not an identity.
        guard !key.isEmpty, key.contains(where: { $0 != "0" }) else { return nil }
        return key
    }
}
