// Reply samples for the discovery parsers, embedded as literals (not resources).
// None is a byte-for-byte device capture: each is rebuilt from the fields of a public sample,
// named beside it.

public enum DiscoverySamples {
    /// Hikvision ProbeMatch rebuilt from the one captured in a comment of Haicam/Haicam@307e0a3735f0
    /// golang/discovery.go: prefixes env:/d:/wsadis:, scopes in the captured order, MetadataVersion 10.
    public static let hikvisionProbeMatch = """
        <?xml version="1.0" encoding="UTF-8"?>
        <env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:wsadis="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">
        <env:Header><wsadis:MessageID>urn:uuid:0f1e2d3c-0000-4000-8000-5850ed1fe385</wsadis:MessageID>
        <wsadis:RelatesTo>uuid:6e0d5cb0-7a3c-4b2a-9f0e-000000000001</wsadis:RelatesTo>
        <wsadis:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsadis:Action></env:Header>
        <env:Body><d:ProbeMatches><d:ProbeMatch>
        <wsadis:EndpointReference><wsadis:Address>urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385</wsadis:Address></wsadis:EndpointReference>
        <d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>
        <d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/Profile/G onvif://www.onvif.org/Profile/T onvif://www.onvif.org/MAC/58:50:ed:1f:e3:85 onvif://www.onvif.org/hardware/DS-2CD2385G1-I onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I onvif://www.onvif.org/location/city/hangzhou</d:Scopes>
        <d:XAddrs>http://192.168.124.40/onvif/device_service http://[fe80::5a50:edff:fe1f:e385]/onvif/device_service</d:XAddrs>
        <d:MetadataVersion>10</d:MetadataVersion>
        </d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>
        """

    /// Dahua ProbeMatch rebuilt from the Hello quoted in cogini/onvif@e853bc14c100 lib/onvif/discovery.ex:
    /// bare `uuid:` EPR, MetadataVersion 1; written with `wsdd:` prefixes and CRLF between scopes; the `/1` on
    /// unique_identifier and Profile/T: lab assumption, no public sample.
    public static let dahuaProbeMatch =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" xmlns:wsdd=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\">"
        + "<SOAP-ENV:Body><wsdd:ProbeMatches><wsdd:ProbeMatch>"
        + "<wsa:EndpointReference><wsa:Address>uuid:d1a3c8f0-0000-0000-0000-3ce36b000001</wsa:Address></wsa:EndpointReference>"
        + "<wsdd:Types>dn:NetworkVideoTransmitter tds:Device</wsdd:Types>"
        + "<wsdd:Scopes>onvif://www.onvif.org/location/country/china\r\nonvif://www.onvif.org/name/Dahua\r\nonvif://www.onvif.org/hardware/IPC-HFW2228M-I1-V2 onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/type/Network_Video_Transmitter onvif://www.onvif.org/extension/unique_identifier/1 onvif://www.onvif.org/Profile/T</wsdd:Scopes>"
        + "<wsdd:XAddrs>http://192.168.1.108/onvif/device_service</wsdd:XAddrs>"
        + "<wsdd:MetadataVersion>1</wsdd:MetadataVersion>"
        + "</wsdd:ProbeMatch></wsdd:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>"

    /// The same kind of reply with no prefixes at all (default namespaces), as some OEM firmware writes
    /// it; the CP Plus name and hardware scopes: lab assumption, no public sample.
    public static let unprefixedProbeMatch = """
        <Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body>\
        <ProbeMatches xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery"><ProbeMatch>\
        <EndpointReference><Address>uuid:5f5a69c2-0000-0000-0000-000000000002</Address></EndpointReference>\
        <Types>NetworkVideoTransmitter</Types>\
        <Scopes>onvif://www.onvif.org/name/CPPLUS onvif://www.onvif.org/hardware/CP-UNC-DA21PL3-Y</Scopes>\
        <XAddrs>http://192.168.1.108/onvif/device_service</XAddrs><MetadataVersion>1</MetadataVersion>\
        </ProbeMatch></ProbeMatches></Body></Envelope>
        """

