import Foundation

/// The process running a scan, as the scan's row names it: its process id and the time it started (field
/// 22 of `/proc/PID/stat`, in clock ticks since boot), so that a recycled process id is not taken for it.
///
/// A `running` row whose owner is gone was killed (or the machine stopped): it reads as `abandoned`.
public struct ScanOwner: Sendable, Hashable, CustomStringConvertible {
    public var pid: Int32
    public var startTicks: UInt64

    public init(pid: Int32, startTicks: UInt64) {
        self.pid = pid
        self.startTicks = startTicks
    }

    /// This process.
    public static var current: ScanOwner {
        let pid = ProcessInfo.processInfo.processIdentifier
        return ScanOwner(pid: pid, startTicks: startTicks(of: pid) ?? 0)
    }

    /// Whether the process is still running: its `/proc` entry exists with the same start time.
    public var isAlive: Bool {
        guard let ticks = Self.startTicks(of: pid) else { return false }
        return ticks == startTicks
    }

    /// `PID:TICKS`, as the `owner` column keeps it.
    public var description: String { "\(pid):\(startTicks)" }

    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let pid = Int32(parts[0]), let ticks = UInt64(parts[1]) else { return nil }
        self.init(pid: pid, startTicks: ticks)
    }

    /// Field 22 of `/proc/PID/stat`; the command name (field 2) may hold spaces and parentheses, so the
    /// fields are counted after its last ')'.
    static func startTicks(of pid: Int32) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (the state), so field 22 is fields[19].
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }
}
