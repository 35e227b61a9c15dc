/// What the header of a JPEG picture says: that it is one, and its size.
public struct JPEGImageInfo: Sendable, Hashable {
    public var width: Int
    public var height: Int
    /// The start-of-frame marker (0xC0 baseline, 0xC2 progressive, ...).
    public var frameMarker: UInt8
    public var components: Int

    /// Start-of-frame markers: C0-CF except DHT (C4), JPG (C8) and DAC (CC).
    static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    /// Reads the markers from SOI to the first SOFn; nil when the bytes are not a JPEG or end before the frame header.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> JPEGImageInfo? {
        var index = bytes.startIndex
        guard bytes.count >= 4, bytes[index] == 0xFF, bytes[index + 1] == 0xD8 else { return nil }
        index += 2
        while index + 1 < bytes.endIndex {
            guard bytes[index] == 0xFF else { return nil }
            // Any number of 0xFF fill bytes may precede a marker.
            while index < bytes.endIndex, bytes[index] == 0xFF { index += 1 }
            guard index < bytes.endIndex else { return nil }
            let marker = bytes[index]
            index += 1
            switch marker {
            case 0x01, 0xD0...0xD7:
                continue  // standalone markers carry no length
            case 0x00, 0xD8, 0xD9, 0xDA:
                return nil  // stuffing, a second SOI, the end or the scan before any frame header
            default:
                break
            }
            guard index + 1 < bytes.endIndex else { return nil }
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            guard length >= 2 else { return nil }
            if isStartOfFrame(marker) {
                // length(2) precision(1) height(2) width(2) components(1)
                guard length >= 8, index + 7 < bytes.endIndex else { return nil }
                let height = Int(bytes[index + 3]) << 8 | Int(bytes[index + 4])
                let width = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                let components = Int(bytes[index + 7])
                guard width > 0, height > 0, (1...4).contains(components) else { return nil }
                return JPEGImageInfo(width: width, height: height, frameMarker: marker, components: components)
            }
            index += length
        }
        return nil
    }

    public static func parse(_ bytes: [UInt8]) -> JPEGImageInfo? { parse(bytes[...]) }
}
