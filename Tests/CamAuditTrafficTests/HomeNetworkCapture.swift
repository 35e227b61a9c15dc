import Foundation

/// A home LAN as a capture shows it, written in code so every expectation is known:
/// - a Hikvision camera (192.168.1.64, Hikvision OUI) that announces itself (WS-Discovery Hello, SSDP NOTIFY),
///   gets its address by DHCP (udhcp), looks up and talks to Hik-Connect, registers with a CS2 broker,
///   opens one connection to an unnamed host, pushes video-sized data to an EZVIZ relay it looked up, and serves RTSP to the phone;
/// - the owner's phone (192.168.1.23, randomised MAC, android-dhcp-13) running the app: it probes for
///   cameras, pulls RTSP from the camera, reaches the EZVIZ app API, downloads from the same relay and
///   browses 24 other internet hosts;
/// - an Axis camera (192.168.1.70) seen only through its DHCP vendor class: nothing leaves the network;
/// - a host (192.168.1.99) with one unnamed internet destination and nothing else to go by.
/// The relay, cloud and broker use documentation addresses; the capture is never sent anywhere.
enum HomeNetworkCapture {
    typealias F = FrameBuilder
    static let camera: [UInt8] = [192, 168, 1, 64]
    static let phone: [UInt8] = [192, 168, 1, 23]
    static let axis: [UInt8] = [192, 168, 1, 70]
    static let mystery: [UInt8] = [192, 168, 1, 99]
    static let router: [UInt8] = [192, 168, 1, 1]
    static let relay: [UInt8] = [203, 0, 113, 50]
    static let appAPI: [UInt8] = [203, 0, 113, 80]
    static let unnamed: [UInt8] = [198, 51, 100, 200]
    static let unnamed2: [UInt8] = [192, 0, 2, 77]
    static let cameraMAC = F.cameraMAC
    /// 0x3A has the locally administered bit (0x02) set: a randomised Wi-Fi address.
    static let phoneMAC: [UInt8] = [0x3A, 0x1C, 0x5E, 0x10, 0x20, 0x30]
    static let axisMAC: [UInt8] = [0xAC, 0xCC, 0x8E, 0x3C, 0x04, 0x19]
    static let mysteryMAC: [UInt8] = [0x00, 0x50, 0x56, 0x01, 0x02, 0x03]
    static let broadcastMAC: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
    static let multicastMAC: [UInt8] = [0x01, 0x00, 0x5E, 0x7F, 0xFF, 0xFA]

    /// The video burst to the relay: 20 datagrams of 60,000 IP bytes each (as a host-side capture shows them before
    /// fragmentation or with offload), captured cut at their first bytes so the committed file stays small.
    static let videoPackets = 20
    static let videoPacketLength = 60_000
    static var videoBytes: Int { videoPackets * videoPacketLength }

    /// The capture as classic pcap.
    static func writer() -> PcapWriter {
        var writer = PcapWriter(linkType: 1)
        for (frame, time) in records() { writer.add(frame, at: time) }
        return writer
    }

    /// The same packets as pcapng.
    static func pcapng() -> PcapngWriter {
        var writer = PcapngWriter(linkType: 1)
        for (frame, time) in records() { writer.add(frame, at: time) }
        return writer
    }

