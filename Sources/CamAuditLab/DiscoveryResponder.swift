import Foundation

/// Turns one discovery datagram sent to an emulated device into the datagram that device sends back.
///
/// Pure: no sockets, so each protocol's quirks are testable byte for byte. Values come from the
/// profile's `identity`, `onvif` and `discovery` objects; the wire layout follows the public sources that each
/// profile's `discovery.source` names.
struct DiscoveryResponder: Sendable {
    /// The UDP discovery protocols the lab speaks, by their well-known ports.
    enum Service: UInt16, Sendable, CaseIterable {
        case wsDiscovery = 3702
        case ssdp = 1900
        case sadp = 37020
        case dhDiscover = 37810
        case mdns = 5353
    }

    let profile: DeviceProfile
    let address: String
    let httpPort: UInt16
    /// Placeholder values for `fill`: `identity` plus the derived keys documented on `DiscoveryProfile`.
    let values: [String: String]

    init(profile: DeviceProfile, address: String, httpPort: UInt16) {
        self.profile = profile
        self.address = address
        self.httpPort = httpPort
        var values = profile.identity
        let mac = profile.identity["mac"] ?? "00:00:00:00:00:00"
        let hexDigits = mac.filter(\.isHexDigit)
        values["address"] = address
        values["httpPort"] = String(httpPort)
        values["macDashed"] = mac.lowercased().replacingOccurrences(of: ":", with: "-")
        values["macUpper"] = hexDigits.uppercased()
        values["macLower"] = hexDigits.lowercased()
        // A stable per-device UUID whose last 12 digits are the MAC, as Hikvision's WS-Discovery EPR is.
        values["uuid"] = "aa85c000-6324-11b3-819e-\(hexDigits.lowercased().padding(toLength: 12, withPad: "0", startingAt: 0))"
        self.values = values
    }

    /// The services this device answers; empty for devices that do no discovery.
    var services: [Service] {
        let discovery = profile.discovery
        if discovery?.malformed == true { return Service.allCases }
        if discovery?.malformedXML == true { return [.wsDiscovery, .ssdp, .sadp] }
        var services: [Service] = []
        if discovery?.wsDiscovery != nil || profile.onvif != nil { services.append(.wsDiscovery) }
        if discovery?.ssdp != nil { services.append(.ssdp) }
        if discovery?.sadp != nil { services.append(.sadp) }
        if discovery?.dhDiscover != nil { services.append(.dhDiscover) }
        if discovery?.mdns != nil { services.append(.mdns) }
        return services
    }

    /// The reply to `datagram` received on `service`'s port, or nil when the device stays silent.
    func answer(_ datagram: [UInt8], on service: Service) -> [UInt8]? {
        if profile.discovery?.malformed == true { return malformedAnswer(datagram, on: service) }
        if profile.discovery?.malformedXML == true { return malformedXMLAnswer(on: service) }
        switch service {
        case .sadp: return sadpAnswer(datagram)
        case .dhDiscover: return dhDiscoverAnswer(datagram)
        case .wsDiscovery: return wsDiscoveryAnswer(datagram)
        case .ssdp: return ssdpAnswer(datagram)
        case .mdns: return mdnsAnswer(datagram)
        }
    }

    func fill(_ text: String) -> String {
        ReplyTemplate(values: values, issueNonce: { _ in "" }).fill(text)
    }

    private static func text(_ datagram: [UInt8]) -> String? {
        guard datagram.count <= 65_535 else { return nil }
        return String(decoding: datagram, as: UTF8.self)
    }

    private static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"),
            let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    private static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    // MARK: - SADP (UDP 37020)

