import Testing
@testable import CamAuditProbes

/// What each real sample must parse to.
struct ParsedSampleExpectation: Sendable, CustomTestStringConvertible {
    var file: String
    var isRTSP: Bool
    var status: Int
    var headerNames: String
    var server: String? = nil
    var realm: String? = nil
    var title: String? = nil
    var bodyContains: String? = nil
    var testDescription: String { file }
}

let parsedSamples: [ParsedSampleExpectation] = [
    ParsedSampleExpectation(
        file: "hikvision-http-401.http", isRTSP: false, status: 401,
        headerNames: "Date,Content-Length,Content-Type,Connection,Keep-Alive,WWW-Authenticate",
        realm: "IP Camera(C2183)", title: "Document Error: Unauthorized", bodyContains: "Access Error: 401"),
    ParsedSampleExpectation(
        file: "hikvision-digest-basic-one-header.http", isRTSP: false, status: 401,
        headerNames: "Content-Length,WWW-Authenticate", realm: "IP Camera(76475)"),
    ParsedSampleExpectation(
        file: "dnvrs-webs-200.http", isRTSP: false, status: 200,
        headerNames: "Date,Server,ETag,Content-Length,Content-Type,Connection,Last-Modified",
        server: "DNVRS-Webs", title: "index"),
    ParsedSampleExpectation(
        file: "dahua-http-200-uppercase.http", isRTSP: false, status: 200,
        headerNames: "CONNECTION,Date,Last-Modified,Etag,CONTENT-LENGTH,P3P,CACHE-CONTROL,CONTENT-TYPE",
        title: "WEB SERVICE", bodyContains: "<!DOCTYPE html PUBLIC"),
    ParsedSampleExpectation(
        file: "dahua-rtsp-401.rtsp", isRTSP: true, status: 401, headerNames: "CSeq,WWW-Authenticate",
        realm: "Login to 4M0747EPAA1D284"),
    ParsedSampleExpectation(
        file: "dahua-rtsp-405-to-http.rtsp", isRTSP: true, status: 405, headerNames: "Server,Content-Length,CSeq",
        server: "Dahua Rtsp Server"),
    ParsedSampleExpectation(file: "hikvision-rtsp-options.rtsp", isRTSP: true, status: 200, headerNames: "CSeq,Public,Date"),
    ParsedSampleExpectation(
        file: "hikvision-rtsp-describe-401.rtsp", isRTSP: true, status: 401, headerNames: "CSeq,WWW-Authenticate,Date",
        realm: "IP Camera(C2875)"),
    ParsedSampleExpectation(
        file: "axis-http-401-digest-basic.http", isRTSP: false, status: 401,
        headerNames: "WWW-Authenticate,WWW-Authenticate,Content-Length", realm: "AXIS_00408CEF081C"),
    ParsedSampleExpectation(
        file: "dahua-rpc2-login-challenge.http", isRTSP: false, status: 200,
        headerNames: "CONTENT-TYPE,CONTENT-LENGTH,CONNECTION", bodyContains: "\"realm\":\"Login to AMC000N49SSV0M2U46\""),
    ParsedSampleExpectation(
        file: "hikvision-sessionlogin-capabilities-chunked.http", isRTSP: false, status: 200,
        headerNames: "Content-Type,Transfer-Encoding,Connection", bodyContains: "<iterations>100</iterations><isIrreversible>"),
    ParsedSampleExpectation(
        file: "onvif-get-device-information.http", isRTSP: false, status: 200,
        headerNames: "Content-Type,Content-Length,Connection", bodyContains: "<tds:HardwareId>88</tds:HardwareId>"),
    ParsedSampleExpectation(
        file: "uniview-lapi-401-http10-bare-lf.http", isRTSP: false, status: 401,
        headerNames: "Content-Type", bodyContains: "\"Data\":\"null\"}}"),
]

/// Feeds the bytes in pieces of `pieceSize`, then ends the stream (as a closing connection would).
func parse(_ bytes: [UInt8], pieceSize: Int, rtsp: Bool = false, maxHeaderBytes: Int = 64 * 1024, maxBodyBytes: Int = 256 * 1024) -> Result<
    HTTPResponse, MessageParseError
> {
    var parser = HTTPResponseParser(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes, readsBodyUntilCloseWithoutLength: !rtsp)
    var offset = 0
    do {
        while offset < bytes.count {
            let end = min(bytes.count, offset + pieceSize)
            if case .complete(let response) = try parser.feed(bytes[offset..<end]) { return .success(response) }
            offset = end
        }
        return .success(try parser.finish())
    } catch {
        return .failure(error)
    }
}

