import CLibpcap
import Foundation

extension CaptureReader {
    /// Reads a capture file on a second thread while `body` runs on this one: the reading thread calls
    /// libpcap and copies each record into one of a few reusable batches; this thread takes the full
    /// batches in order and calls `body` for each record, exactly as the one-thread loop would (same
    /// packets, indexes, timestamps, bytes; a damaged record throws the same error after the packets
    /// before it; a `CaptureStopper` ends it after the packet in hand). libpcap's handle is used by the
    /// reading thread only, and this returns only once that thread has let go of it.
    ///
    /// Memory stays bounded: `ReadAhead.batchCount` batches of `ReadAhead.batchBytes` (a batch grows only
    /// to hold one record larger than that, which libpcap caps at its maximum snapshot length).
    /// `batchBytes` is for tests, to cross batch boundaries and grow a batch with small captures.
    func forEachPacketReadingAhead(batchBytes: Int = ReadAhead.batchBytes, _ body: (CapturedPacket) -> Void) throws(CaptureError) {
        let queue = ReadAhead(reader: self, batchBytes: batchBytes)
        let thread = Thread { [queue] in queue.fill() }
        thread.stackSize = 1 << 20
        thread.start()
        var index = 0
        while let batch = queue.nextFull() {
            let base = UnsafeRawPointer(batch.storage)
            for record in UnsafeBufferPointer(start: batch.records, count: batch.count) {
                if stopRequested.load(ordering: .relaxed) {
                    stopRequested.store(false, ordering: .relaxed)
                    queue.cancel()
                    return
                }
                body(
                    CapturedPacket(
                        index: index, timestamp: record.timestamp, capturedLength: record.length,
                        originalLength: record.originalLength,
                        bytes: UnsafeRawBufferPointer(start: base + record.offset, count: record.length)))
                index += 1
            }
            queue.recycle(batch)
        }
        // A stop asked during the last packet ends the loop before the read that would have met the end
        // (or a damaged record), as in the one-thread loop.
        if stopRequested.load(ordering: .relaxed) {
            stopRequested.store(false, ordering: .relaxed)
            return
        }
        if let error = queue.finalError { throw error }
    }
}

/// A run of consecutive records copied out of libpcap's buffer: their bytes back to back in `storage`,
/// where each of the first `count` entries of `records` says.
final class PacketBatch {
    struct Record {
        var offset: Int
        var length: Int
        var originalLength: Int
        var timestamp: Double
    }

    /// At most this many records a batch, whatever their size (a record can be empty).
    static let recordCapacity = 8192

    var storage: UnsafeMutableRawPointer
    var capacity: Int
    let records = UnsafeMutablePointer<Record>.allocate(capacity: PacketBatch.recordCapacity)
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
        records.deallocate()
    }

    /// Makes room for one record larger than the whole batch (only an empty batch is grown).
    func grow(to length: Int) {
        storage.deallocate()
        capacity = length
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }
}

/// The two queues between the reading thread and the caller: empty batches to fill, full ones to use.
/// Sendable by its lock: every field is touched under `condition`; the reader (and the batch being
/// filled) only by the reading thread until it sets `finished`, after which it touches neither.
final class ReadAhead: @unchecked Sendable {
    /// 4 x 256 KiB: enough for the reader to run ahead while the caller works, small enough to stay in cache.
    static let batchCount = 4
    static let batchBytes = 256 << 10

    private let reader: CaptureReader
    private let condition = NSCondition()
    private var empty: [PacketBatch]
    private var full: [PacketBatch] = []
    private var finished = false
    private var cancelled = false
    /// Why reading stopped before the end of the file; set with `finished`.
    private var error: CaptureError?

    init(reader: CaptureReader, batchBytes: Int = ReadAhead.batchBytes) {
        self.reader = reader
        empty = (0..<Self.batchCount).map { _ in PacketBatch(capacity: max(1, batchBytes)) }
    }

    /// Why the reading thread stopped early (a damaged record), once `nextFull` has answered nil.
    var finalError: CaptureError? {
        condition.lock()
        defer { condition.unlock() }
        return error
    }

    /// The next full batch in file order; nil once the reading thread has finished and all were taken.
    func nextFull() -> PacketBatch? {
        condition.lock()
        defer { condition.unlock() }
        while full.isEmpty && !finished { condition.wait() }
        return full.isEmpty ? nil : full.removeFirst()
    }

    /// Gives a used batch back to the reading thread.
    func recycle(_ batch: PacketBatch) {
        condition.lock()
        empty.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the reading thread at its next batch and waits until it has let go of the reader.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
    }

    /// An empty batch to fill; nil when the caller has stopped reading.
    private func takeEmpty() -> PacketBatch? {
        condition.lock()
        defer { condition.unlock() }
        while empty.isEmpty && !cancelled { condition.wait() }
        return cancelled ? nil : empty.removeLast()
    }

    private func hand(_ batch: PacketBatch, count: Int) {
        batch.count = count
        condition.lock()
        full.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// The reading thread: libpcap's records into batches until the end, a cancel or a damaged record.
    /// The batch being filled is kept in locals (its buffers and fill level) so a record costs a copy.
    func fill() {
        var failure: CaptureError?
        if var batch = takeEmpty() {
            var storage = batch.storage, capacity = batch.capacity, records = batch.records
            var used = 0, count = 0
            var stopped = false
            do {
                try reader.readRecords { data, length, originalLength, timestamp in
                    if count > 0, used + length > capacity || count == PacketBatch.recordCapacity {
                        hand(batch, count: count)
                        guard let next = takeEmpty() else {
                            stopped = true
                            return false
                        }
                        batch = next
                        storage = batch.storage
                        capacity = batch.capacity
                        records = batch.records
                        used = 0
                        count = 0
                    }
                    if length > capacity {
                        batch.grow(to: length)
                        storage = batch.storage
                        capacity = batch.capacity
                    }
                    (storage + used).copyMemory(from: data, byteCount: length)
                    records[count] = PacketBatch.Record(offset: used, length: length, originalLength: originalLength, timestamp: timestamp)
                    used += length
                    count += 1
                    return true
                }
            } catch let readFailure {
                failure = readFailure
            }
            if !stopped, count > 0 { hand(batch, count: count) }
        }
        condition.lock()
        error = failure
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
