import Foundation

/// The mutable part of one emulated device: issued nonces, failed-login counters per client IP, Dahua sessions.
///
/// Shared by every connection of the device across event loops, so it is guarded by a lock.
final class DeviceState: @unchecked Sendable {
    private let lock = NSLock()
    private var nonces: [String] = []
    private var failures: [String: Int] = [:]
    private var lockedUntil: [String: Date] = [:]
    private var dahuaSessions: [String: String] = [:]
    private var counter: UInt64 = 0
    private var activityLog = LabActivity()
    let lockout: DeviceProfile.Lockout?

    /// Bound the remembered nonces and sessions so a client cannot grow them forever.
    private static let rememberedLimit = 512

    init(lockout: DeviceProfile.Lockout?) {
        self.lockout = lockout
    }

    private func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// A fresh nonce in a vendor's style, remembered for verification.
    func issueNonce(style: String) -> String {
        let nonce: String
        let random = (0..<4).map { _ in UInt32.random(in: 0...UInt32.max) }
        func hex8(_ value: UInt32) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 8 - text.count) + text
        }
        switch style {
        case "hikvision":
            // Hikvision nonce (ISAPI Developer Guide digest sample): hex of the ASCII base64 of two hex words joined by ':'.
            let inner = Data("\(hex8(random[0])):\(hex8(random[1]))".utf8).base64EncodedString()
            nonce = MessageDigest.hex(Array(inner.utf8))
        case "axis":
            // Axis nonce (an Axis 401 quoted in alexeyvasilyev/rtsp-client-android RtspClient.java):
            // 8 hex digits, a 'Y', then 40 hex digits.
            nonce =
                hex8(random[0]) + "Y" + hex8(random[1]) + hex8(random[2]) + hex8(random[3])
                + hex8(UInt32.random(in: 0...UInt32.max)) + hex8(UInt32.random(in: 0...UInt32.max))
        default:
            nonce = random.map(hex8).joined()
        }
        withLock {
            nonces.append(nonce)
            if nonces.count > Self.rememberedLimit { nonces.removeFirst(nonces.count - Self.rememberedLimit) }
        }
        return nonce
    }

    func knowsNonce(_ nonce: String) -> Bool { withLock { nonces.contains(nonce) } }

    /// Seconds left on this client's lock, 0 when not locked.
    func lockSecondsLeft(client: String, now: Date = Date()) -> Int {
        withLock {
            guard let until = lockedUntil[client] else { return 0 }
            if until <= now {
                lockedUntil[client] = nil
                failures[client] = nil
                return 0
            }
            return Int(until.timeIntervalSince(now).rounded(.up))
        }
    }

    /// Tries left before a lock (the `retryLoginTime` Hikvision shows).
    func attemptsLeft(client: String) -> Int {
        guard let lockout else { return 0 }
        return withLock { max(0, lockout.maxFailures - (failures[client] ?? 0)) }
    }

    /// Counts one refused login; true when this failure locked the client.
    func recordFailure(client: String, now: Date = Date()) -> Bool {
        withLock {
            activityLog.loginAttempts += 1
            activityLog.refusedLogins += 1
            guard let lockout else { return false }
            let count = (failures[client] ?? 0) + 1
            failures[client] = count
            if count >= lockout.maxFailures {
                lockedUntil[client] = now.addingTimeInterval(TimeInterval(lockout.lockSeconds))
                activityLog.lockouts += 1
                return true
            }
            return false
        }
    }

    func recordSuccess(client: String) {
        withLock {
            activityLog.loginAttempts += 1
            failures[client] = nil
        }
    }

    /// A login attempt made while the client is locked: counted, but it neither succeeds nor extends the lock.
    func recordAttemptWhileLocked() {
        withLock {
            activityLog.loginAttempts += 1
            activityLog.refusedLogins += 1
        }
    }

    /// Counts one login attempt on a service whose failures do not feed the web lockout (RTSP, ONVIF).
    func recordLoginOutsideLockout(accepted: Bool) {
        withLock {
            activityLog.loginAttempts += 1
            if !accepted { activityLog.refusedLogins += 1 }
        }
    }

    /// Counts one request to a route that carries a `record` tag.
    func record(_ tag: String) {
        withLock { activityLog.recorded[tag, default: 0] += 1 }
    }

    /// Everything counted so far.
    var activity: LabActivity { withLock { activityLog } }

    /// A new Dahua login session id with its challenge random.
    func openDahuaSession(random: String) -> String {
        withLock {
            counter += 1
            let session = String(1_005_027_000 + Int(counter) * 97 + Int.random(in: 0..<90))
            dahuaSessions[session] = random
            if dahuaSessions.count > Self.rememberedLimit, let first = dahuaSessions.keys.first { dahuaSessions[first] = nil }
            return session
        }
    }

    func dahuaRandom(session: String) -> String? { withLock { dahuaSessions[session] } }
}