    /// Every frame with its capture time, in order.
    static func records() -> [(frame: [UInt8], time: Double)] {
        var records: [(frame: [UInt8], time: Double)] = []
        var clock = 2_000_000_000.0
        func add(_ frame: [UInt8], advance: Double = 0.01) {
            records.append((frame, clock))
            clock += advance
        }
        func frame(_ from: [UInt8], _ to: [UInt8], _ ip: [UInt8]) -> [UInt8] { F.ethernet(source: from, destination: to, ip) }
        let routerMAC = F.routerMAC

        // DHCP: the camera and the phone ask for their addresses, the Axis renews its own.
        add(
            frame(
                cameraMAC, broadcastMAC,
                F.ipv4(
                    source: [0, 0, 0, 0], destination: [255, 255, 255, 255], protocolNumber: 17,
                    F.udp(68, 67, dhcp(type: 3, mac: cameraMAC, requested: camera, hostName: "HIKVISION", vendorClass: "udhcp 1.22.1")))))
        add(
            frame(
                phoneMAC, broadcastMAC,
                F.ipv4(
                    source: [0, 0, 0, 0], destination: [255, 255, 255, 255], protocolNumber: 17,
                    F.udp(68, 67, dhcp(type: 3, mac: phoneMAC, requested: phone, hostName: "Pixel-7", vendorClass: "android-dhcp-13")))))
        add(
            frame(
                routerMAC, broadcastMAC,
                F.ipv4(
                    source: router, destination: [255, 255, 255, 255], protocolNumber: 17,
                    F.udp(67, 68, dhcp(type: 5, mac: phoneMAC, yours: phone, vendorClass: nil, reply: true)))))
        add(
            frame(
                axisMAC, routerMAC,
                F.ipv4(
                    source: axis, destination: router, protocolNumber: 17,
                    F.udp(
                        68, 67,
                        dhcp(
                            type: 3, mac: axisMAC, client: axis, hostName: "axis-accc8e3c0419",
                            vendorClass: "AXIS,Network Camera,P3225-LV Mk II,9.70.1.5")))))
        add(
            frame(
                axisMAC, multicastMAC,
                F.ipv4(source: axis, destination: [224, 0, 0, 251], protocolNumber: 17, F.udp(5353, 5353, mdnsQuery()))))

        // The camera announces itself; the phone searches.
        add(
            frame(
                cameraMAC, multicastMAC,
                F.ipv4(source: camera, destination: [239, 255, 255, 250], protocolNumber: 17, F.udp(3702, 3702, hello()))))
        add(
            frame(
                cameraMAC, multicastMAC,
                F.ipv4(source: camera, destination: [239, 255, 255, 250], protocolNumber: 17, F.udp(1900, 1900, notify()))))
        add(
            frame(
                phoneMAC, multicastMAC,
                F.ipv4(
                    source: phone, destination: [239, 255, 255, 250], protocolNumber: 17,
                    F.udp(50123, 3702, probe()))))

        // The camera: DNS for Hik-Connect, TLS to it, a CS2 hello, and video pushed to the relay.
        let hik = "litedev.hik-connect.com"
        add(
            frame(
                cameraMAC, routerMAC,
                F.ipv4(source: camera, destination: router, protocolNumber: 17, F.udp(40000, 53, F.dnsQuery(id: 1, name: hik)))))
        add(
            frame(
                routerMAC, cameraMAC,
                F.ipv4(
                    source: router, destination: camera, protocolNumber: 17,
                    F.udp(53, 40000, F.dnsResponse(id: 1, name: hik, alias: "edge.example-cdn.net", address: F.cloud)))))
        add(
            frame(
                cameraMAC, routerMAC,
                F.ipv4(source: camera, destination: F.cloud, protocolNumber: 6, F.tcp(50000, 443, flags: 0x02, sequence: 0))))
        add(
            frame(
                routerMAC, cameraMAC,
                F.ipv4(source: F.cloud, destination: camera, protocolNumber: 6, F.tcp(443, 50000, flags: 0x12, sequence: 0))))
        add(
            frame(
                cameraMAC, routerMAC,
                F.ipv4(
                    source: camera, destination: F.cloud, protocolNumber: 6, F.tcp(50000, 443, flags: 0x18, F.clientHello(serverName: hik)))
            ))
        add(
            frame(
                routerMAC, cameraMAC,
                F.ipv4(
                    source: F.cloud, destination: camera, protocolNumber: 6,
                    F.tcp(443, 50000, flags: 0x18, [UInt8](repeating: 0x16, count: 900)))))
        add(frame(cameraMAC, routerMAC, F.ipv4(source: camera, destination: F.broker, protocolNumber: 17, F.udp(41000, 32100, F.cs2Hello))))
        add(frame(cameraMAC, routerMAC, F.ipv4(source: camera, destination: unnamed2, protocolNumber: 6, F.tcp(50001, 9000, flags: 0x02))))
        let relayName = "dev.ezvizlife.com"
        add(
            frame(
                cameraMAC, routerMAC,
                F.ipv4(source: camera, destination: router, protocolNumber: 17, F.udp(40001, 53, F.dnsQuery(id: 2, name: relayName)))))
        add(
            frame(
                routerMAC, cameraMAC,
                F.ipv4(
                    source: router, destination: camera, protocolNumber: 17,
                    F.udp(53, 40001, F.dnsResponse(id: 2, name: relayName, alias: "relay.example-cdn.net", address: relay)))))
        for index in 0..<videoPackets {
            add(
                frame(
                    cameraMAC, routerMAC,
                    cutIPv4(
                        source: camera, destination: relay, totalLength: videoPacketLength,
                        F.udp(42000, 6000, [0x80, 0x60] + F.be16(index) + [UInt8](repeating: 0x47, count: 36)))), advance: 0.4)
        }
        add(
            frame(
                routerMAC, cameraMAC,
                F.ipv4(source: relay, destination: camera, protocolNumber: 17, F.udp(6000, 42000, [UInt8](repeating: 1, count: 200)))))

        // The phone: RTSP from the camera, the EZVIZ app API by name, video down from the relay, and 24 other hosts.
        add(
            frame(
                phoneMAC, cameraMAC,
                F.ipv4(source: phone, destination: camera, protocolNumber: 6, F.tcp(51000, 554, flags: 0x02, sequence: 0))))
        add(
            frame(
                cameraMAC, phoneMAC,
                F.ipv4(source: camera, destination: phone, protocolNumber: 6, F.tcp(554, 51000, flags: 0x12, sequence: 0))))
        add(
            frame(
                phoneMAC, cameraMAC,
                F.ipv4(
                    source: phone, destination: camera, protocolNumber: 6,
                    F.tcp(
                        51000, 554, flags: 0x18,
                        Array("DESCRIBE rtsp://192.168.1.64/Streaming/Channels/101 RTSP/1.0\r\nCSeq: 2\r\n\r\n".utf8)))))
        add(
            frame(
                phoneMAC, routerMAC,
                F.ipv4(
                    source: phone, destination: appAPI, protocolNumber: 6,
                    F.tcp(52000, 443, flags: 0x18, F.clientHello(serverName: "apiieu.ezvizlife.com")))))
        add(frame(phoneMAC, routerMAC, F.ipv4(source: phone, destination: relay, protocolNumber: 17, F.udp(43000, 6000, [0x01, 0x02]))))
        for index in 0..<videoPackets {
            add(
                frame(
                    routerMAC, phoneMAC,
                    cutIPv4(
                        source: relay, destination: phone, totalLength: videoPacketLength,
                        F.udp(6000, 43000, [0x80, 0x60] + F.be16(index) + [UInt8](repeating: 0x47, count: 36)))))
        }
        for host in 0..<24 {
            add(
                frame(
                    phoneMAC, routerMAC,
                    F.ipv4(
                        source: phone, destination: [198, 51, 100, UInt8(10 + host)], protocolNumber: 6,
                        F.tcp(53000 + host, 443, flags: 0x02))))
        }

        // The unknown host: one unnamed destination.
        add(frame(mysteryMAC, routerMAC, F.ipv4(source: mystery, destination: unnamed, protocolNumber: 6, F.tcp(54000, 8443, flags: 0x02))))
        return records
    }

