import CamAuditCore
import CamAuditTestSupport
import Foundation
import Testing

@testable import CamAuditLab

private func port(_ lab: Lab, _ real: UInt16) -> UInt16 { real < 1024 ? real + lab.portOffset : real }

private func host(_ lab: Lab, _ profile: String) throws -> String {
    try #require(lab.devices.first { $0.profile == profile }).address.description
}

/// The `Authorization` header a correct RFC 7616 client sends for this challenge.
private func digestAuthorization(challenge: String, user: String, password: String, method: String, uri: String) -> String {
    let fields = CredentialCheck.parameters(String(challenge.drop(while: { $0 != " " })))
    let realm = fields["realm"] ?? ""
    let nonce = fields["nonce"] ?? ""
    let ha1 = MessageDigest.md5Hex("\(user):\(realm):\(password)")
    let ha2 = MessageDigest.md5Hex("\(method):\(uri)")
    let cnonce = "0a4f113b"
    let response = MessageDigest.md5Hex("\(ha1):\(nonce):00000001:\(cnonce):auth:\(ha2)")
    return
        "Digest username=\"\(user)\", realm=\"\(realm)\", nonce=\"\(nonce)\", uri=\"\(uri)\", qop=auth, nc=00000001, cnonce=\"\(cnonce)\", response=\"\(response)\""
}

private func challengeLine(_ reply: String) -> String? {
    reply.components(separatedBy: "\r\n").first { $0.hasPrefix("WWW-Authenticate: Digest") }
        .map { String($0.dropFirst("WWW-Authenticate: ".count)) }
}

private func body(_ reply: String) -> String {
    reply.range(of: "\r\n\r\n").map { String(reply[$0.upperBound...]) } ?? ""
}

