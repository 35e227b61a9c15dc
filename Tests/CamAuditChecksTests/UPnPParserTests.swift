import CamAuditChecks
import CamAuditCore
import Testing

/// The description, SOAP and URL readers fed real-shaped samples whole, byte by byte (every prefix) and malformed.
@Suite struct UPnPParserTests {
    /// Shaped like a MiniUPnPd IGD:1 root description (UPnP Device Architecture 1.0 §2.1): three nested devices.
    static let miniupnpdDescription = """
        <?xml version="1.0"?>
        <root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>\
        <device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType><friendlyName>OpenWrt router</friendlyName>\
        <manufacturer>OpenWrt</manufacturer><modelName>OpenWrt router</modelName><UDN>uuid:aa85c000-6324-11b3-819e-02cafe000001</UDN>\
        <serviceList><service><serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType>\
        <serviceId>urn:upnp-org:serviceId:L3Forwarding1</serviceId><controlURL>/ctl/L3F</controlURL><eventSubURL>/evt/L3F</eventSubURL>\
        <SCPDURL>/L3F.xml</SCPDURL></service></serviceList><deviceList><device>\
        <deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType><friendlyName>WANDevice</friendlyName><serviceList><service>\
        <serviceType>urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1</serviceType><serviceId>urn:upnp-org:serviceId:WANCommonIFC1</serviceId>\
        <controlURL>/ctl/CmnIfCfg</controlURL><eventSubURL>/evt/CmnIfCfg</eventSubURL><SCPDURL>/WANCfg.xml</SCPDURL></service></serviceList>\
        <deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType><serviceList><service>\
        <serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType><serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>\
        <controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL><SCPDURL>/WANIPCn.xml</SCPDURL></service></serviceList>\
        </device></deviceList></device></deviceList><presentationURL>http://127.0.0.1/</presentationURL></device></root>

        """

    /// Shaped like a DSL router's IGD:2 description with URLBase and a PPP connection (prefixed tags, CRLF).
    static let pppDescription =
        "<?xml version=\"1.0\"?>\r\n<u:root xmlns:u=\"urn:schemas-upnp-org:device-1-0\">\r\n"
        + "<u:URLBase>http://127.0.0.1:49000/</u:URLBase>\r\n<u:device><u:deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:2</u:deviceType>\r\n"
        + "<u:deviceList><u:device><u:deviceList><u:device><u:serviceList>\r\n"
        + "<u:service><u:serviceType>urn:schemas-upnp-org:service:WANPPPConnection:1</u:serviceType>"
        + "<u:controlURL>igdupnp/control/WANPPPConn1</u:controlURL></u:service>\r\n"
        + "<u:service><u:serviceType>urn:schemas-upnp-org:service:WANIPConnection:2</u:serviceType>"
        + "<u:controlURL>/igdupnp/control/WANIPConn1</u:controlURL></u:service>\r\n"
        + "</u:serviceList></u:device></u:deviceList></u:device></u:deviceList></u:device></u:root>\r\n"

    static let entryAnswer =
        "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
        + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>"
        + "<u:GetGenericPortMappingEntryResponse xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\">"
        + "<NewRemoteHost></NewRemoteHost><NewExternalPort>8554</NewExternalPort><NewProtocol>TCP</NewProtocol>"
        + "<NewInternalPort>554</NewInternalPort><NewInternalClient>127.0.0.2</NewInternalClient><NewEnabled>1</NewEnabled>"
        + "<NewPortMappingDescription>camera &amp; rtsp</NewPortMappingDescription><NewLeaseDuration>0</NewLeaseDuration>"
        + "</u:GetGenericPortMappingEntryResponse></s:Body></s:Envelope>\r\n"

    static let faultAnswer =
        "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
        + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><s:Fault><faultcode>s:Client</faultcode>"
        + "<faultstring>UPnPError</faultstring><detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>713</errorCode>"
        + "<errorDescription>SpecifiedArrayIndexInvalid</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>\r\n"

    static let expectedMapping = PortMapping(
        index: 0, externalPort: 8554, protocol: "TCP", internalClient: "127.0.0.2", internalPort: 554,
        enabled: true, description: "camera & rtsp", leaseDuration: 0)