@Suite("HTTP/RTSP response parser on real samples")
struct HTTPResponseParserSampleTests {
    @Test(arguments: parsedSamples)
    func byteByByteEqualsAllAtOnce(_ sample: ParsedSampleExpectation) throws {
        let bytes = SampleCorpus.bytes(sample.file)
        #expect(!bytes.isEmpty, "sample file missing")
        let whole = parse(bytes, pieceSize: bytes.count + 1, rtsp: sample.isRTSP)
        let single = parse(bytes, pieceSize: 1, rtsp: sample.isRTSP)
        let sevens = parse(bytes, pieceSize: 7, rtsp: sample.isRTSP)
        #expect(whole == single)
        #expect(whole == sevens)
    }

    @Test(arguments: parsedSamples)
    func extractsTheDocumentedFields(_ sample: ParsedSampleExpectation) throws {
        let response = try parse(SampleCorpus.bytes(sample.file), pieceSize: 1, rtsp: sample.isRTSP).get()
        #expect(response.isRTSP == sample.isRTSP)
        #expect(response.status == sample.status)
        #expect(response.headers.map(\.name).joined(separator: ",") == sample.headerNames)
        #expect(response.value(of: "server") == sample.server)
        #expect(!response.isBodyTruncated)
        let realm = AuthenticationChallenge.parse(headerValues: response.values(of: "www-authenticate")).compactMap(\.realm).first
        #expect(realm == sample.realm)
        let text = WebAnswerReader.bodyText(response.body, limit: response.body.count)
        #expect(HTMLTitleExtractor.title(in: text) == sample.title)
        if let fragment = sample.bodyContains { #expect(text.contains(fragment)) }
        if let length = response.value(of: "content-length").flatMap({ Int($0) }) { #expect(response.body.count == length) }
    }

    @Test func dahuaBodyKeepsItsBOMUntilRendered() throws {
        let response = try parse(SampleCorpus.bytes("dahua-http-200-uppercase.http"), pieceSize: 3).get()
        #expect(response.body.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(WebAnswerReader.bodyText(response.body, limit: 4096).hasPrefix("<!DOCTYPE html PUBLIC"))
    }

    @Test func hikvisionRTSPDateWithTwoSpacesIsKeptTrimmed() throws {
        let response = try parse(SampleCorpus.bytes("hikvision-rtsp-options.rtsp"), pieceSize: 1, rtsp: true).get()
        #expect(response.value(of: "Date") == "Thu, May 14 2020 16:45:35 GMT")
        #expect(response.value(of: "Public")?.hasPrefix("OPTIONS, DESCRIBE, PLAY") == true)
    }

    @Test func dahuaRPC2ChallengeYieldsRealmObservation() throws {
        let response = try parse(SampleCorpus.bytes("dahua-rpc2-login-challenge.http"), pieceSize: 5).get()
        var record = PortRecord(port: 80)
        let request = try #require(WebProbeRequest.all.first { $0.capture == .dahuaRPC2 })
        WebAnswerReader.read(response, for: request, probe: request.probeName, maxBodyBytes: 1 << 18, into: &record)
        #expect(record.value(of: .dahuaRPC2Realm) == "Login to AMC000N49SSV0M2U46")
        #expect(record.value(of: .dahuaRPC2)?.hasPrefix("{\"error\":{\"code\":268632079") == true)
    }

    @Test func sessionLoginCapabilitiesYieldISAPIObservation() throws {
        let response = try parse(SampleCorpus.bytes("hikvision-sessionlogin-capabilities-chunked.http"), pieceSize: 1).get()
        var record = PortRecord(port: 80)
        let request = try #require(WebProbeRequest.all.first { $0.path.contains("sessionLogin") })
        WebAnswerReader.read(response, for: request, probe: request.probeName, maxBodyBytes: 1 << 18, into: &record)
        let isapi = try #require(record.value(of: .hikvisionISAPI))
        #expect(isapi.hasPrefix("<?xml"))
        #expect(XMLElementTextExtractor.text(of: "iterations", in: isapi) == "100")
        #expect(XMLElementTextExtractor.text(of: "salt", in: isapi) == "e20c1867\u{2026}03ca")
    }

    @Test func onvifDeviceInformationIsFormatted() throws {
        let response = try parse(SampleCorpus.bytes("onvif-get-device-information.http"), pieceSize: 11).get()
        let text = WebAnswerReader.bodyText(response.body, limit: response.body.count)
        #expect(
            ONVIFAnswer.deviceInformation(in: text)
                == "Manufacturer=HIKVISION;Model=DS-2CD2386G2-IU;FirmwareVersion=V5.7.15 build 240201;SerialNumber=DS-2CD2386G2-IU00000000AAWRJ00000000;HardwareId=88"
        )
    }
}
