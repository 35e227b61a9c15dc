/// Limits shared by every discovery parser.
public enum DiscoveryDatagram {
    /// The largest datagram a parser will read. Real replies are a few kilobytes; anything over a
    /// UDP datagram's maximum is refused before any work is done, so garbage costs nothing.
    public static let maximumSize = 65_536

    /// Throws `datagramTooLarge` when `count` is over `maximumSize`.
    static func checkSize(_ count: Int) throws(DiscoveryReplyError) {
        if count > maximumSize { throw .datagramTooLarge(size: count, limit: maximumSize) }
    }

    /// The bytes as text, tolerating a UTF-8 BOM and trailing NULs that some firmware appends.
    static func text(_ bytes: [UInt8]) throws(DiscoveryReplyError) -> String {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        while let last = slice.last, last == 0 { slice = slice.dropLast() }
        guard let text = String(validating: slice, as: UTF8.self) else { throw .notText }
        return text
    }
}
