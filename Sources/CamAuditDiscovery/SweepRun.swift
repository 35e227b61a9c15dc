#if canImport(Glibc)
    import Synchronization

    /// One running sweep seen from async code: stop it, and wait until its thread has closed every socket.
    final class SweepRun: Sendable {
        private enum State {
            case running([CheckedContinuation<Void, Never>])
            case ended
        }

        let stop: StopSignal
        private let state = Mutex<State>(.running([]))

        init(stop: StopSignal) {
            self.stop = stop
        }

        /// Called by the sweep thread after its last socket is closed.
        func markEnded() {
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                guard case .running(let waiters) = state else { return [] }
                state = .ended
                return waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        /// Returns once the sweep thread is done with its sockets.
        func ended() async {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    guard case .running(var waiters) = state else { return true }
                    waiters.append(continuation)
                    state = .running(waiters)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
#endif
