import Foundation

/// MD5 and SHA-1 for HTTP Digest and ONVIF WS-Security checks inside the lab.
///
/// The lab target depends on NIO only; these two small hashes (RFC 1321, RFC 3174) avoid a crypto
/// dependency. They verify test credentials and protect nothing.
enum MessageDigest {
    /// Lower-case hex MD5 of UTF-8 text.
    static func md5Hex(_ text: String) -> String { hex(md5(Array(text.utf8))) }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return out
    }

    static func md5(_ message: [UInt8]) -> [UInt8] {
        let shifts: [UInt32] = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
                                4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21]
        let table: [UInt32] = (0..<64).map { index in
            UInt32(truncatingIfNeeded: Int64(abs(sin(Double(index + 1))) * 4_294_967_296.0))
        }
        var a0: UInt32 = 0x6745_2301, b0: UInt32 = 0xefcd_ab89, c0: UInt32 = 0x98ba_dcfe, d0: UInt32 = 0x1032_5476
        for chunk in padded(message, bigEndianLength: false) {
            var words = [UInt32](repeating: 0, count: 16)
            for index in 0..<16 {
                words[index] = UInt32(chunk[index * 4]) | UInt32(chunk[index * 4 + 1]) << 8
                    | UInt32(chunk[index * 4 + 2]) << 16 | UInt32(chunk[index * 4 + 3]) << 24
            }
            var a = a0, b = b0, c = c0, d = d0
            for index in 0..<64 {
                var f: UInt32
                var g: Int
                switch index {
                case 0..<16: f = (b & c) | (~b & d); g = index
                case 16..<32: f = (d & b) | (~d & c); g = (5 * index + 1) % 16
                case 32..<48: f = b ^ c ^ d; g = (3 * index + 5) % 16
                default: f = c ^ (b | ~d); g = (7 * index) % 16
                }
                f = f &+ a &+ table[index] &+ words[g]
                a = d; d = c; c = b
                b = b &+ rotateLeft(f, shifts[index])
            }
            a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
        }
        return [a0, b0, c0, d0].flatMap { word in (0..<4).map { UInt8((word >> (8 * UInt32($0))) & 0xff) } }
    }

    static func sha1(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        for chunk in padded(message, bigEndianLength: true) {
            var w = [UInt32](repeating: 0, count: 80)
            for index in 0..<16 {
                w[index] = UInt32(chunk[index * 4]) << 24 | UInt32(chunk[index * 4 + 1]) << 16
                    | UInt32(chunk[index * 4 + 2]) << 8 | UInt32(chunk[index * 4 + 3])
            }
            for index in 16..<80 { w[index] = rotateLeft(w[index - 3] ^ w[index - 8] ^ w[index - 14] ^ w[index - 16], 1) }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
            for index in 0..<80 {
                let (f, k): (UInt32, UInt32)
                switch index {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = rotateLeft(a, 5) &+ f &+ e &+ k &+ w[index]
                e = d; d = c; c = rotateLeft(b, 30); b = a; a = temp
            }
            h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d; h[4] = h[4] &+ e
        }
        return h.flatMap { word in (0..<4).map { UInt8((word >> (24 - 8 * UInt32($0))) & 0xff) } }
    }

    private static func rotateLeft(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }

    /// Splits the message into 64-byte blocks after the standard 0x80 / zeros / bit-length padding.
    private static func padded(_ message: [UInt8], bigEndianLength: Bool) -> [ArraySlice<UInt8>] {
        var bytes = message
        let bitLength = UInt64(message.count) &* 8
        bytes.append(0x80)
        while bytes.count % 64 != 56 { bytes.append(0) }
        for index in 0..<8 {
            let shift = bigEndianLength ? UInt64(56 - 8 * index) : UInt64(8 * index)
            bytes.append(UInt8((bitLength >> shift) & 0xff))
        }
        return stride(from: 0, to: bytes.count, by: 64).map { Array(bytes[$0..<($0 + 64)])[...] }
    }
}
