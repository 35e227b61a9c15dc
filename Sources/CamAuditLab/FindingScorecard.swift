import CamAuditCore

/// Scores a scan's findings against what the lab planted: per finding id, true and false positives and misses.
///
/// Every finding id is scored: CVE ids, credentials, streams, exposure and the hygiene ids alike. A
/// profile's `expected.findings` lists all of them; `internet-exposed` is added by the lab at start from
/// its routers' mappings.
public struct FindingScorecard: Sendable {
    /// Counts for one finding id over all devices.
    public struct Tally: Sendable, Hashable {
        public var truePositives = 0
        public var falsePositives = 0
        public var misses = 0

        public init(truePositives: Int = 0, falsePositives: Int = 0, misses: Int = 0) {
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.misses = misses
        }

        /// 1 when nothing was reported (no false claim was made).
        public var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }

        /// 1 when nothing was planted.
        public var recall: Double { truePositives + misses == 0 ? 1 : Double(truePositives) / Double(truePositives + misses) }
    }

    /// One wrong call, for the printout: which device, which id, and which way it went.
    public struct Error: Sendable, Hashable {
        public var address: IPAddress
        public var profile: String
        public var id: String
        /// True for a finding reported but not planted; false for a planted finding not reported.
        public var falsePositive: Bool
    }

    public private(set) var tallies: [String: Tally] = [:]
    public private(set) var errors: [Error] = []

    /// `intrusive`: whether the run was allowed intrusive checks (then `intrusiveFindings` are expected too;
    /// otherwise reporting one is a false positive, since a safe run cannot have proven it).
    /// `traffic`: whether the lab's capture was analysed (then each device's `phoneHome.findings` are expected too).
    public init(report: ScanReport, devices: [LabDevice], intrusive: Bool, traffic: Bool = false) {
        var reported: [IPAddress: Set<String>] = [:]
        for device in report.devices where reported[device.address] == nil {
            reported[device.address] = Set(device.findings.map(\.id))
        }
        self.init(reported: reported, devices: devices, intrusive: intrusive, traffic: traffic)
    }

    /// The same score from the finding ids reported per address (what a scan in another process hands back).
    public init(reported: [IPAddress: Set<String>], devices: [LabDevice], intrusive: Bool, traffic: Bool = false) {
        for device in devices {
            var expected = Set(device.expected.findings ?? [])
            if intrusive { expected.formUnion(device.expected.intrusiveFindings ?? []) }
            if traffic { expected.formUnion(device.phoneHome?.findings ?? []) }
            let found = reported[device.address] ?? []
            for id in expected.union(found) {
                var tally = tallies[id] ?? Tally()
                switch (expected.contains(id), found.contains(id)) {
                case (true, true): tally.truePositives += 1
                case (false, true):
                    tally.falsePositives += 1
                    errors.append(Error(address: device.address, profile: device.profile, id: id, falsePositive: true))
                case (true, false):
                    tally.misses += 1
                    errors.append(Error(address: device.address, profile: device.profile, id: id, falsePositive: false))
                case (false, false): break
                }
                tallies[id] = tally
            }
        }
    }

    /// All ids together.
    public var total: Tally {
        tallies.values.reduce(into: Tally()) {
            $0.truePositives += $1.truePositives
            $0.falsePositives += $1.falsePositives
            $0.misses += $1.misses
        }
    }

    /// A markdown table, one row per id, then the total.
    public func table() -> String {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        var lines = ["| finding | planted | found | false positives | precision | recall |", "|---|---|---|---|---|---|"]
        for id in tallies.keys.sorted() {
            guard let tally = tallies[id] else { continue }
            lines.append(
                "| \(id) | \(tally.truePositives + tally.misses) | \(tally.truePositives) | \(tally.falsePositives) | \(percent(tally.precision)) | \(percent(tally.recall)) |"
            )
        }
        let all = total
        lines.append(
            "| all | \(all.truePositives + all.misses) | \(all.truePositives) | \(all.falsePositives) | \(percent(all.precision)) | \(percent(all.recall)) |"
        )
        return lines.joined(separator: "\n")
    }
}