@Suite("Emulated device quirks")
struct LabQuirkTests {
    @Test func hikvisionRTSPOptionsHasTwoSpaceDateAndNoServer() async throws {
        try await LabSession.with(profiles: ["hikvision-ipc-new"]) { lab in
            let connection = try RawConnection(host: try host(lab, "hikvision-ipc-new"), port: port(lab, 554))
            connection.send("OPTIONS rtsp://x/Streaming/Channels/101 RTSP/1.0\r\nCSeq: 42 OPTIONS\r\n\r\n")
            let reply = connection.receiveReply()
            #expect(
                reply.hasPrefix(
                    "RTSP/1.0 200 OK\r\nCSeq: 42 OPTIONS\r\nPublic: OPTIONS, DESCRIBE, PLAY, PAUSE, SETUP, TEARDOWN, SET_PARAMETER, GET_PARAMETER\r\nDate:  "
                ))
            #expect(!reply.lowercased().contains("server:"))
            #expect(reply.hasSuffix(" GMT\r\n\r\n"))
        }
    }

    @Test func hikvisionUnauthorizedBodyIs178BytesWithHexBase64Nonce() async throws {
        try await LabSession.with(profiles: ["hikvision-ipc-new"]) { lab in
            let connection = try RawConnection(host: try host(lab, "hikvision-ipc-new"), port: port(lab, 80))
            connection.send("GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: cam\r\n\r\n")
            let reply = connection.receiveReply()
            #expect(reply.hasPrefix("HTTP/1.1 401 Unauthorized\r\nDate: "))
            #expect(reply.contains("\r\nContent-Length: 178\r\n"))
            #expect(body(reply).utf8.count == 178)
            let challenge = try #require(challengeLine(reply))
            #expect(challenge.hasPrefix("Digest qop=\"auth\", realm=\"IP Camera(E5218)\", nonce=\""))
            #expect(challenge.hasSuffix("\", stale=\"FALSE\""))
            let nonce = try #require(CredentialCheck.parameters(String(challenge.dropFirst(7)))["nonce"])
            // The nonce is hex of ASCII base64 of "<8 hex>:<8 hex>": the nonce of the Hikvision ISAPI developer guide example
            // (chapter 12, §12.1) decodes so.
            var ascii: [UInt8] = []
            var index = nonce.startIndex
            while index < nonce.endIndex {
                let next = nonce.index(index, offsetBy: 2)
                ascii.append(try #require(UInt8(nonce[index..<next], radix: 16)))
                index = next
            }
            let decoded = try #require(Data(base64Encoded: Data(ascii)).flatMap { String(data: $0, encoding: .utf8) })
            #expect(decoded.count == 17 && decoded.contains(":"))
        }
    }

    @Test func hikvisionDigestSucceedsThenEighthWrongPasswordShowsLock() async throws {
        try await LabSession.with(profiles: ["hikvision-ipc-new"]) { lab in
            let device = try host(lab, "hikvision-ipc-new")
            let uri = "/ISAPI/System/deviceInfo"
            func attempt(password: String, from source: String) throws -> String {
                let connection = try RawConnection(host: device, port: port(lab, 80), from: source)
                connection.send("GET \(uri) HTTP/1.1\r\nHost: cam\r\n\r\n")
                let challenge = try #require(challengeLine(connection.receiveReply()))
                let authorization = digestAuthorization(challenge: challenge, user: "admin", password: password, method: "GET", uri: uri)
                connection.send("GET \(uri) HTTP/1.1\r\nHost: cam\r\nAuthorization: \(authorization)\r\n\r\n")
                return connection.receiveReply()
            }
            let good = try attempt(password: "Lab-hik-2385!", from: lab.address(201).description)
            #expect(good.hasPrefix("HTTP/1.1 200 OK"))
            #expect(good.contains("<model>DS-2CD2385G1-I</model>"))
            #expect(good.contains("<firmwareVersion>V5.5.800</firmwareVersion>"))

            var replies: [String] = []
            for _ in 1...8 { replies.append(try attempt(password: "wrong", from: lab.address(202).description)) }
            #expect(replies[0].hasPrefix("HTTP/1.1 401"))
            #expect(!replies[5].contains("<lockStatus>lock</lockStatus>"))
            #expect(replies[7].hasPrefix("HTTP/1.1 401"))
            #expect(replies[7].contains("<lockStatus>lock</lockStatus>"))
            // While locked the right password is refused too; another client IP is unaffected.
            #expect(try attempt(password: "Lab-hik-2385!", from: lab.address(202).description).contains("<lockStatus>lock</lockStatus>"))
            #expect(try attempt(password: "Lab-hik-2385!", from: lab.address(203).description).hasPrefix("HTTP/1.1 200 OK"))
            // The activity log counts each credentialed request once, and the one lock the seventh failure caused.
            let deviceAddress = try #require(IPAddress(device))
            let activity = try #require(lab.activity(at: deviceAddress))
            #expect(activity.loginAttempts == 11)
            #expect(activity.refusedLogins == 9)
            #expect(activity.lockouts == 1)
            #expect(activity.intrusiveRequests == 0)
            #expect(lab.totalActivity == activity)
        }
    }

    @Test func hikvisionUserCheckCountsDown() async throws {
        try await LabSession.with(profiles: ["hiwatch-ipc"]) { lab in
            let connection = try RawConnection(host: try host(lab, "hiwatch-ipc"), port: port(lab, 80))
            connection.send("GET /ISAPI/Security/userCheck HTTP/1.1\r\nHost: cam\r\n\r\n")
            let first = connection.receiveReply()
            #expect(first.contains("<retryLoginTime>7</retryLoginTime>"))
            let challenge = try #require(challengeLine(first))
            let bad = digestAuthorization(
                challenge: challenge, user: "admin", password: "nope", method: "GET", uri: "/ISAPI/Security/userCheck")
            connection.send("GET /ISAPI/Security/userCheck HTTP/1.1\r\nHost: cam\r\nAuthorization: \(bad)\r\n\r\n")
            #expect(
                connection.receiveReply().contains(
                    "<lockStatus>unlock</lockStatus>\r\n<unlockTime>0</unlockTime>\r\n<retryLoginTime>6</retryLoginTime>"))
        }
    }

    @Test func dahuaHTTPHeadersAreUpperCase() async throws {
        try await LabSession.with(profiles: ["dahua-ipc"]) { lab in
            let connection = try RawConnection(host: try host(lab, "dahua-ipc"), port: port(lab, 80))
            connection.send("GET / HTTP/1.1\r\nHost: cam\r\n\r\n")
            let reply = connection.receiveReply()
            let names = reply.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n").dropFirst()
                .map { String($0.prefix(while: { $0 != ":" })) }
            #expect(names == ["CONNECTION", "Date", "Last-Modified", "Etag", "CONTENT-LENGTH", "P3P", "CACHE-CONTROL", "CONTENT-TYPE"])
            #expect(body(reply).utf8.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(reply.contains("<title>WEB SERVICE</title>"))
        }
    }

    @Test func dahuaRTSPAndRPC2LoginWithLockout() async throws {
        try await LabSession.with(profiles: ["dahua-ipc"]) { lab in
            let device = try host(lab, "dahua-ipc")
            let rtsp = try RawConnection(host: device, port: port(lab, 554))
            rtsp.send("OPTIONS rtsp://x/cam/realmonitor?channel=1&subtype=0 RTSP/1.0\r\nCSeq: 2\r\n\r\n")
            let rtspReply = rtsp.receiveReply()
            #expect(
                rtspReply.hasPrefix(
                    "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm=\"Login to 7J01F4DPAG6E2B9\", nonce=\""))
            #expect(!rtspReply.contains("Server") && !rtspReply.contains("qop") && !rtspReply.contains("stale"))

            func login(_ password: String?, from source: String) throws -> String {
                let step1 = try RawConnection(host: device, port: port(lab, 80), from: source)
                let first =
                    #"{"method":"global.login","params":{"userName":"admin","password":"","clientType":"Web3.0","loginType":"Direct"},"id":1}"#
                step1.send("POST /RPC2_Login HTTP/1.1\r\nHost: cam\r\nContent-Length: \(first.utf8.count)\r\n\r\n\(first)")
                let challenge = body(step1.receiveReply())
                guard let password else { return challenge }
                let object = try #require(try JSONSerialization.jsonObject(with: Data(challenge.utf8)) as? [String: Any])
                let params = try #require(object["params"] as? [String: Any])
                let realm = try #require(params["realm"] as? String)
                let random = try #require(params["random"] as? String)
                let session = try #require(object["session"] as? Int)
                let inner = MessageDigest.md5Hex("admin:\(realm):\(password)").uppercased()
                let hash = MessageDigest.md5Hex("admin:\(random):\(inner)").uppercased()
                let second =
                    #"{"method":"global.login","params":{"userName":"admin","password":"\#(hash)","clientType":"Web3.0","loginType":"Direct","authorityType":"Default","passwordType":"Default"},"id":2,"session":\#(session)}"#
                let step2 = try RawConnection(host: device, port: port(lab, 80), from: source)
                step2.send("POST /RPC2_Login HTTP/1.1\r\nHost: cam\r\nContent-Length: \(second.utf8.count)\r\n\r\n\(second)")
                return body(step2.receiveReply())
            }
            let challenge = try login(nil, from: lab.address(201).description)
            #expect(challenge.contains(#""code":268632079"#) && challenge.contains(#""realm":"Login to 7J01F4DPAG6E2B9""#))
            #expect(try login("Lab-dahua-2228!", from: lab.address(201).description).contains(#""result" : true"#))
            var last = ""
            for _ in 1...5 { last = try login("wrong", from: lab.address(202).description) }
            #expect(last.contains("268632081"))
        }
    }

    @Test func onvifDateTimeIsOpenAndDeviceInformationNeedsAuthExceptOnOldFirmware() async throws {
        try await LabSession.with(profiles: ["onvif-generic", "hikvision-ipc-old"]) { lab in
            func call(_ profile: String, _ action: String) throws -> String {
                let envelope =
                    #"<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><\#(action) xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>"#
                let connection = try RawConnection(host: try host(lab, profile), port: port(lab, 80))
                connection.send(
                    "POST /onvif/device_service HTTP/1.1\r\nHost: cam\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: \(envelope.utf8.count)\r\n\r\n\(envelope)"
                )
                return connection.receiveReply()
            }
            #expect(try call("onvif-generic", "GetSystemDateAndTime").contains("<tt:UTCDateTime>"))
            let refused = try call("onvif-generic", "GetDeviceInformation")
            #expect(refused.hasPrefix("HTTP/1.1 400"))
            #expect(refused.contains("ter:NotAuthorized"))
            let open = try call("hikvision-ipc-old", "GetDeviceInformation")
            #expect(open.contains("<tds:Model>DS-2CD2032-I</tds:Model>"))
            #expect(open.contains("<tds:FirmwareVersion>V5.2.0 build 140721</tds:FirmwareVersion>"))
        }
    }

    @Test func hikvisionOldFirmwareBannersAndServer() async throws {
        try await LabSession.with(profiles: ["hikvision-ipc-old"]) { lab in
            let device = try host(lab, "hikvision-ipc-old")
            let sdk = try RawConnection(host: device, port: port(lab, 8000))
            #expect(sdk.receive(timeout: 2) { $0.count >= 16 } == [0, 0, 0, 0x10, 0, 0, 0, 0x1e, 0, 0, 0, 0x1e, 0, 0, 0, 0])
            let telnet = try RawConnection(host: device, port: port(lab, 23))
            #expect(String(decoding: telnet.receive(timeout: 2) { $0.count >= 20 }, as: UTF8.self).contains("192.0.0.64 login:"))
            let web = try RawConnection(host: device, port: port(lab, 80))
            web.send("GET / HTTP/1.0\r\n\r\n")
            let reply = web.receiveReply()
            #expect(reply.hasPrefix("HTTP/1.0 200 OK\r\nDate: "))
            #expect(reply.contains("\r\nServer: App-webs/\r\n"))
            #expect(reply.contains("/doc/page/login.asp?_"))
            // CVE-2017-7921 firmware honours ?auth= (rapid7/metasploit-framework@068f7671d617
            // modules/auxiliary/gather/hikvision_info_disclosure_cve_2017_7921.rb check(): GET /System/time?auth=...).
            let bypass = try RawConnection(host: device, port: port(lab, 80))
            bypass.send("GET /System/time?auth=YWRtaW46MTEK HTTP/1.0\r\n\r\n")
            #expect(bypass.receiveReply().hasPrefix("HTTP/1.0 200 OK"))
        }
    }

    @Test func silentDeviceNeverAnswersWithinTwoSeconds() async throws {
        try await LabSession.with(profiles: ["hostile-silent"]) { lab in
            let connection = try RawConnection(host: try host(lab, "hostile-silent"), port: port(lab, 80))
            connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let start = Date()
            let bytes = connection.receive(timeout: 2)
            #expect(bytes.isEmpty)
            #expect(Date().timeIntervalSince(start) >= 1.9)
        }
    }

    @Test func trickleSendsAboutOneBytePerSecond() async throws {
        try await LabSession.with(profiles: ["hostile-trickle"]) { lab in
            let connection = try RawConnection(host: try host(lab, "hostile-trickle"), port: port(lab, 80))
            let bytes = connection.receive(timeout: 3.5)
            #expect((3...5).contains(bytes.count), "got \(bytes.count) bytes in 3.5 s")
            #expect(bytes.starts(with: Array("HTTP".utf8)))
        }
    }

    @Test func floodSendsAMegabyteHeaderLineAndKeepsGoing() async throws {
        try await LabSession.with(profiles: ["hostile-flood"]) { lab in
            let connection = try RawConnection(host: try host(lab, "hostile-flood"), port: port(lab, 80))
            let bytes = connection.receive(timeout: 5, limit: 1_500_000)
            #expect(bytes.count >= 1_500_000)
            #expect(!String(decoding: bytes, as: UTF8.self).contains("\r\n\r\n"))
        }
    }

    @Test func honeypotAnswers200ToAnyPathAndAnyRTSPMethod() async throws {
        try await LabSession.with(profiles: ["hostile-honeypot"]) { lab in
            let device = try host(lab, "hostile-honeypot")
            let path = "/\(UUID().uuidString.lowercased())/x.cgi?y=\(Int.random(in: 0...999_999))"
            let http = try RawConnection(host: device, port: port(lab, 80))
            http.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
            let httpReply = http.receiveReply()
            #expect(httpReply.hasPrefix("HTTP/1.1 200 OK"))
            http.send("DELETE /ISAPI/\(UUID().uuidString) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(body(http.receiveReply()) == body(httpReply))
            let rtsp = try RawConnection(host: device, port: port(lab, 554))
            rtsp.send("FROBNICATE rtsp://x/\(UUID().uuidString) RTSP/1.0\r\nCSeq: 7\r\n\r\n")
            #expect(rtsp.receiveReply().hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 7\r\n"))
        }
    }

    @Test func malformedXMLDeviceAnswersWithBrokenXMLWithinItsBudgets() async throws {
        try await LabSession.with(profiles: ["hostile-malformed-xml"]) { lab in
            let device = try host(lab, "hostile-malformed-xml")
            #expect(lab.devices[0].isHostile)
            #expect(lab.devices[0].udpPorts == [1900, 3702, 37020])
            func exchange(_ request: String) throws -> (head: String, body: [UInt8]) {
                let connection = try RawConnection(host: device, port: port(lab, 80))
                connection.send(request)
                let bytes = connection.receive(timeout: 5)
                let end = try #require(bytes.indices.first { Array(bytes[$0..<min($0 + 4, bytes.count)]) == Array("\r\n\r\n".utf8) })
                return (String(decoding: bytes[..<end], as: UTF8.self), Array(bytes[(end + 4)...]))
            }
            func soap(_ operation: String) -> String {
                let envelope =
                    "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><\(operation)/></s:Body></s:Envelope>"
                return "POST /onvif/device_service HTTP/1.1\r\nHost: x\r\nContent-Length: \(envelope.utf8.count)\r\n\r\n\(envelope)"
            }
            let budget = MalformedXML.webBudget
            let laughs = try exchange(soap("GetSystemDateAndTime"))
            #expect(laughs.head.hasPrefix("HTTP/1.1 200 OK"))
            #expect(laughs.head.contains("Content-Length: \(laughs.body.count)"))
            let laughsText = String(decoding: laughs.body, as: UTF8.self)
            #expect(laughsText.contains("<!ENTITY lol9 \"&lol8;&lol8;"))
            #expect(laughsText.contains("<!ENTITY xxe SYSTEM"))
            #expect(laughsText.contains("<tt:UTCDateTime>&lol9;&xxe;</tt:UTCDateTime>"))
            let nested = try exchange(soap("GetDeviceInformation")).body
            #expect(nested.count <= budget && nested.count > budget - 1024)
            #expect(String(decoding: nested, as: UTF8.self).components(separatedBy: "<tds:Manufacturer>").count > 5000)
            let unclosed = String(decoding: try exchange(soap("GetScopes")).body, as: UTF8.self)
            #expect(!unclosed.contains("</tds:Manufacturer>") && unclosed.contains("<tds:Manufacturer><tds:Manufacturer>"))
            let description = try exchange("GET /rootDesc.xml HTTP/1.1\r\nHost: x\r\n\r\n").body
            #expect(description.count <= budget && description.count > budget - 1024)
            #expect(String(decoding: description, as: UTF8.self).contains("<deviceType value=\"AAAA"))
            let page = try exchange("GET /\(UUID().uuidString) HTTP/1.1\r\nHost: x\r\n\r\n").body
            #expect(page.contains(0xFF) && String(validating: page, as: UTF8.self) == nil)

            // Discovery: well-framed datagrams of broken XML, each under one datagram's budget.
            let profile = try #require(try ProfileLibrary.load().first { $0.id == "hostile-malformed-xml" })
            let responder = DiscoveryResponder(profile: profile, address: device, httpPort: port(lab, 80))
            let probe = Array("<Probe/>".utf8)
            let ws = try #require(responder.answer(probe, on: .wsDiscovery))
            #expect(
                ws.count <= MalformedXML.datagramBudget && String(decoding: ws, as: UTF8.self).contains("<d:Scopes>&lol9;&xxe;</d:Scopes>"))
            let sadp = try #require(responder.answer(probe, on: .sadp))
            #expect(sadp.count <= MalformedXML.datagramBudget)
            #expect(String(decoding: sadp, as: UTF8.self).components(separatedBy: "<DeviceDescription>").count > 1000)
            let ssdp = try #require(responder.answer(probe, on: .ssdp))
            #expect(String(decoding: ssdp, as: UTF8.self).contains("LOCATION: http://\(device):\(port(lab, 80))/rootDesc.xml\r\n"))
            #expect(String(validating: ssdp, as: UTF8.self) == nil)
            #expect(responder.answer(probe, on: .mdns) == nil)
        }
    }

    @Test func axisRealmAndUnquotedStale() async throws {
        try await LabSession.with(profiles: ["axis-m1065"]) { lab in
            let connection = try RawConnection(host: try host(lab, "axis-m1065"), port: port(lab, 80))
            connection.send("GET /axis-cgi/param.cgi?action=list&group=root.Brand HTTP/1.1\r\nHost: cam\r\n\r\n")
            let reply = connection.receiveReply()
            let challenge = try #require(challengeLine(reply))
            #expect(challenge.hasPrefix("Digest realm=\"AXIS_ACCC8E5A3B2F\", nonce=\""))
            #expect(challenge.hasSuffix(", stale=FALSE"))
            #expect(challenge.contains("Y"))
            #expect(reply.contains("\r\nWWW-Authenticate: Basic realm=\"AXIS_ACCC8E5A3B2F\"\r\n"))
            let basic = Data("root:Lab-axis-1065!".utf8).base64EncodedString()
            connection.send(
                "GET /axis-cgi/param.cgi?action=list&group=root.Brand HTTP/1.1\r\nHost: cam\r\nAuthorization: Basic \(basic)\r\n\r\n")
            #expect(connection.receiveReply().contains("root.Brand.ProdNbr=M1065-LW\n"))
        }
    }

    @Test func univiewLAPIUnauthorizedCarriesStringNull() async throws {
        try await LabSession.with(profiles: ["uniview-ipc"]) { lab in
            let connection = try RawConnection(host: try host(lab, "uniview-ipc"), port: port(lab, 80))
            connection.send("GET /LAPI/V1.0/System/DeviceBasicInfo HTTP/1.1\r\nHost: cam\r\n\r\n")
            let reply = connection.receiveReply()
            #expect(reply.hasPrefix("HTTP/1.1 401 Unauthorized"))
            #expect(body(reply).hasSuffix(#""Data":"null"}}"#))
        }
    }
}