    static func prefixes(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return (0..<bytes.count).map { String(decoding: bytes[0..<$0], as: UTF8.self) }
    }

    static func mapping(from answer: UPnPSOAPAnswer) -> PortMapping? {
        guard case .values(let values) = answer else { return nil }
        return try? PortMapping.fromEntry(values, index: 0)
    }

    @Test func miniupnpdDescriptionLeadsToTheIPConnectionControlURL() throws {
        let description = IGDDescription.parse(Self.miniupnpdDescription)
        #expect(description.isInternetGateway)
        #expect(description.services.count == 3)
        #expect(
            description.connectionServices == [
                .init(serviceType: "urn:schemas-upnp-org:service:WANIPConnection:1", controlURL: "/ctl/IPConn")
            ])
        let location = try UPnPLocation(parsing: "http://127.0.0.1:5000/rootDesc.xml")
        #expect(try location.resolving("/ctl/IPConn").description == "http://127.0.0.1:5000/ctl/IPConn")
    }

    @Test func everyPrefixOfTheDescriptionGivesNothingOrTheRightService() throws {
        let full = IGDDescription.parse(Self.miniupnpdDescription).connectionServices
        var complete = 0
        for prefix in Self.prefixes(Self.miniupnpdDescription) {
            let services = IGDDescription.parse(prefix).connectionServices
            #expect(services.isEmpty || services == full, "prefix of \(prefix.utf8.count) bytes gave \(services)")
            if services == full { complete += 1 }
        }
        // Cutting the closing </service> of the WANIPConnection block (or anything before it) loses the service.
        let cut = String(
            Self.miniupnpdDescription.prefix(upTo: try #require(Self.miniupnpdDescription.range(of: "/ctl/IPConn")).upperBound))
        #expect(IGDDescription.parse(cut).connectionServices.isEmpty)
        #expect(complete > 0)
    }

    @Test func prefixedIGD2DescriptionPrefersIPConnection2AndResolvesAgainstURLBase() throws {
        let description = IGDDescription.parse(Self.pppDescription)
        #expect(description.isInternetGateway)
        #expect(
            description.connectionServices.map(\.serviceType) == [
                "urn:schemas-upnp-org:service:WANIPConnection:2", "urn:schemas-upnp-org:service:WANPPPConnection:1",
            ])
        let location = try UPnPLocation(parsing: "http://127.0.0.1:49000/igddesc.xml")
        let base = try location.resolving(try #require(description.urlBase))
        #expect(try base.resolving("igdupnp/control/WANPPPConn1").path == "/igdupnp/control/WANPPPConn1")
        #expect(try location.resolving("sub/ctl").path == "/sub/ctl")
    }

    @Test(arguments: ["//127.0.0.9/ctl", "/ctl\r\nX: 1", "/ctl with space", "http://router.example/ctl", ""])  // data: examples
    func controlURLsThatBreakTheRequestOrNeedANameAreRefused(reference: String) throws {
        let location = try UPnPLocation(parsing: "http://127.0.0.1:5000/rootDesc.xml")
        #expect(throws: InternetExposureError.self) { try location.resolving(reference) }
    }

    /// A router that names another address (another interface, or the one it had) is still read where it
    /// answered: only the port and path of the absolute URL are kept, so no request goes to the named host.
    @Test func anAbsoluteControlURLOnAnotherHostKeepsOnlyItsPortAndPath() throws {
        let location = try UPnPLocation(parsing: "http://127.0.0.1:5000/rootDesc.xml")
        let resolved = try location.resolving("http://192.0.2.1:49152/ctl/IPConn")  // data: a documentation address, never contacted
        #expect(resolved.description == "http://127.0.0.1:49152/ctl/IPConn")
    }

    @Test func entryAnswerGivesTheMappingAndEveryPrefixGivesItOrNothing() {
        let whole = UPnPSOAPAnswer.parse(
            status: 200, body: Self.entryAnswer, action: "GetGenericPortMappingEntry", arguments: PortMapping.entryArguments)
        #expect(Self.mapping(from: whole) == Self.expectedMapping)
        for prefix in Self.prefixes(Self.entryAnswer) {
            let answer = UPnPSOAPAnswer.parse(
                status: 200, body: prefix, action: "GetGenericPortMappingEntry", arguments: PortMapping.entryArguments)
            if case .malformed = answer { continue }
            #expect(Self.mapping(from: answer) == Self.expectedMapping, "prefix of \(prefix.utf8.count) bytes gave \(answer)")
        }
    }

    @Test func faultAnswerEndsTheTableAndNoPrefixLooksLikeAMapping() {
        let whole = UPnPSOAPAnswer.parse(
            status: 500, body: Self.faultAnswer, action: "GetGenericPortMappingEntry", arguments: PortMapping.entryArguments)
        #expect(whole == .fault(code: 713, description: "SpecifiedArrayIndexInvalid"))
        for prefix in Self.prefixes(Self.faultAnswer) {
            let answer = UPnPSOAPAnswer.parse(
                status: 500, body: prefix, action: "GetGenericPortMappingEntry", arguments: PortMapping.entryArguments)
            if case .values = answer { Issue.record("prefix of \(prefix.utf8.count) bytes read as a mapping") }
        }
        #expect(UPnPSOAPAnswer.parse(status: 404, body: "<html>no</html>", action: "X", arguments: []) == .httpError(404))
        #expect(UPnPSOAPAnswer.parse(status: 200, body: "<html>busy</html>", action: "X", arguments: []) != .values([:]))
    }

    @Test(arguments: [
        ("NewExternalPort", "65536"), ("NewExternalPort", "eighty"), ("NewProtocol", "ICMP"), ("NewInternalPort", "0"),
        ("NewInternalPort", ""), ("NewInternalClient", ""), ("NewEnabled", "maybe"), ("NewLeaseDuration", "-1"),
        ("NewInternalClient", String(repeating: "1", count: 100)),
    ])
    func malformedFieldsMakeAMalformedEntry(field: String, value: String) {
        guard
            case .values(var values) = UPnPSOAPAnswer.parse(
                status: 200, body: Self.entryAnswer, action: "GetGenericPortMappingEntry",
                arguments: PortMapping.entryArguments)
        else {
            Issue.record("sample did not parse")
            return
        }
        values[field] = value
        #expect(throws: InternetExposureError.self) { try PortMapping.fromEntry(values, index: 4) }
    }

    @Test func hostileRepetitionStaysBounded() {
        // 16 KB of unclosed argument tags (the size cap of one answer) must parse quickly to "malformed".
        let hostile = "<u:GetGenericPortMappingEntryResponse>" + String(repeating: "<NewInternalClient>", count: 16 * 1024 / 19)
        let clock = ContinuousClock()
        let start = clock.now
        let answer = UPnPSOAPAnswer.parse(
            status: 200, body: hostile, action: "GetGenericPortMappingEntry", arguments: PortMapping.entryArguments)
        if case .values = answer { Issue.record("an unclosed response read as values") }
        #expect(clock.now - start < .seconds(2))
    }

    @Test func hostileDescriptionStaysBounded() {
        // 64 KB (the description cap) of unclosed <service> elements, then many closed empty ones: bounded, nothing usable.
        let unclosed = String(repeating: "<service><serviceType>urn:schemas-upnp-org:service:WANIPConnection:1", count: 64 * 1024 / 70)
        let empty = String(repeating: "<service></service>", count: 64 * 1024 / 19)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(IGDDescription.parse(unclosed).connectionServices.isEmpty)
        #expect(IGDDescription.parse(empty).services.isEmpty)
        #expect(clock.now - start < .seconds(2))
    }

    @Test(arguments: [
        ("http://127.0.0.1:5000/rootDesc.xml", "127.0.0.1", UInt16(5000), "/rootDesc.xml"),
        ("http://127.0.0.1/", "127.0.0.1", UInt16(80), "/"),
        ("http://127.0.0.1", "127.0.0.1", UInt16(80), "/"),
        ("HTTP://[::1]:1900/desc.xml?x=1", "::1", UInt16(1900), "/desc.xml?x=1"),
    ])
    func locationsParse(text: String, host: String, port: UInt16, path: String) throws {
        let location = try UPnPLocation(parsing: text)
        #expect(location.host == IPAddress(host) && location.port == port && location.path == path)
    }
}
