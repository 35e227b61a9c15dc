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

    /// Regression (issue 14, hostile scale): a leaf element opened thousands of times inside itself gave one text
    /// per level, each running to the first close (about 0.5 GB of strings from a 240 KB ONVIF answer), and every
    /// unclosed open tag read the rest of the answer (time quadratic in its size).
    @Test func nestedAndUnclosedTagFloodsStayLinear() {
        let depth = 6000
        let nested =
            "<env:Body>" + String(repeating: "<tds:Manufacturer>", count: depth) + "x"
            + String(repeating: "</tds:Manufacturer>", count: depth) + "</env:Body>"
        let texts = XMLElementTextExtractor.texts(of: "Manufacturer", in: nested)
        #expect(texts.count == 1)
        #expect(texts.reduce(0) { $0 + $1.utf8.count } <= nested.utf8.count)
        #expect(XMLElementTextExtractor.texts(of: "b", in: "<b>1<b>2</b></b><b>3</b>") == ["1<b>2", "3"])
        // The ONVIF reader takes no markup for a value, and keeps values short.
        #expect(ONVIFAnswer.deviceInformation(in: nested) == nil)
        let long = "<tds:Manufacturer>\(String(repeating: "M", count: 1000))</tds:Manufacturer><tds:Model>X</tds:Model>"
        #expect(
            ONVIFAnswer.deviceInformation(in: long)
                == "Manufacturer=\(String(repeating: "M", count: 128));Model=X;FirmwareVersion=;SerialNumber=;HardwareId=")

        let unclosed = String(repeating: "<tds:Manufacturer>", count: 13_000)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(XMLElementTextExtractor.text(of: "Manufacturer", in: unclosed) == nil)
        #expect(ONVIFAnswer.deviceInformation(in: unclosed) == nil)
        #expect(clock.now - start < .seconds(2), "13,000 unclosed tags took \(clock.now - start)")
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
