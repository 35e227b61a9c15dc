import ArgumentParser
import Foundation

/// A classic pcap file (microsecond timestamps, little-endian) written through an 8 MiB buffer, for the
/// benchmark's synthetic and repeated captures.
final class PcapFileWriter {
    private let handle: FileHandle
    /// The record being built: the caller appends the frame bytes after `beginRecord`.
    var buffer: [UInt8] = []
    /// Bytes written so far, header included.
    private(set) var written = 0

    init(path: String, linkType: UInt32, snapLength: UInt32) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("Cannot write the capture to \(path).")
        }
        self.handle = handle
        buffer.reserveCapacity(8 << 20)
        le32(0xa1b2_c3d4)
        le16(2)
        le16(4)
        le32(0)
        le32(0)
        le32(snapLength)
        le32(linkType)
        written = buffer.count
    }

    /// Starts a record of `captured` bytes (the frame follows in `buffer`).
    func beginRecord(seconds: UInt32, microseconds: UInt32, captured: Int, original: Int) {
        flushIfFull()
        le32(seconds)
        le32(microseconds)
        le32(UInt32(captured))
        le32(UInt32(clamping: original))
        written += 16 + captured
    }

    /// Writes what is buffered and closes the file.
    func finish() {
        handle.write(Data(buffer))
        buffer.removeAll()
        try? handle.close()
    }

    private func flushIfFull() {
        guard buffer.count >= 8 << 20 else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    private func le32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
    private func le16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
}
