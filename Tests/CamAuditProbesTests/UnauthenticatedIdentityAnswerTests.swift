import Testing
@testable import CamAuditProbes

/// The pre-login answers that carry model or firmware on legacy Foscam (Netwave) and Axis units:
/// parsed byte by byte and whole, and turned into the observations the fingerprints read.
@Suite("Unauthenticated identity answers (real samples)")
struct UnauthenticatedIdentityAnswerTests {
    static let samples: [ParsedSampleExpectation] = [
        ParsedSampleExpectation(
            file: "netwave-get-status-200.http", isRTSP: false, status: 200,
            headerNames: "Server,Date,Content-Type,Content-Length,Cache-Control,Connection",
            server: "Netwave IP Camera", bodyContains: "var sys_ver='11.37.2.49';"),
        ParsedSampleExpectation(
            file: "axis-getbrand-200.http", isRTSP: false, status: 200,
            headerNames: "Content-Type,Content-Length,Date", bodyContains: "\"ProdNbr\": \"M1125\""),
        ParsedSampleExpectation(
            file: "axis-legacy-root-meta-refresh.http", isRTSP: false, status: 200,
            headerNames: "Date,Content-Type,Content-Length", bodyContains: "URL=/view/viewer_index.shtml?id=1"),
    ]

    @Test(arguments: samples)
    func byteByByteEqualsAllAtOnce(_ sample: ParsedSampleExpectation) throws {
        let bytes = SampleCorpus.bytes(sample.file)
        #expect(!bytes.isEmpty, "sample file missing")
        let whole = parse(bytes, pieceSize: bytes.count + 1)
        #expect(whole == parse(bytes, pieceSize: 1))
        #expect(whole == parse(bytes, pieceSize: 5))
        let response = try whole.get()
        #expect(response.status == sample.status)
        #expect(response.headers.map(\.name).joined(separator: ",") == sample.headerNames)
        #expect(response.value(of: "server") == sample.server)
        #expect(!response.isBodyTruncated)
        if let length = response.value(of: "content-length").flatMap({ Int($0) }) { #expect(response.body.count == length) }
        if let fragment = sample.bodyContains {
            #expect(WebAnswerReader.bodyText(response.body, limit: response.body.count).contains(fragment))
        }
    }

    @Test func getStatusAnswerBecomesABodyObservation() throws {
        let response = try parse(SampleCorpus.bytes("netwave-get-status-200.http"), pieceSize: 1).get()
        let request = try #require(WebProbeRequest.all.first { $0.path == "/get_status.cgi" })
        #expect(request.method == "GET" && request.body == nil, "read-only, no credentials")
        var record = PortRecord(port: 80)
        WebAnswerReader.read(response, for: request, probe: request.probeName, maxBodyBytes: 1 << 18, into: &record)
        let body = try #require(record.value(of: .httpBody))
        #expect(body.hasPrefix("var id='00626E4A3CD0';\nvar sys_ver='11.37.2.49';\nvar app_ver='2.0.10.4';"))
    }

    @Test func getBrandAnswerBecomesABodyObservation() throws {
        let response = try parse(SampleCorpus.bytes("axis-getbrand-200.http"), pieceSize: 3).get()
        let request = try #require(WebProbeRequest.all.first { $0.path == "/axis-cgi/prod_brand_info/getbrand.cgi" })
        #expect(request.method == "GET" && request.body == nil)
        var record = PortRecord(port: 80)
        WebAnswerReader.read(response, for: request, probe: request.probeName, maxBodyBytes: 1 << 18, into: &record)
        #expect(record.value(of: .httpBody)?.contains("\"Brand\": \"AXIS\"") == true)
    }

    @Test func legacyAxisRootNamesItsLiveViewPage() throws {
        let response = try parse(SampleCorpus.bytes("axis-legacy-root-meta-refresh.http"), pieceSize: 1).get()
        let page = WebAnswerReader.bodyText(response.body, limit: response.body.count)
        #expect(MetaRefreshTarget.url(in: page) == "/view/viewer_index.shtml?id=1")
    }

    @Test(arguments: [
        (#"<meta http-equiv="refresh" content="0; URL=/camera/index.html" />"#, "/camera/index.html"),
        (#"<html><head><meta http-equiv="refresh" content="0; URL=/aca/index.html" /></head></html>"#, "/aca/index.html"),
        ("<META HTTP-EQUIV=Refresh CONTENT=0;url=/View/Index.shtml>", "/View/Index.shtml"),
        (#"<meta content="0; url='/x.html'" http-equiv="refresh">"#, "/x.html"),
    ])
    func metaRefreshTargets(_ page: String, _ target: String) {
        #expect(MetaRefreshTarget.url(in: page) == target)
    }

    @Test(arguments: [
        #"<meta http-equiv="Content-Type" content="text/html; charset=utf-8">"#,
        #"<meta http-equiv="refresh" content="30">"#,
        "<meta http-equiv=\"refresh\" content=\"0; URL=/" + String(repeating: "a", count: 600) + "\">",
        "<meta http-equiv=\"refresh\" content=\"0; URL=/unterminated",
        String(repeating: " ", count: 5000) + #"<meta http-equiv="refresh" content="0; URL=/late.html">"#,
    ])
    func noTargetWhenThereIsNoUsableRefresh(_ page: String) {
        #expect(MetaRefreshTarget.url(in: page) == nil)
    }
}
