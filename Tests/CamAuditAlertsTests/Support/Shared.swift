import Synchronization

/// A value several event loops and the test share.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    var value: Value { mutex.withLock { $0 } }

    @discardableResult
    func update<Result: Sendable>(_ change: (inout Value) -> Result) -> Result { mutex.withLock { change(&$0) } }

    /// Waits (polling) up to `limit` for `condition`; returns whether it held.
    func wait(upTo limit: Duration = .seconds(5), until condition: (Value) -> Bool) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if condition(value) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(value)
    }
}