    /// SADP ProbeMatch in the element order and CRLF layout of UniversalScanner's `Hikvision.selftest`
    /// (julienblitte/UniversalScanner@fb7ae672dad9); values are synthetic like the source's; the serial form and the firmware
    /// string with no space before "build" as in the SADP ProbeMatch of Haicam/Haicam@307e0a3735f0 golang/discovery.go.
    public static let sadpProbeMatch = [
        #"<?xml version="1.0" encoding="UTF-8"?><ProbeMatch>"#,
        "<Uuid>7D8A4A67-0BF2-4C1A-9E8D-2F1A4B3C5D6E</Uuid>", "<Types>inquiry</Types>",
        "<DeviceType>138153</DeviceType>", "<DeviceDescription>DS-2CD2432F-IW</DeviceDescription>",
        "<DeviceSN>DS-2CD2432F-IW20150101AAWR123456</DeviceSN>", "<CommandPort>8000</CommandPort>",
        "<HttpPort>80</HttpPort>", "<MAC>44-19-b6-aa-bb-cc</MAC>", "<IPv4Address>192.168.1.64</IPv4Address>",
        "<IPv4SubnetMask>255.255.255.0</IPv4SubnetMask>", "<IPv4Gateway>192.168.1.1</IPv4Gateway>",
        "<IPv6Address>::</IPv6Address>", "<IPv6Gateway>::</IPv6Gateway>", "<IPv6MaskLen>64</IPv6MaskLen>",
        "<DHCP>false</DHCP>", "<AnalogChannelNum>0</AnalogChannelNum>", "<DigitalChannelNum>1</DigitalChannelNum>",
        "<SoftwareVersion>V5.3.0build 150513</SoftwareVersion>", "<DSPVersion>V5.0, build 150513</DSPVersion>",
        "<BootTime>2015-05-20 10:00:00</BootTime>", "<ResetAbility>false</ResetAbility>",
        "<DiskNumber>0</DiskNumber>", "<Activated>false</Activated>",
        "<PasswordResetAbility>true</PasswordResetAbility>", "<PasswordResetModeSecond>true</PasswordResetModeSecond>",
        "<SupportHCPlatform>true</SupportHCPlatform>", "<HCPlatformEnable>false</HCPlatformEnable>",
        "<IsModifyVerificationCode>false</IsModifyVerificationCode>", "</ProbeMatch>",
    ].joined(separator: "\r\n")

    /// DHDiscover reply JSON with the fields of the capture in Phenomite/AMP-Research@15261f5f89fd
    /// 'DVR IP Camera port 37810/README.md' (spaces around colons, `\/` escapes), laid out over several lines.
    public static let dahuaNotifyDevInfo = """
        {
           "mac" : "4c:11:bf:c2:0b:9d",
           "method" : "client.notifyDevInfo",
           "params" : {
              "deviceInfo" : {
                 "AlarmInputChannels" : 0,
                 "AlarmOutputChannels" : 0,
                 "DeviceClass" : "IPC",
                 "DeviceType" : "IPC-HDW5421S",
                 "HttpPort" : 80,
                 "IPv4Address" : {
                    "DefaultGateway" : "192.168.1.1",
                    "DhcpEnable" : false,
                    "IPAddress" : "192.168.1.108",
                    "SubnetMask" : "255.255.255.0"
                 },
                 "IPv6Address" : {
                    "DefaultGateway" : "",
                    "DhcpEnable" : false,
                    "IPAddress" : "\\/64",
                    "LinkLocalAddress" : "fe80::4e11:bfff:fec2:b9d\\/64"
                 },
                 "MachineName" : "1F006E4PAX00075",
                 "Manufacturer" : "Private",
                 "Port" : 37777,
                 "RemoteVideoInputChannels" : 0,
                 "SerialNo" : "1F006E4PAX00075",
                 "Vendor" : "Dahua",
                 "Version" : "2.400.0.8",
                 "VideoInputChannels" : 1,
                 "VideoOutputChannels" : 16
              }
           }
        }
        """

    public static func label(_ text: String) -> [UInt8] { [UInt8(text.utf8.count)] + Array(text.utf8) }
    public static func word(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    /// An answer as an Axis camera sends it (values from julienblitte/UniversalScanner@fb7ae672dad9 UniversalScanner/Axis.selftest),
    /// with compressed names:
    /// PTR `_axis-video._tcp.local` -> `AXIS M5014 - ACCC8E3C0419.<service>`, then TXT, SRV and A.
    public static let axisMDNSAnswer: [UInt8] = {
        var bytes = word(0) + word(0x8400) + word(0) + word(1) + word(0) + word(3)
        // Offset 12: the service name; "local" sits at 12 + 1 + 11 + 1 + 4 = 29.
        bytes += label("_axis-video") + label("_tcp") + label("local") + [0]
        let instanceLabel = label("AXIS M5014 - ACCC8E3C0419")
        bytes += word(0x0C) + word(1) + word(0) + word(4500) + word(instanceLabel.count + 2)
        let instanceOffset = bytes.count
        bytes += instanceLabel + [0xC0, 12]
        let text = label("macaddress=ACCC8E3C0419") + label("path=/")
        bytes += [0xC0, UInt8(instanceOffset)] + word(16) + word(0x8001) + word(0) + word(4500) + word(text.count) + text
        let host = label("axis-accc8e3c0419")
        let hostOffset = bytes.count + 2 + 10 + 6
        bytes += [0xC0, UInt8(instanceOffset)] + word(33) + word(0x8001) + word(0) + word(120) + word(6 + host.count + 2)
        bytes += word(0) + word(0) + word(80) + host + [0xC0, 29]
        bytes += [0xC0, UInt8(hostOffset)] + word(1) + word(0x8001) + word(0) + word(120) + word(4) + [192, 0, 2, 10]
        return bytes
    }()
}
