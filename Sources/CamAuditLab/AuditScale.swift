import Foundation

/// The same audit of the lab measured at several sizes: time, the scanner's peak memory, and how the
/// time per device grows from one size to the next (the scale figures of `camaudit-bench audit`).
public struct AuditScale: Sendable, Hashable {
    /// One audit at one size.
    public struct Row: Sendable, Hashable {
        public var devices: Int
        /// The scan itself, from the scanner's start to its report.
        public var scanSeconds: Double
        /// The scanner's whole process: start, loading the catalogs, the scan, writing the report.
        public var processSeconds: Double
        /// The scanner process's peak resident set size (ru_maxrss), in bytes.
        public var peakResidentBytes: Int
        /// CPU seconds (user + system) the scanner process used.
        public var cpuSeconds: Double
        /// Precision and recall over every finding id, and the lab's lockout count.
        public var precision: Double
        public var recall: Double
        public var lockouts: Int
        /// The machine's 1-minute load average when the scan ended (the machine may be shared).
        public var loadAverage: Double?

        public init(
            devices: Int, scanSeconds: Double, processSeconds: Double, peakResidentBytes: Int, cpuSeconds: Double,
            precision: Double, recall: Double, lockouts: Int, loadAverage: Double? = nil
        ) {
            self.devices = devices
            self.scanSeconds = scanSeconds
            self.processSeconds = processSeconds
            self.peakResidentBytes = peakResidentBytes
            self.cpuSeconds = cpuSeconds
            self.precision = precision
            self.recall = recall
            self.lockouts = lockouts
            self.loadAverage = loadAverage
        }

        public var devicesPerSecond: Double { Double(devices) / max(scanSeconds, 1e-9) }
        public var secondsPerDevice: Double { scanSeconds / Double(max(devices, 1)) }
        /// Cores kept busy on average over the scanner's process (CPU seconds over wall seconds).
        public var coresBusy: Double { cpuSeconds / max(processSeconds, 1e-9) }
    }

    public enum SizeError: Error, Equatable, CustomStringConvertible {
        case notANumber(String)
        case outOfRange(Int, ClosedRange<Int>)
        case empty

        public var description: String {
            switch self {
            case .notANumber(let text): return "'\(text)' is not a number of devices (write sizes like 300,1000,3000)."
            case .outOfRange(let size, let range): return "\(size) devices is outside \(range.lowerBound)...\(range.upperBound)."
            case .empty: return "Give at least one size, e.g. 300,1000,3000."
            }
        }
    }

    /// The rows, smallest size first.
    public private(set) var rows: [Row] = []

    public init(rows: [Row] = []) {
        for row in rows { add(row) }
    }

    public mutating func add(_ row: Row) {
        rows.append(row)
        rows.sort { $0.devices < $1.devices }
    }

    /// Parses `300,1000,3000` into sizes, smallest first, each once. Underscores are allowed inside a number (`3_000`).
    public static func sizes(parsing text: String, allowed: ClosedRange<Int>) throws -> [Int] {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw SizeError.empty }
        var sizes: Set<Int> = []
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = field.trimmingCharacters(in: .whitespaces)
            guard let size = Int(trimmed.replacingOccurrences(of: "_", with: "")) else { throw SizeError.notANumber(trimmed) }
            guard allowed.contains(size) else { throw SizeError.outOfRange(size, allowed) }
            sizes.insert(size)
        }
        return sizes.sorted()
    }

    /// Time per device at row `index` divided by time per device at the row before it: 1 is linear growth,
    /// below 1 better than linear, above 1 worse. Nil for the first row.
    public func growth(at index: Int) -> Double? {
        guard index > 0, rows.indices.contains(index) else { return nil }
        let previous = rows[index - 1].secondsPerDevice
        guard previous > 0 else { return nil }
        return rows[index].secondsPerDevice / previous
    }

    /// Growth between the two largest sizes (the figure that shows whether the audit scales linearly).
    public var largestGrowth: Double? { growth(at: rows.count - 1) }

    /// A markdown table, one row per size.
    public func table() -> String {
        var lines = [
            "| devices | scan (s) | scanner process (s) | scanner peak RSS (MB) | scanner CPU (s) | devices/s | ms per device | growth per device | precision | recall | lockouts | load (1 min) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for (index, row) in rows.enumerated() {
            let growth = growth(at: index).map { String(format: "%.2fx vs %d", $0, rows[index - 1].devices) } ?? "-"
            let load = row.loadAverage.map { String(format: "%.2f", $0) } ?? "?"
            lines.append(
                "| \(row.devices) | \(String(format: "%.1f", row.scanSeconds)) | \(String(format: "%.1f", row.processSeconds)) | "
                    + "\(String(format: "%.1f", Double(row.peakResidentBytes) / 1_048_576)) | \(String(format: "%.1f", row.cpuSeconds)) | "
                    + "\(String(format: "%.1f", row.devicesPerSecond)) | "
                    + "\(String(format: "%.1f", row.secondsPerDevice * 1000)) | \(growth) | \(String(format: "%.1f%%", row.precision * 100)) | "
                    + "\(String(format: "%.1f%%", row.recall * 100)) | \(row.lockouts) | \(load) |")
        }
        return lines.joined(separator: "\n")
    }
}
