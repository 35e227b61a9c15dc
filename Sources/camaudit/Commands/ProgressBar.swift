import CamAuditScanner
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar: @unchecked Sendable {
    // Guarded by `lock`: progress arrives from the scan's tasks.
    private let lock = NSLock()
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false
    private let enabled: Bool

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    func show(_ progress: ScanProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        guard progress.phase == .done || now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data(("\r\u{1b}[K" + ProgressBar.line(for: progress)).utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        drawn = false
    }

    static func line(for progress: ScanProgress, width: Int = 24) -> String {
        let total = max(progress.addressesTotal, 1)
        let fraction = min(1, Double(progress.addressesDone) / Double(total))
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let elapsed = Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) / 1e18
        var eta = "--"
        if fraction > 0.01, fraction < 1 {
            eta = "\(Int((elapsed / fraction - elapsed).rounded()))s"
        } else if fraction >= 1 {
            eta = "0s"
        }
        return "[\(bar)] \(progress.addressesDone)/\(progress.addressesTotal) hosts swept  \(progress.openPorts) open ports  "
            + "\(progress.hostsProbed)/\(progress.hostsFound) hosts probed  ETA \(eta)"
    }
}
