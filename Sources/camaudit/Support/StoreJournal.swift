import CamAuditCore
import CamAuditScanner
import CamAuditStore
import Dispatch
import Foundation
import Glibc
import Synchronization

/// The scan store as the scanner's journal: the scan's row when it starts, each host as it completes.
///
/// A write that fails does not stop the scan (what it finds is still reported and saved at the end, if the
/// database works again by then); the first failure is told on stderr and kept for the final message.
final class StoreJournal: ScanJournal {
    let store: ScanStore
    /// The command line `--resume` runs again; nil when resuming (the first start's is kept).
    let arguments: [String]?
    private let failure = Mutex<StoreError?>(nil)

    init(store: ScanStore, arguments: [String]?) {
        self.store = store
        self.arguments = arguments
    }

    /// The first write that failed, if any.
    var firstFailure: StoreError? { failure.withLock { $0 } }

    func started(_ metadata: ScanMetadata) async {
        do { try store.begin(metadata, arguments: arguments) } catch { remember(error) }
    }

    func hostDone(_ host: CompletedHost, scanID: String) async {
        do { try store.recordHost(host, scanID: scanID) } catch { remember(error) }
    }

    /// Once a write failed (the database is locked or full), logins are no longer written: each would wait
    /// for the lock again. The scan keeps to its per-scan budget; later scans will not know of these logins.
    func login(_ record: LoginRecord, host: IPAddress) async {
        guard firstFailure == nil else { return }
        do { try store.recordLogin(record, host: host) } catch { remember(error) }
    }

    func forgetLogins(host: IPAddress) async {
        do { try store.forgetLogins(at: [host]) } catch { remember(error) }
    }

    func earlierLogins(host: IPAddress) async -> EarlierLogins {
        do { return try store.logins(at: host) } catch {
            remember(error)
            return EarlierLogins()
        }
    }

    private func remember(_ error: StoreError) {
        let first = failure.withLock { stored -> Bool in
            guard stored == nil else { return false }
            stored = error
            return true
        }
        if first {
            CommandLineMessages.writeToStandardError(
                "Warning: \(error) The scan goes on; hosts are kept in memory until it ends, so an interruption now would lose them, and the logins it sends from now on are not remembered for later scans."
            )
        }
    }
}

/// SIGINT and SIGTERM during a scan: the first cancels the scan, which stops, saves the hosts done and
/// exits with 128 + the signal's number; a second one ends the process at once (the scan then reads as
/// `abandoned`, and can still be resumed).
final class ScanInterruption: Sendable {
    private let received = Mutex<Int32?>(nil)

    /// The signal that stopped the scan, if one did.
    var signal: Int32? { received.withLock { $0 } }

    /// Starts listening; `cancel` is called on the first signal. Give the sources back to `stop`.
    func listen(cancel: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { self.receive(number, cancel: cancel) }
            source.resume()
            return source
        }
    }

    private func receive(_ number: Int32, cancel: @Sendable () -> Void) {
        let first = received.withLock { stored -> Bool in
            guard stored == nil else { return false }
            stored = number
            return true
        }
        guard first else {
            Glibc.signal(number, SIG_DFL)
            kill(getpid(), number)
            return
        }
        CommandLineMessages.writeToStandardError(
            "\nStopping: the hosts done are being saved (press Ctrl-C again to quit at once; the scan can still be resumed).")
        cancel()
    }

    /// Stops listening and gives the signals back their default action.
    func stop(_ sources: [any DispatchSourceSignal]) {
        for source in sources { source.cancel() }
        Glibc.signal(SIGINT, SIG_DFL)
        Glibc.signal(SIGTERM, SIG_DFL)
    }
}
