/// The first bytes of one direction of a TCP stream (or of a QUIC CRYPTO stream) in order, whatever
/// order the segments arrived in. Retransmitted and overlapping bytes keep the copy that came first.
/// Bounded: only `capacity` bytes from the current start are kept, in at most `maximumPendingSegments`
/// pieces waiting behind a gap, so a hostile stream costs bounded memory and time.
struct StreamReassembly: Sendable, Hashable {
    static let capacity = 16 * 1024
    static let maximumPendingSegments = 16

    /// Sequence number (or offset) of `bytes[0]`, wrapping as TCP's do (RFC 9293 §3.4).
    private(set) var base: UInt32
    /// True once the stream's true start is known (after a SYN, or a CRYPTO stream from offset 0):
    /// then bytes before `base` are retransmissions, otherwise they are the start arriving late.
    private(set) var anchored: Bool
    /// The contiguous bytes from `base`.
    private(set) var bytes: [UInt8] = []
    /// Pieces that arrived beyond a gap, by offset from `base`.
    private var pending: [Piece] = []

    private struct Piece: Sendable, Hashable {
        var offset: Int
        var bytes: [UInt8]
    }

    init(base: UInt32, anchored: Bool) {
        self.base = base
        self.anchored = anchored
    }

    /// True when no more bytes fit: the window is full of contiguous bytes.
    var isFull: Bool { bytes.count >= Self.capacity }

    /// Adds a segment that starts at `sequence`; returns true when the contiguous bytes grew.
    @discardableResult
    mutating func insert(_ segment: UnsafeRawBufferPointer, at sequence: UInt32) -> Bool {
        guard !segment.isEmpty else { return false }
        var offset = Int(Int32(bitPattern: sequence &- base))
        var skip = 0
        if offset < 0 {
            if anchored || -offset > Self.capacity {
                // Old bytes again: keep only what reaches past the start.
                skip = -offset
                offset = 0
                guard skip < segment.count else { return false }
            } else {
                rebase(by: -offset)
                offset = 0
            }
        }
        let end = min(offset + segment.count - skip, Self.capacity)
        guard end > offset else { return false }
        let piece = segment[(segment.startIndex + skip)..<(segment.startIndex + skip + end - offset)]
        guard offset <= bytes.count else {
            guard pending.count < Self.maximumPendingSegments else { return false }
            pending.append(Piece(offset: offset, bytes: Array(piece)))
            return false
        }
        let before = bytes.count
        if end > bytes.count { bytes.append(contentsOf: piece.dropFirst(bytes.count - offset)) }
        absorbPending()
        return bytes.count > before
    }

    /// Adds a segment held in an array.
    @discardableResult
    mutating func insert(_ segment: [UInt8], at sequence: UInt32) -> Bool {
        segment.withUnsafeBytes { insert($0, at: sequence) }
    }

    /// Drops the first `count` contiguous bytes (messages already read); the stream's start is known from then on.
    mutating func consume(_ count: Int) {
        let count = min(count, bytes.count)
        bytes.removeFirst(count)
        base = base &+ UInt32(truncatingIfNeeded: count)
        anchored = true
        pending = pending.compactMap { piece in
            let shifted = piece.offset - count
            guard shifted + piece.bytes.count > 0 else { return nil }
            return shifted >= 0
                ? Piece(offset: shifted, bytes: piece.bytes) : Piece(offset: 0, bytes: Array(piece.bytes.dropFirst(-shifted)))
        }
        absorbPending()
    }

    /// The true start arrived after later bytes: what was held moves behind it, clipped to the window.
    private mutating func rebase(by distance: Int) {
        base = base &- UInt32(truncatingIfNeeded: distance)
        var moved = pending.map { Piece(offset: $0.offset + distance, bytes: $0.bytes) }
        if !bytes.isEmpty { moved.append(Piece(offset: distance, bytes: bytes)) }
        pending = moved.compactMap { piece in
            guard piece.offset < Self.capacity else { return nil }
            return Piece(offset: piece.offset, bytes: Array(piece.bytes.prefix(Self.capacity - piece.offset)))
        }
        bytes = []
    }

    /// Moves pieces that now touch the contiguous end onto it.
    private mutating func absorbPending() {
        while let index = pending.firstIndex(where: { $0.offset <= bytes.count }) {
            let piece = pending.remove(at: index)
            let end = piece.offset + piece.bytes.count
            if end > bytes.count { bytes.append(contentsOf: piece.bytes.dropFirst(bytes.count - piece.offset)) }
        }
    }
}
