import CamAuditCore
import Foundation
import Testing

@testable import CamAuditLab

/// Starts a lab of the given profiles on its own base so tests can run in parallel.
private func startLab(_ base: String, _ profiles: [String]) async throws -> Lab {
    let address = try #require(IPAddress(base))
    return try await Lab.start(base: address, deviceCount: profiles.count, profiles: profiles)
}

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
        let lab = try await startLab("127.61.0.0", ["hikvision-ipc-new"])
        defer { Task { try await lab.shutdown() } }
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

    @Test func hikvisionUnauthorizedBodyIs178BytesWithHexBase64Nonce() async throws {
        let lab = try await startLab("127.62.0.0", ["hikvision-ipc-new"])
        defer { Task { try await lab.shutdown() } }
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

    @Test func hikvisionDigestSucceedsThenEighthWrongPasswordShowsLock() async throws {
        let lab = try await startLab("127.63.0.0", ["hikvision-ipc-new"])
        defer { Task { try await lab.shutdown() } }
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
        let good = try attempt(password: "Lab-hik-2385!", from: "127.63.9.1")
        #expect(good.hasPrefix("HTTP/1.1 200 OK"))
        #expect(good.contains("<model>DS-2CD2385G1-I</model>"))
        #expect(good.contains("<firmwareVersion>V5.5.800</firmwareVersion>"))

        var replies: [String] = []
        for _ in 1...8 { replies.append(try attempt(password: "wrong", from: "127.63.9.2")) }
        #expect(replies[0].hasPrefix("HTTP/1.1 401"))
        #expect(!replies[5].contains("<lockStatus>lock</lockStatus>"))
        #expect(replies[7].hasPrefix("HTTP/1.1 401"))
        #expect(replies[7].contains("<lockStatus>lock</lockStatus>"))
        // While locked the right password is refused too; another client IP is unaffected.
        #expect(try attempt(password: "Lab-hik-2385!", from: "127.63.9.2").contains("<lockStatus>lock</lockStatus>"))
        #expect(try attempt(password: "Lab-hik-2385!", from: "127.63.9.3").hasPrefix("HTTP/1.1 200 OK"))
        // The activity log counts each credentialed request once, and the one lock the seventh failure caused.
        let deviceAddress = try #require(IPAddress(device))
        let activity = try #require(lab.activity(at: deviceAddress))
        #expect(activity.loginAttempts == 11)
        #expect(activity.refusedLogins == 9)
        #expect(activity.lockouts == 1)
        #expect(activity.intrusiveRequests == 0)
        #expect(lab.totalActivity == activity)
    }

    @Test func hikvisionUserCheckCountsDown() async throws {
        let lab = try await startLab("127.64.0.0", ["hiwatch-ipc"])
        defer { Task { try await lab.shutdown() } }
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

    @Test func dahuaHTTPHeadersAreUpperCase() async throws {
        let lab = try await startLab("127.65.0.0", ["dahua-ipc"])
        defer { Task { try await lab.shutdown() } }
        let connection = try RawConnection(host: try host(lab, "dahua-ipc"), port: port(lab, 80))
        connection.send("GET / HTTP/1.1\r\nHost: cam\r\n\r\n")
        let reply = connection.receiveReply()
        let names = reply.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n").dropFirst()
            .map { String($0.prefix(while: { $0 != ":" })) }
        #expect(names == ["CONNECTION", "Date", "Last-Modified", "Etag", "CONTENT-LENGTH", "P3P", "CACHE-CONTROL", "CONTENT-TYPE"])
        #expect(body(reply).utf8.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(reply.contains("<title>WEB SERVICE</title>"))
    }

    @Test func dahuaRTSPAndRPC2LoginWithLockout() async throws {
        let lab = try await startLab("127.66.0.0", ["dahua-ipc"])
        defer { Task { try await lab.shutdown() } }
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
        let challenge = try login(nil, from: "127.66.9.1")
        #expect(challenge.contains(#""code":268632079"#) && challenge.contains(#""realm":"Login to 7J01F4DPAG6E2B9""#))
        #expect(try login("Lab-dahua-2228!", from: "127.66.9.1").contains(#""result" : true"#))
        var last = ""
        for _ in 1...5 { last = try login("wrong", from: "127.66.9.2") }
        #expect(last.contains("268632081"))
    }

    @Test func onvifDateTimeIsOpenAndDeviceInformationNeedsAuthExceptOnOldFirmware() async throws {
        let lab = try await startLab("127.67.0.0", ["onvif-generic", "hikvision-ipc-old"])
        defer { Task { try await lab.shutdown() } }
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

    @Test func hikvisionOldFirmwareBannersAndServer() async throws {
        let lab = try await startLab("127.68.0.0", ["hikvision-ipc-old"])
        defer { Task { try await lab.shutdown() } }
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

    @Test func silentDeviceNeverAnswersWithinTwoSeconds() async throws {
        let lab = try await startLab("127.69.0.0", ["hostile-silent"])
        defer { Task { try await lab.shutdown() } }
        let connection = try RawConnection(host: try host(lab, "hostile-silent"), port: port(lab, 80))
        connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let start = Date()
        let bytes = connection.receive(timeout: 2)
        #expect(bytes.isEmpty)
        #expect(Date().timeIntervalSince(start) >= 1.9)
    }

    @Test func trickleSendsAboutOneBytePerSecond() async throws {
        let lab = try await startLab("127.70.0.0", ["hostile-trickle"])
        defer { Task { try await lab.shutdown() } }
        let connection = try RawConnection(host: try host(lab, "hostile-trickle"), port: port(lab, 80))
        let bytes = connection.receive(timeout: 3.5)
        #expect((3...5).contains(bytes.count), "got \(bytes.count) bytes in 3.5 s")
        #expect(bytes.starts(with: Array("HTTP".utf8)))
    }

    @Test func floodSendsAMegabyteHeaderLineAndKeepsGoing() async throws {
        let lab = try await startLab("127.71.0.0", ["hostile-flood"])
        defer { Task { try await lab.shutdown() } }
        let connection = try RawConnection(host: try host(lab, "hostile-flood"), port: port(lab, 80))
        let bytes = connection.receive(timeout: 5, limit: 1_500_000)
        #expect(bytes.count >= 1_500_000)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("\r\n\r\n"))
    }

    @Test func honeypotAnswers200ToAnyPathAndAnyRTSPMethod() async throws {
        let lab = try await startLab("127.72.0.0", ["hostile-honeypot"])
        defer { Task { try await lab.shutdown() } }
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

    @Test func axisRealmAndUnquotedStale() async throws {
        let lab = try await startLab("127.73.0.0", ["axis-m1065"])
        defer { Task { try await lab.shutdown() } }
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

    @Test func univiewLAPIUnauthorizedCarriesStringNull() async throws {
        let lab = try await startLab("127.74.0.0", ["uniview-ipc"])
        defer { Task { try await lab.shutdown() } }
        let connection = try RawConnection(host: try host(lab, "uniview-ipc"), port: port(lab, 80))
        connection.send("GET /LAPI/V1.0/System/DeviceBasicInfo HTTP/1.1\r\nHost: cam\r\n\r\n")
        let reply = connection.receiveReply()
        #expect(reply.hasPrefix("HTTP/1.1 401 Unauthorized"))
        #expect(body(reply).hasSuffix(#""Data":"null"}}"#))
    }
}
