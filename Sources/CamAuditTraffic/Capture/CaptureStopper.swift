/// Ends a capture's `forEachPacket` from another thread or task, e.g. when the user presses Ctrl-C.
///
/// Sendable because it only sets the reader's atomic stop flag, which the reading loop checks between
/// packets and after every read timeout (so a quiet live interface stops within one timeout). It keeps
/// the reader alive so the capture handle cannot be closed under a pending stop.
public final class CaptureStopper: @unchecked Sendable {
    // The reader itself is not Sendable; only its `Atomic` flag is touched from here.
    private let reader: CaptureReader

    init(reader: CaptureReader) {
        self.reader = reader
    }

    /// Makes the reader's current (or next) `forEachPacket` return after the packet in hand.
    public func stop() {
        reader.stopRequested.store(true, ordering: .relaxed)
    }
}