    private func sadpAnswer(_ datagram: [UInt8]) -> [UInt8]? {
        guard let sadp = profile.discovery?.sadp, let text = Self.text(datagram),
            text.contains("<Probe>"), Self.element("Types", in: text)?.lowercased() == "inquiry"
        else { return nil }
        let uuid = Self.element("Uuid", in: text) ?? ""
        let fields: [(String, String)] = [
            ("Uuid", Self.xmlEscaped(uuid)),
            ("Types", "inquiry"),
            ("DeviceType", sadp.deviceType),
            ("DeviceDescription", fill("{model}")),
            ("DeviceSN", fill("{serial}")),
            ("CommandPort", "8000"),
            ("HttpPort", String(httpPort)),
            ("MAC", values["macDashed"] ?? ""),
            ("IPv4Address", address),
            ("IPv4SubnetMask", "255.0.0.0"),
            ("IPv4Gateway", "0.0.0.0"),
            ("IPv6Address", "::"),
            ("IPv6Gateway", "::"),
            ("IPv6MaskLen", "64"),
            ("DHCP", "false"),
            ("AnalogChannelNum", String(sadp.analogChannels ?? 0)),
            ("DigitalChannelNum", String(sadp.digitalChannels ?? 1)),
            ("SoftwareVersion", fill(sadp.softwareVersion)),
            ("DSPVersion", fill(sadp.dspVersion)),
            ("BootTime", "2026-11-01 08:00:00"),
            ("ResetAbility", "false"),
            ("DiskNumber", "0"),
            ("Activated", sadp.activated ? "true" : "false"),
            ("PasswordResetAbility", "true"),
            ("PasswordResetModeSecond", "true"),
            ("SupportHCPlatform", "true"),
            ("HCPlatformEnable", "false"),
            ("IsModifyVerificationCode", "false"),
        ]
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ProbeMatch>\r\n"
        for (name, value) in fields { xml += "<\(name)>\(value)</\(name)>\r\n" }
        xml += "</ProbeMatch>\r\n"
        return Array(xml.utf8)
    }

    // MARK: - DHDiscover (UDP 37810)

