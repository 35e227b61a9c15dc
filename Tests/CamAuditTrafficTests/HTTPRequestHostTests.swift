import Testing

@testable import CamAuditTraffic

@Suite("HTTP request Host")
struct HTTPRequestHostTests {
    static let request = Array(
        "POST /api/device/register HTTP/1.1\r\nUser-Agent: ipc\r\nHOST:  Cloud.Example-Vendor.com:8080 \r\nContent-Length: 2\r\n\r\n{}".utf8
    )

    @Test func theHostHeaderNamesTheServerWithoutItsPort() {
        #expect(HTTPRequestHost.search(in: Self.request) == .found("cloud.example-vendor.com"))
        #expect(HTTPRequestHost.search(in: Array("GET / HTTP/1.0\nHost: a.example\n\n".utf8)) == .found("a.example"))
    }

    @Test func everyPrefixBeforeTheHostLineEndsWaits() {
        let hostLineEnd = Self.request.firstRange(of: Array(" \r\n".utf8), in: 60)
        for length in 0..<Self.request.count {
            let result = HTTPRequestHost.search(in: Array(Self.request.prefix(length)))
            if length < hostLineEnd {
                #expect(result == .needMoreBytes, "length \(length)")
            } else {
                #expect(result == .found("cloud.example-vendor.com"), "length \(length)")
            }
        }
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n",  // no Host
        "DESCRIBE rtsp://192.168.1.64/ RTSP/1.0\r\n",  // RTSP, not HTTP
        "GET / HTTP/2.0\r\n",
        "get / HTTP/1.1\r\n",
        "GET /\r\n",
        "GET / HTTP/1.1 extra\r\n",
        "GET / HTTP/1.1\r\nHost: [2001:db8::1]:80\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: 203.0.113.10\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: bad host\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: ex$mple.com\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: example.com:http\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: \r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a..example\r\n\r\n",
        "\u{16}\u{03}\u{01}",
        "VERYLONGMETHODNAMETHATNOBODYUSES / HTTP/1.1\r\n",
    ])
    func requestsWithoutAUsableHostAreAbsent(text: String) {
        #expect(HTTPRequestHost.search(in: Array(text.utf8)) == .absent)
    }

    @Test func theHeaderBlockIsBounded() {
        var huge = Array("GET / HTTP/1.1\r\n".utf8)
        while huge.count < HTTPRequestHost.maximumHeaderBytes + 100 { huge += Array("X-Filler: 0123456789abcdef\r\n".utf8) }
        #expect(HTTPRequestHost.search(in: huge) == .absent)
        #expect(HTTPRequestHost.search(in: huge + Array("Host: late.example\r\n".utf8)) == .absent)
    }

    @Test func aRequestSplitOverTwoSegmentsNamesTheFlowInACapture() throws {
        var script = CaptureScript(serverPort: 80)
        script.tcpUp(flags: 0x02, sequence: 4_000)
        script.tcpDown(flags: 0x12, sequence: 9_000)
        script.tcpUp(sequence: 4_001 + 40, Array(Self.request[40...]))
        script.tcpUp(sequence: 4_001, Array(Self.request[..<40]))
        script.tcpDown(sequence: 9_001, Array("HTTP/1.1 200 OK\r\n\r\n".utf8))
        let table = try script.table()
        let flow = try #require(table.flows.first)
        #expect(flow.serverName == "cloud.example-vendor.com")
        #expect(flow.serverNameSource == .httpHost)
        #expect(flow.inspection == nil && flow.inspectionFinished)
    }
}

extension Array where Element == UInt8 {
    /// Where `pattern` ends, searching from `start`; the array's count if it is absent.
    fileprivate func firstRange(of pattern: [UInt8], in start: Int) -> Int {
        for index in start...(count - pattern.count) where Array(self[index..<(index + pattern.count)]) == pattern {
            return index + pattern.count
        }
        return count
    }
}