    /// IPv4 whose header announces `totalLength` while only `payload` was captured (a snaplen cut).
    static func cutIPv4(source: [UInt8], destination: [UInt8], totalLength: Int, _ payload: [UInt8]) -> [UInt8] {
        var udp = payload
        // The UDP length must agree with the announced IP length for the decoder to trust it.
        udp[4] = UInt8(((totalLength - 20) >> 8) & 0xFF)
        udp[5] = UInt8((totalLength - 20) & 0xFF)
        return [0x45, 0] + F.be16(totalLength) + [0x12, 0x34, 0, 0, 64, 17, 0, 0] + source + destination + udp
    }

    /// A DHCP message (RFC 2131 §2, options RFC 2132): REQUEST (3) from a client, ACK (5) from the server.
    static func dhcp(
        type: UInt8, mac: [UInt8], client: [UInt8] = [0, 0, 0, 0], yours: [UInt8] = [0, 0, 0, 0], requested: [UInt8]? = nil,
        hostName: String? = nil, vendorClass: String?, reply: Bool = false
    ) -> [UInt8] {
        var message: [UInt8] = [reply ? 2 : 1, 1, 6, 0, 0x39, 0x03, 0xF3, 0x26, 0, 0, 0, 0]
        message += client + yours + [0, 0, 0, 0] + [0, 0, 0, 0]
        message += mac + [UInt8](repeating: 0, count: 10) + [UInt8](repeating: 0, count: 64 + 128)
        message += [99, 130, 83, 99, 53, 1, type]
        if let requested { message += [50, 4] + requested }
        if let hostName { message += [12, UInt8(hostName.utf8.count)] + Array(hostName.utf8) }
        if let vendorClass { message += [60, UInt8(vendorClass.utf8.count)] + Array(vendorClass.utf8) }
        return message + [255]
    }

