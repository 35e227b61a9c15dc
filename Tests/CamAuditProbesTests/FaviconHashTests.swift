import Testing
@testable import CamAuditProbes

@Suite("MurmurHash3 and favicon hashes")
struct FaviconHashTests {
    /// Published MurmurHash3 x86_32 vectors (SMHasher verification values as collected by Ian Boyd).
    @Test(arguments: [
        ("", UInt32(0), UInt32(0)),
        ("", 1, 0x514E_28B7),
        ("", 0xFFFF_FFFF, 0x81F1_6F39),
        ("a", 0x9747_B28C, 0x7FA0_9EA6),
        ("aaaa", 0x9747_B28C, 0x5A97_808A),
        ("abc", 0, 0xB3DD_93FA),
        ("hello", 0, 0x248B_FA47),
        ("Hello, world!", 0x9747_B28C, 0x2488_4CBA),
        ("The quick brown fox jumps over the lazy dog", 0x9747_B28C, 0x2FA8_26CD),
    ])
    func knownVectors(_ text: String, _ seed: UInt32, _ expected: UInt32) {
        #expect(MurmurHash3.x86_32(Array(text.utf8), seed: seed) == expected)
    }

    @Test func zeroBytesVector() {
        #expect(MurmurHash3.x86_32([0, 0, 0, 0], seed: 0) == 0x2362_F9DE)
    }

    @Test func base64MatchesPythonEncodebytes() {
        // Python: base64.encodebytes(bytes(range(200))).decode()
        let expected =
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\nOTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3Bx\ncnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmq\nq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsc=\n"
        #expect(FaviconHash.encodebytesBase64(Array(0..<200)) == expected)
        #expect(FaviconHash.encodebytesBase64(Array(0..<57)).hasSuffix("\n"))
        #expect(FaviconHash.encodebytesBase64(Array(0..<57)).count == 77)  // exactly one full line
    }

    @Test func shodanHashIsSignedMMH3OfTheEncodedText() {
        let bytes: [UInt8] = Array(0..<200)
        let expected = Int32(bitPattern: MurmurHash3.x86_32(Array(FaviconHash.encodebytesBase64(bytes).utf8)))
        #expect(FaviconHash.shodanMMH3(bytes) == expected)
        // "hello" -> "aGVsbG8=\n"; its mmh3 is computed from the published algorithm, so only sign handling is new here.
        #expect(FaviconHash.shodanMMH3(Array("hello".utf8)) == Int32(bitPattern: MurmurHash3.x86_32(Array("aGVsbG8=\n".utf8))))
    }

    @Test func md5IsLowerCaseHex() {
        #expect(FaviconHash.md5([]) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(FaviconHash.md5(Array("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
    }
}