    /// The 32-byte DHIP header: LE32 0x20, `DHIP`, 8 zero bytes, LE64 length twice.
    static func dhipHeader(length: UInt64, magic: String = "DHIP") -> [UInt8] {
        var header: [UInt8] = [0x20, 0, 0, 0] + Array(magic.utf8) + [UInt8](repeating: 0, count: 8)
        for _ in 0..<2 { for shift in stride(from: 0, to: 64, by: 8) { header.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) } }
        return header
    }

    private func dhDiscoverAnswer(_ datagram: [UInt8]) -> [UInt8]? {
        // Real units ignore bare JSON and answer only the framed request (rroller/dahua discovery.py docstring).
        guard let dh = profile.discovery?.dhDiscover, datagram.count > 32,
            Array(datagram[4..<8]) == Array("DHIP".utf8)
        else { return nil }
        var length: UInt64 = 0
        for index in 0..<8 { length |= UInt64(datagram[16 + index]) << UInt64(8 * index) }
        guard length == UInt64(datagram.count - 32),
            String(decoding: datagram[32...], as: UTF8.self).contains("DHDiscover.search")
        else { return nil }
        let mac = (profile.identity["mac"] ?? "").lowercased()
        func quoted(_ text: String) -> String {
            "\""
                + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "/", with: "\\/") + "\""
        }
        // Pretty-printed with spaces around ':' and '/' escaped, as the captured reply is
        // (Phenomite/AMP-Research, DVR IP Camera port 37810).
        let serial = fill("{serial}")
        let deviceClass = quoted(dh.deviceClass)
        let json = """
            {
               "mac" : \(quoted(mac)),
               "method" : "client.notifyDevInfo",
               "params" : {
                  "deviceInfo" : {
                     "AlarmInputChannels" : 0,
                     "AlarmOutputChannels" : 0,
                     "DeviceClass" : \(deviceClass),
                     "DeviceType" : \(quoted(fill("{model}"))),
                     "HttpPort" : \(httpPort),
                     "IPv4Address" : {
                        "DefaultGateway" : "0.0.0.0",
                        "DhcpEnable" : false,
                        "IPAddress" : \(quoted(address)),
                        "SubnetMask" : "255.0.0.0"
                     },
                     "MachineName" : \(quoted(serial)),
                     "Manufacturer" : \(quoted(dh.manufacturer ?? "Private")),
                     "Port" : 37777,
                     "RemoteVideoInputChannels" : 0,
                     "SerialNo" : \(quoted(serial)),
                     "Vendor" : \(quoted(fill(dh.vendor))),
                     "Version" : \(quoted(fill(dh.version))),
                     "VideoInputChannels" : 1,
                     "VideoOutputChannels" : 0
                  }
               }
            }

            """
        let body = Array(json.utf8)
        return Self.dhipHeader(length: UInt64(body.count)) + body
    }

    // MARK: - WS-Discovery (UDP 3702)

    private func wsDiscoveryAnswer(_ datagram: [UInt8]) -> [UInt8]? {
        guard let text = Self.text(datagram), text.contains("Probe"),
            text.contains("http://schemas.xmlsoap.org/ws/2005/04/discovery")
        else { return nil }
        // A probe that restricts Types to something other than a camera or ONVIF device gets no match.
        if let types = Self.taggedValue("Types", in: text), !types.isEmpty,
            !types.contains("NetworkVideoTransmitter"), !types.contains("Device")
        {
            return nil
        }
        let messageID = Self.taggedValue("MessageID", in: text) ?? ""
        let ws = profile.discovery?.wsDiscovery
        let scopes =
            (ws?.scopes ?? [
                "onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/Profile/Streaming",
                "onvif://www.onvif.org/MAC/{mac}", "onvif://www.onvif.org/hardware/{model}",
                "onvif://www.onvif.org/name/\(profile.onvif?.manufacturer ?? "ONVIF")",
            ]).map { Self.xmlEscaped(fill($0)) }.joined(separator: " ")
        let endpoint = Self.xmlEscaped(fill(ws?.endpoint ?? "urn:uuid:{uuid}"))
        let types = Self.xmlEscaped(ws?.types ?? "dn:NetworkVideoTransmitter tds:Device")
        let xaddrs = "http://\(address):\(httpPort)/onvif/device_service"
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:wsadis="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><env:Header><wsadis:MessageID>urn:uuid:\(UUID().uuidString.lowercased())</wsadis:MessageID><wsadis:RelatesTo>\(Self.xmlEscaped(messageID))</wsadis:RelatesTo><wsadis:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsadis:To><wsadis:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsadis:Action></env:Header><env:Body><d:ProbeMatches><d:ProbeMatch><wsadis:EndpointReference><wsadis:Address>\(endpoint)</wsadis:Address></wsadis:EndpointReference><d:Types>\(types)</d:Types><d:Scopes>\(scopes)</d:Scopes><d:XAddrs>\(xaddrs)</d:XAddrs><d:MetadataVersion>\(ws?.metadataVersion ?? 10)</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>
            """
        return Array(xml.utf8)
    }

    /// The text of the first element whose local name is `name`, whatever its prefix.
    private static func taggedValue(_ name: String, in text: String) -> String? {
        var search = text.startIndex..<text.endIndex
        while let open = text.range(of: name, range: search) {
            search = open.upperBound..<text.endIndex
            // The name must follow '<' or ':' and be followed by '>' or whitespace.
            guard open.lowerBound > text.startIndex else { continue }
            let before = text[text.index(before: open.lowerBound)]
            guard before == "<" || before == ":", let tagEnd = text[open.upperBound...].firstIndex(of: ">") else { continue }
            let between = text[open.upperBound..<tagEnd]
            guard between.isEmpty || between.first?.isWhitespace == true else { continue }
            if text[text.index(before: tagEnd)] == "/" { return "" }
            let contentStart = text.index(after: tagEnd)
            guard let close = text[contentStart...].firstIndex(of: "<") else { return nil }
            return text[contentStart..<close].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }

    // MARK: - SSDP

    private func ssdpAnswer(_ datagram: [UInt8]) -> [UInt8]? {
        guard let ssdp = profile.discovery?.ssdp, let text = Self.text(datagram),
            text.hasPrefix("M-SEARCH * HTTP/1.1\r\n")
        else { return nil }
        var searchTarget: String?
        for line in text.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingCharacters(in: .whitespaces).uppercased() == "ST" {
                searchTarget = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        guard let target = searchTarget else { return nil }
        let uuid = fill("{uuid}")
        let st: String
        switch target {
        case "ssdp:all", "upnp:rootdevice": st = "upnp:rootdevice"
        case ssdp.deviceType: st = ssdp.deviceType
        case "uuid:\(uuid)": st = target
        default: return nil
        }
        let reply =
            "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nDATE: \(WireDate.http())\r\nEXT:\r\n"
            + "LOCATION: \(descriptionURL(ssdp))\r\nSERVER: \(fill(ssdp.server))\r\nST: \(st)\r\n"
            + "USN: uuid:\(uuid)::\(st)\r\n\r\n"
        return Array(reply.utf8)
    }

    func descriptionURL(_ ssdp: DiscoveryProfile.SSDP) -> String {
        "http://\(address):\(httpPort)\(ssdp.descriptionPath)"
    }

    /// The UPnP device description XML the SSDP `LOCATION` points at.
    func deviceDescription(_ ssdp: DiscoveryProfile.SSDP) -> String {
        func element(_ name: String, _ value: String?) -> String {
            guard let value else { return "" }
            return "<\(name)>\(Self.xmlEscaped(fill(value)))</\(name)>\n"
        }
        return "<?xml version=\"1.0\"?>\n<root xmlns=\"urn:schemas-upnp-org:device-1-0\">\n"
            + "<specVersion><major>1</major><minor>0</minor></specVersion>\n<device>\n"
            + element("deviceType", ssdp.deviceType) + element("friendlyName", ssdp.friendlyName)
            + element("manufacturer", ssdp.manufacturer) + element("manufacturerURL", ssdp.manufacturerURL)
            + element("modelDescription", ssdp.modelDescription) + element("modelName", ssdp.modelName)
            + element("modelNumber", ssdp.modelNumber) + element("serialNumber", ssdp.serialNumber)
            + element("UDN", "uuid:{uuid}")
            + element("presentationURL", "http://{address}:{httpPort}/")
            + (ssdp.embeddedXML.map { fill($0) + "\n" } ?? "")
            + "</device>\n</root>\n"
    }

    // MARK: - Hostile

    /// Hostile XML in well-framed answers: a WS-Discovery envelope whose scopes are a billion-laughs entity, an SSDP
    /// answer (not XML, but its SERVER holds bytes that are not UTF-8) whose LOCATION is the device's own description
    /// (served by its `malformed-xml` route), and a SADP answer nested thousands of elements deep.
    private func malformedXMLAnswer(on service: Service) -> [UInt8]? {
        switch service {
        case .wsDiscovery:
            return MalformedXML.billionLaughs.document(element: "d:Scopes", budget: MalformedXML.datagramBudget)
        case .sadp:
            return MalformedXML.deepNesting.document(element: "DeviceDescription", wrapper: .sadp, budget: MalformedXML.datagramBudget)
        case .ssdp:
            let head =
                "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: http://\(address):\(httpPort)/rootDesc.xml\r\nSERVER: "
            let tail = "\r\nST: upnp:rootdevice\r\nUSN: uuid:\(fill("{uuid}"))::upnp:rootdevice\r\n\r\n"
            return Array(head.utf8) + [0xFF, 0xFE, 0xC0, 0xAF] + Array("Linux UPnP/1.0".utf8) + [0xED, 0xA0, 0x80] + Array(tail.utf8)
        case .dhDiscover, .mdns:
            return nil
        }
    }

    /// Broken answers a robust discoverer must survive: truncated XML, a wrong DHIP magic with a huge
    /// length, a WS-Discovery envelope cut mid-tag, an SSDP reply pointing at another host, and an
    /// mDNS answer whose PTR name is a compression pointer to itself.
    private func malformedAnswer(_ datagram: [UInt8], on service: Service) -> [UInt8]? {
        switch service {
        case .sadp:
            return Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ProbeMatch>\r\n<Uuid>x</Uuid>\r\n<DeviceDescription>DS-2CD".utf8)
        case .dhDiscover:
            return Self.dhipHeader(length: UInt64.max / 2, magic: "PIHD")
                + Array("{\"method\":\"client.notifyDevInfo\",\"params\":{\"deviceInfo\":{\"DeviceType\":\"FAKE".utf8)
        case .wsDiscovery:
            return Array(
                "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body><d:ProbeMatches><d:ProbeMatch><d:Scopes>onvif://www.onvif.org/hardware/FAKE"
                    .utf8)
                + [UInt8](repeating: 0x3c, count: 2000)
        case .ssdp:
            return Array(
                ("HTTP/1.1 200 OK\r\nLOCATION: http://127.254.254.254:1/evil.xml\r\nSERVER: " + String(repeating: "A", count: 3000)
                    + "\r\nST: upnp:rootdevice\r\n").utf8)
        case .mdns:
            // Header: response, one answer; the owner name at offset 12 is a pointer to offset 12.
            return [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xC0, 12, 0, 12, 0, 1, 0, 0, 0, 10, 0, 2, 0xC0, 12]
        }
    }
}