    /// An mDNS query (no answer): chatter that must not count as an unreadable announcement.
    static func mdnsQuery() -> [UInt8] {
        [0, 0, 0, 0] + F.be16(1) + F.be16(0) + F.be16(0) + F.be16(0) + F.encodedName("_axis-video._tcp.local") + F.be16(12) + F.be16(1)
    }

    /// An ONVIF camera's WS-Discovery Hello (ONVIF Core §7.3.2.2; scopes as Hikvision firmware sends them).
    static func hello() -> [UInt8] {
        Array(
            """
            <?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" \
            xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" \
            xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><env:Header><wsa:MessageID>urn:uuid:1b7c8c7e-0001-4000-8000-4419b6010203</wsa:MessageID>\
            <wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To><wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Hello</wsa:Action>\
            </env:Header><env:Body><d:Hello><wsa:EndpointReference><wsa:Address>urn:uuid:1b7c8c7e-0001-4000-8000-4419b6010203</wsa:Address>\
            </wsa:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>onvif://www.onvif.org/type/video_encoder \
            onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/hardware/DS-2CD2385G1-I onvif://www.onvif.org/name/HIKVISION%20DS-2CD2385G1-I</d:Scopes>\
            <d:XAddrs>http://192.168.1.64/onvif/device_service</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:Hello></env:Body></env:Envelope>
            """.utf8)
    }

    /// An SSDP alive announcement (UPnP Device Architecture 1.0 §1.1.2).
    static func notify() -> [UInt8] {
        Array(
            ("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n"
                + "LOCATION: http://192.168.1.64:49152/upnpdevicedesc.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n"
                + "SERVER: Linux/3.0.8, UPnP/1.0, Portable SDK for UPnP devices/1.6.18\r\nUSN: uuid:1b7c8c7e-0001::upnp:rootdevice\r\n\r\n")
                .utf8)
    }

    /// The app's WS-Discovery Probe for video transmitters.
    static func probe() -> [UInt8] {
        Array(
            """
            <?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" \
            xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"><s:Header><a:Action s:mustUnderstand="1">\
            http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action><a:MessageID>uuid:2c1d5a3e-0002-4000-8000-000000000001</a:MessageID>\
            <a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header><s:Body>\
            <Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery"><Types xmlns:dn="http://www.onvif.org/ver10/network/wsdl">\
            dn:NetworkVideoTransmitter</Types></Probe></s:Body></s:Envelope>
            """.utf8)
    }
}
