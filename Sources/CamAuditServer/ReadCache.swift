import CamAuditStore
import Foundation
import Synchronization

/// The store reads the pages and the API repeat (the device list, a device's history, the overview's
/// devices), kept until the store changes.
///
/// An entry is valid while the store's `changeStamp()` is the one it was read under (this process's
/// writes, and other processes' commits seen on the file), and for `lifetime` at most: a write by another
/// process that leaves the file's size and time as they were (same clock tick) shows within that time.
/// At most `capacity` entries; when full, the oldest half goes.
final class ReadCache: Sendable {
    struct Entry: @unchecked Sendable {
        var stamp: String
        var expires: ContinuousClock.Instant
        var born: UInt64
        /// A value of the type its key's reader makes (only `value(_:store:read:)` writes and reads it).
        var value: Any
    }

    let lifetime: Duration
    let capacity: Int
    private let state = Mutex<(entries: [String: Entry], counter: UInt64, hits: UInt64, misses: UInt64)>(([:], 0, 0, 0))

    init(lifetime: Duration = .seconds(5), capacity: Int = 512) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached value for `key` if the store has not changed since it was read; else `read()`, kept.
    func value<T: Sendable>(_ key: String, store: ScanStore, read: () throws -> T) rethrows -> T {
        let stamp = store.changeStamp()
        let now = ContinuousClock.now
        let cached: T? = state.withLock { state in
            guard let entry = state.entries[key], entry.stamp == stamp, entry.expires > now, let value = entry.value as? T else {
                state.misses += 1
                return nil
            }
            state.hits += 1
            return value
        }
        if let cached { return cached }
        // Read after the stamp was taken: a write during the read changes the stamp and the next call reads again.
        let value = try read()
        state.withLock { state in
            if state.entries.count >= capacity {
                let oldest = state.entries.sorted { $0.value.born < $1.value.born }.prefix(capacity / 2).map(\.key)
                for key in oldest { state.entries[key] = nil }
            }
            state.counter += 1
            state.entries[key] = Entry(stamp: stamp, expires: now + lifetime, born: state.counter, value: value)
        }
        return value
    }

    /// Hits and misses so far (the benchmark prints them).
    var counts: (hits: UInt64, misses: UInt64) { state.withLock { ($0.hits, $0.misses) } }
}
