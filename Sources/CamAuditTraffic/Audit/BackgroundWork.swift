import Foundation

/// One piece of work run on its own thread from the moment it is made; `value()` waits for it.
/// Sendable by its lock: the outcome is written once by the worker and read under the same condition.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let result = Result { try work() }
            condition.lock()
            outcome = result
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// The work's value, or the error it threw, once it has finished.
    func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let outcome { return try outcome.get() }
            condition.wait()
        }
    }
}
