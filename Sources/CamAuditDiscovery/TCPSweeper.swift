#if canImport(Glibc)
    import CamAuditCore
    import Glibc

    /// Finds open TCP ports with plain non-blocking connects, driven by epoll on one dedicated thread.
    ///
    /// Hand-written rather than built on SwiftNIO: a channel per connect costs several allocations
    /// and handler calls, which caps a sweep at about 10k probes/s; a fixed slot table and a bare
    /// epoll loop reach several times that.
    public final class TCPSweeper: Sendable {
        public let configuration: SweepConfiguration

        public init(configuration: SweepConfiguration = SweepConfiguration()) {
            self.configuration = configuration
        }

        /// Sweeps every address of `targets` on the configured ports and streams what it finds.
        ///
        /// The stream ends after `.finished(summary)`. Ending the consumer (cancelling its task)
        /// stops the sweep and closes its sockets.
        public func events(for targets: TargetSet, deadline: ContinuousClock.Instant? = nil) -> AsyncThrowingStream<SweepEvent, Error> {
            start(targets, deadline: deadline).stream
        }

        /// Sweeps `targets` and returns the open ports in ascending order with the totals.
        ///
        /// On cancellation it returns only after every socket is closed, then throws `CancellationError`.
        public func sweep(
            _ targets: TargetSet, deadline: ContinuousClock.Instant? = nil,
            progress: @Sendable (SweepProgress) -> Void = { _ in }
        ) async throws -> (open: [OpenPort], summary: SweepSummary) {
            let (stream, run) = start(targets, deadline: deadline)
            var open: [OpenPort] = []
            var summary: SweepSummary?
            do {
                for try await event in stream {
                    switch event {
                    case .host(let address, let ports):
                        open += ports.map { OpenPort(address: address, port: $0) }
                    case .progress(let snapshot):
                        progress(snapshot)
                    case .finished(let totals):
                        summary = totals
                    }
                }
            } catch {
                run.stop.fire()
                await run.ended()
                throw error
            }
            run.stop.fire()
            await run.ended()
            try Task.checkCancellation()
            guard let summary else { throw CancellationError() }
            return (open.sorted(), summary)
        }

        private func start(_ targets: TargetSet, deadline: ContinuousClock.Instant?) -> (
            stream: AsyncThrowingStream<SweepEvent, Error>, run: SweepRun
        ) {
            let (stream, continuation) = AsyncThrowingStream.makeStream(of: SweepEvent.self, throwing: Error.self)
            let stop = StopSignal()
            let run = SweepRun(stop: stop)
            continuation.onTermination = { _ in stop.fire() }
            let configuration = configuration
            let deadlineNs = deadline.map { MonotonicClock.nanoseconds(at: $0) }
            let started = DetachedThread.start {
                do {
                    let summary = try TCPSweeper.runEngine(
                        configuration: configuration, targets: targets, deadlineNs: deadlineNs, stop: stop,
                        emit: { continuation.yield($0) })
                    if let summary {
                        continuation.yield(.finished(summary))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
                stop.close()
                run.markEnded()
            }
            if !started {
                continuation.finish(throwing: SweepError.threadUnavailable)
                stop.close()
                run.markEnded()
            }
            return (stream, run)
        }

        /// Runs an engine on the calling thread; when it returns, the engine (and every socket) is gone.
        private static func runEngine(
            configuration: SweepConfiguration, targets: TargetSet, deadlineNs: UInt64?, stop: StopSignal,
            emit: @escaping (SweepEvent) -> Void
        ) throws(SweepError) -> SweepSummary? {
            let engine = try SweepEngine(configuration: configuration, targets: targets, deadlineNs: deadlineNs, stop: stop, emit: emit)
            return try engine.run()
        }
    }
#endif
