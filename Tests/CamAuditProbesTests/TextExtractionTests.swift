import CamAuditCore
import Testing
@testable import CamAuditProbes

@Suite("Title, XML, banner and telnet text")
struct TextExtractionTests {
    @Test(arguments: [
        ("<html><head><title>index</title></head>", "index"),
        ("<TITLE lang=\"en\">\n  NETSurveillance   WEB \n</TITLE>", "NETSurveillance WEB"),
        ("<title>CPPLUS DVR &ndash;Web View</title>", "CPPLUS DVR \u{2013}Web View"),
        ("<title>A &amp; B &#39;C&#x27; &lt;x&gt;</title>", "A & B 'C' <x>"),
        ("<titlebar>no</titlebar><title>yes</title>", "yes"),
        ("<title>Überwachung</title>", "Überwachung"),
        ("<title></title>", ""),
        ("<title>never closed", "never closed"),
    ])
    func titles(_ html: String, _ expected: String) {
        #expect(HTMLTitleExtractor.title(in: html) == expected)
    }

    @Test func noTitle() {
        #expect(HTMLTitleExtractor.title(in: "<html><body>x</body></html>") == nil)
    }

    @Test func xmlTextWhateverThePrefix() {
        let xml = """
            <env:Envelope><env:Body><tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>
            <tt:UTCDateTime><tt:Time><tt:Hour>16</tt:Hour><tt:Minute>5</tt:Minute><tt:Second>9</tt:Second></tt:Time>
            <tt:Date><tt:Year>2020</tt:Year><tt:Month>5</tt:Month><tt:Day>14</tt:Day></tt:Date></tt:UTCDateTime>
            </tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse></env:Body></env:Envelope>
            """
        #expect(ONVIFAnswer.utcDateTime(in: xml) == "2020-05-14T16:05:09Z")
        #expect(XMLElementTextExtractor.text(of: "Year", in: "<Year>2021</Year>") == "2021")
        #expect(XMLElementTextExtractor.text(of: "a", in: "<a><![CDATA[x < y]]></a>") == "x < y")
        #expect(XMLElementTextExtractor.texts(of: "b", in: "<b/><b>1</b><x:b attr='2'>2</x:b>") == ["1", "2"])
        #expect(XMLElementTextExtractor.text(of: "a", in: "<a>never closed") == nil)
    }

    @Test func bannerEscapesNonPrintables() {
        #expect(BannerText.render([0, 0, 0, 0x10, 0x41, 0x0d, 0x0a, 0xff]) == "\\x00\\x00\\x00\\x10A\\x0d\\x0a\\xff")
        #expect(BannerText.render([UInt8](repeating: 0x41, count: 1000)).count == 256)
    }

    @Test func telnetNegotiationIsStripped() {
        // IAC DO ECHO, IAC WILL SGA, IAC SB TTYPE SEND IAC SE, then the Hikvision login prompt.
        let bytes: [UInt8] = [255, 253, 1, 255, 251, 3, 255, 250, 24, 1, 255, 240] + Array("192.0.0.64 login: ".utf8)
        #expect(TelnetNegotiationStripper.looksLikeTelnet(bytes))
        #expect(BannerText.render(TelnetNegotiationStripper.strip(bytes)) == "192.0.0.64 login: ")
        #expect(TelnetNegotiationStripper.strip([255, 255, 65, 255]) == [255, 65])
    }

    @Test func bannerSignatureFromTable() {
        #expect(BannerSignature.service(forBanner: [0, 0, 0, 0x10, 0, 0, 0, 0x1e, 0, 0, 0, 0x1e, 0, 0, 0, 0]) == "hikvision-sdk")
        #expect(BannerSignature.service(forBanner: Array("SSH-2.0".utf8)) == nil)
    }

    @Test func sameOriginRedirects() throws {
        let host = try #require(IPAddress("127.0.0.1"))
        #expect(HTTPRequestText.sameOriginPath("/index.asp", host: host, port: 80) == "/index.asp")
        #expect(HTTPRequestText.sameOriginPath("http://127.0.0.1:8080/doc/page/login.asp", host: host, port: 8080) == "/doc/page/login.asp")
        #expect(HTTPRequestText.sameOriginPath("http://127.0.0.1/x", host: host, port: 80) == "/x")
        #expect(HTTPRequestText.sameOriginPath("http://example.com/x", host: host, port: 80) == nil)
        #expect(HTTPRequestText.sameOriginPath("//example.com/x", host: host, port: 80) == nil)
    }
}
