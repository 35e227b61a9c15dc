import Foundation

/// Login tokens an emulated device handed out (Reolink's API), so a read with `&token=` can be checked and a
/// logout can close the session. Shared by every connection of the device, so guarded by a lock.
final class LabSessionTokens: @unchecked Sendable {
    private let lock = NSLock()
    private var open: Set<String> = []
    private var issued = 0

    /// Bound the open sessions so a client cannot grow them forever (a real camera caps them too: rspCode -5).
    private static let openLimit = 64

    private func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// A fresh 15-hex-digit token, as Reolink's `Token.name` looks (`fef39ed8155f884`).
    func issue() -> String {
        let token = String(DeviceResponder.randomHex(15))
        withLock {
            issued += 1
            if open.count >= Self.openLimit, let any = open.first { open.remove(any) }
            open.insert(token)
        }
        return token
    }

    func isOpen(_ token: String) -> Bool { withLock { open.contains(token) } }

    /// Closes a session; false when the token was not open.
    @discardableResult
    func close(_ token: String) -> Bool { withLock { open.remove(token) != nil } }

    /// Sessions opened and not closed: a well-behaved client leaves none.
    var openCount: Int { withLock { open.count } }
    var issuedCount: Int { withLock { issued } }
}
