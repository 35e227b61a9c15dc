import Testing
@testable import CamAuditProbes

/// A malformed answer and the error it must give (never a crash, never a hang).
struct MalformedSample: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var expected: MessageParseError
    var testDescription: String { name }
}

let malformedSamples: [MalformedSample] = [
    MalformedSample(name: "binary garbage", bytes: [0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x1e], expected: .notHTTPOrRTSP),
    MalformedSample(name: "TLS alert", bytes: [0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46], expected: .notHTTPOrRTSP),
    MalformedSample(name: "SSH banner", bytes: Array("SSH-2.0-dropbear\r\n".utf8), expected: .notHTTPOrRTSP),
    MalformedSample(name: "truncated status line", bytes: Array("HTTP/1.1 200".utf8), expected: .truncatedHeader),
    MalformedSample(name: "truncated headers", bytes: Array("HTTP/1.1 200 OK\r\nServer: x\r\n".utf8), expected: .truncatedHeader),
    MalformedSample(name: "status without code", bytes: Array("HTTP/1.1 OK\r\n\r\n".utf8), expected: .malformedStatusLine("HTTP/1.1 OK")),
    MalformedSample(
        name: "negative Content-Length", bytes: Array("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nabc".utf8),
        expected: .invalidContentLength("-5")),
    MalformedSample(
        name: "text Content-Length", bytes: Array("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n".utf8),
        expected: .invalidContentLength("lots")),
    MalformedSample(
        name: "huge Content-Length", bytes: Array("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n".utf8),
        expected: .invalidContentLength("99999999999999999999999")),
    MalformedSample(
        name: "non-hex chunk size", bytes: Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n".utf8),
        expected: .invalidChunkSize("zz")),
    MalformedSample(
        name: "overflowing chunk size", bytes: Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n".utf8),
        expected: .invalidChunkSize("ffffffffffffffffffff")),
    MalformedSample(
        name: "1 MB header line", bytes: Array("HTTP/1.1 200 OK\r\nX-Junk: ".utf8) + [UInt8](repeating: 0x41, count: 1 << 20),
        expected: .headerTooLarge(limit: 64 * 1024)),
    MalformedSample(
        name: "1 MB of short header lines",
        bytes: Array("HTTP/1.1 200 OK\r\n".utf8) + Array(String(repeating: "X-A: b\r\n", count: 131_072).utf8),
        expected: .headerTooLarge(limit: 64 * 1024)),
]

@Suite("HTTP/RTSP response parser on malformed input")
struct HTTPResponseParserMalformedTests {
    @Test(arguments: malformedSamples)
    func malformedInputGivesAnErrorValue(_ sample: MalformedSample) {
        let whole = parse(sample.bytes, pieceSize: sample.bytes.count + 1)
        #expect(whole == .failure(sample.expected))
        if sample.bytes.count < 100_000 {
            #expect(parse(sample.bytes, pieceSize: 1) == whole)
        } else {
            #expect(parse(sample.bytes, pieceSize: 4096) == whole)
        }
    }

    @Test func oversizedBodyIsCutAtTheLimit() throws {
        let body = [UInt8](repeating: 0x61, count: 5000)
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n".utf8) + body
        let response = try parse(bytes, pieceSize: 100, maxBodyBytes: 1024).get()
        #expect(response.body.count == 1024)
        #expect(response.isBodyTruncated)
    }

    @Test func hugeDeclaredLengthDoesNotAllocateOrWaitForever() throws {
        // Content-Length far beyond what arrives: the closing connection ends it, marked as cut.
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Length: 9000000000\r\n\r\nabc".utf8)
        let response = try parse(bytes, pieceSize: 1).get()
        #expect(response.body == Array("abc".utf8))
        #expect(response.isBodyTruncated)
    }

    @Test func chunkedBodyIsJoined() throws {
        let bytes = Array(
            "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: x\r\n\r\n".utf8)
        let whole = parse(bytes, pieceSize: bytes.count)
        #expect(try whole.get().body == Array("Wikipedia".utf8))
        #expect(parse(bytes, pieceSize: 1) == whole)
    }

    @Test func http10WithoutLengthReadsToClose() throws {
        let bytes = Array("HTTP/1.0 200\nServer: Boa/0.94.14rc18-ipcam\n\n<html>hello</html>".utf8)
        let response = try parse(bytes, pieceSize: 2).get()
        #expect(response.reason == "")
        #expect(response.value(of: "SERVER") == "Boa/0.94.14rc18-ipcam")
        #expect(response.body == Array("<html>hello</html>".utf8))
    }

    @Test func rtspWithoutLengthHasNoBody() throws {
        var parser = HTTPResponseParser(readsBodyUntilCloseWithoutLength: false)
        let step = try parser.feed(Array("RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n".utf8)[...])
        guard case .complete(let response) = step else {
            Issue.record("RTSP response without Content-Length should complete at the blank line")
            return
        }
        #expect(response.body.isEmpty)
    }

    @Test func duplicateAndFoldedHeadersAreKept() throws {
        let bytes = Array(
            "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Long: one\r\n two\r\nnot a header\r\nContent-Length: 0\r\n\r\n".utf8
        )
        let response = try parse(bytes, pieceSize: 1).get()
        #expect(response.values(of: "Set-Cookie") == ["a=1", "b=2"])
        #expect(response.value(of: "x-long") == "one two")
    }
}
