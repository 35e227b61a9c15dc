import CamAuditCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing
@testable import CamAuditProbes

/// Live probes against in-test servers on 127.77.0.x (never the lab, never a non-loopback address).
@Suite("ServiceProber against canned loopback servers", .serialized)
struct LiveProbeTests {
    static let group = MultiThreadedEventLoopGroup.singleton

    static func http(_ status: String, headers: [String], body: String) -> [UInt8] {
        let head = (["HTTP/1.1 \(status)"] + headers + ["Content-Length: \(body.utf8.count)", "Connection: close"]).joined(
            separator: "\r\n")
        return Array((head + "\r\n\r\n" + body).utf8)
    }

    static func path(of request: String) -> String {
        let parts = request.split(separator: " ")
        return parts.count > 1 ? String(parts[1]) : ""
    }

    /// A Hikvision-shaped web server, built from the real samples.
    static func hikvisionAnswer(_ request: String) -> CannedServer.Reply {
        let path = path(of: request)
        switch path {
        case "/":
            return .bytes(
                Array(
                    "HTTP/1.0 200 OK\r\nServer: DNVRS-Webs\r\nContent-Type: text/html\r\nSet-Cookie: _goaheadwebSessionId=1; path=/\r\n\r\n\u{FEFF}<!doctype html>\r\n<html><head><title>index</title></head><script>window.location.href = \"/doc/page/login.asp?_\" + (new Date()).getTime();</script></html>"
                        .utf8))
        case "/favicon.ico":
            return .bytes(http("200 OK", headers: ["Content-Type: image/x-icon"], body: "ICONBYTES"))
        case "/ISAPI/Security/sessionLogin/capabilities?username=admin":
            let sample = SampleCorpus.bytes("hikvision-sessionlogin-capabilities-chunked.http")
            return .bytes(sample)
        default:
            return .bytes(SampleCorpus.bytes("hikvision-http-401.http"))
        }
    }

    /// An RTSP server shaped like newer Dahua firmware (the VLC capture in https://github.com/ws2543/about-multimedia,
    /// README.md early revision: 401 without Server header, then `Server: Rtsp Server/3.0` after auth).
    static func dahuaRTSPAnswer(_ request: String) -> CannedServer.Reply {
        if request.hasPrefix("OPTIONS ") {
            return .bytes(
                Array(
                    "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Rtsp Server/3.0\r\nPublic: OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, PAUSE, TEARDOWN, SET_PARAMETER, GET_PARAMETER\r\n\r\n"
                        .utf8))
        }
        if request.hasPrefix("DESCRIBE ") { return .bytes(SampleCorpus.bytes("dahua-rtsp-401.rtsp")) }
        return .bytes(SampleCorpus.bytes("dahua-rtsp-405-to-http.rtsp"))
    }

    func observed(_ result: HostProbeResult, _ field: ObservedField, port: UInt16) -> [String] {
        result.observations.filter { $0.field == field && $0.port == port }.map(\.value)
    }

    @Test func recognisesServicesByContentAndBoundsMisbehavingPorts() async throws {
        let host = "127.77.0.1"
        let camera = try await CannedServer(host: host, group: Self.group, answer: Self.hikvisionAnswer)
        let rtsp = try await CannedServer(host: host, group: Self.group, answer: Self.dahuaRTSPAnswer)
        let silent = try await CannedServer(host: host, group: Self.group) { _ in .silent }
        let trickle = try await CannedServer(host: host, group: Self.group) { _ in
            .trickle(Array("HTTP/1.1 200 OK\r\nServer: slow\r\n\r\n".utf8), interval: .milliseconds(200))
        }
        let hugeHeader = try await CannedServer(host: host, group: Self.group) { _ in
            .bytes(Array("HTTP/1.1 200 OK\r\nX-Junk: ".utf8) + [UInt8](repeating: 0x41, count: 1 << 20) + Array("\r\n\r\n".utf8))
        }
        let telnet = try await CannedServer(
            host: host, group: Self.group, banner: [255, 253, 1, 255, 251, 3] + Array("192.0.0.64 login: ".utf8)
        ) { _ in .silent }

        let configuration = ProbeConfiguration(stepTimeout: .seconds(1), hostDeadline: .seconds(8), bannerWait: .milliseconds(300))
        let prober = ServiceProber(configuration: configuration, eventLoopGroup: Self.group)
        let ports = [camera.port, rtsp.port, silent.port, trickle.port, hugeHeader.port, telnet.port]
        let started = ContinuousClock.now
        let result = await prober.probe(host: try #require(IPAddress(host)), openPorts: ports)
        let elapsed = ContinuousClock.now - started
        for server in [camera, rtsp, silent, trickle, hugeHeader, telnet] { await server.stop() }
        if ProcessInfo.processInfo.environment["CAMAUDIT_PRINT_PROBES"] != nil {
            for observation in result.observations {
                print("\(observation.port ?? 0) \(observation.probe) | \(observation.field) = \(observation.value.prefix(100))")
            }
            for note in result.notes { print("note: \(note)") }
        }

        #expect(elapsed < .seconds(9), "the host deadline bounds the whole probe")
        let services = Dictionary(uniqueKeysWithValues: result.services.map { ($0.port, $0.service) })
        #expect(services[camera.port] == "http")
        #expect(services[rtsp.port] == "rtsp")
        #expect(services[telnet.port] == "telnet")
        #expect(services[silent.port] == "unknown")

        #expect(observed(result, .httpServer, port: camera.port) == ["DNVRS-Webs"])
        // The root title first; the 401 page of /doc/page/login.asp (this canned device) follows.
        #expect(observed(result, .httpTitle, port: camera.port) == ["index", "Document Error: Unauthorized"])
        #expect(observed(result, .httpCookie, port: camera.port) == ["_goaheadwebSessionId"])
        #expect(observed(result, .httpBody, port: camera.port).first?.hasPrefix("<!doctype html>") == true)
        #expect(observed(result, .httpAuthRealm, port: camera.port) == ["IP Camera(C2183)"])
        #expect(observed(result, .faviconMD5, port: camera.port) == [FaviconHash.md5(Array("ICONBYTES".utf8))])
        #expect(observed(result, .hikvisionISAPI, port: camera.port).first?.contains("<SessionLoginCap") == true)
        #expect(observed(result, .httpStatus, port: camera.port).contains("GET /stw-cgi/system.cgi?msubmenu=deviceinfo&action=view -> 401"))
        #expect(observed(result, .dahuaRPC2, port: camera.port).isEmpty, "an HTML 401 is not an RPC2 challenge")

        #expect(observed(result, .rtspServer, port: rtsp.port).contains("Dahua Rtsp Server"), "from the RTSP 405 to GET /")
        #expect(observed(result, .rtspServer, port: rtsp.port).contains("Rtsp Server/3.0"))
        #expect(observed(result, .rtspAuthRealm, port: rtsp.port) == ["Login to 4M0747EPAA1D284"])
        #expect(observed(result, .rtspStatus, port: rtsp.port).contains("DESCRIBE /<random> -> 401"))
        #expect(observed(result, .rtspPublic, port: rtsp.port).first?.hasPrefix("OPTIONS, DESCRIBE") == true)

        #expect(observed(result, .telnetBanner, port: telnet.port) == ["192.0.0.64 login: "])

        #expect(result.notes.contains("port \(silent.port): no answer to GET / within 1 s"))
        // On a loaded machine the host deadline may cut the trickle first; either way its cost is bounded and noted.
        #expect(
            result.notes.contains {
                $0.hasPrefix("port \(trickle.port): no complete answer to GET / within 1 s")
                    || $0.hasPrefix("port \(trickle.port): no complete answer to GET / before the host deadline")
                    || ($0.hasPrefix("port \(trickle.port):") && $0.contains("host deadline reached"))
            })
        #expect(result.notes.contains("port \(hugeHeader.port): GET /: header larger than 64 KiB, cut"))
    }

    @Test func answersTwoHundredToEverythingWithoutFalseVendorEvidence() async throws {
        let honeypot = try await CannedServer(host: "127.77.0.2", group: Self.group) { _ in
            .bytes(
                Self.http("200 OK", headers: ["Server: nginx", "Content-Type: text/html"], body: "<html><title>Welcome</title>ok</html>"))
        }
        let prober = ServiceProber(
            configuration: ProbeConfiguration(stepTimeout: .seconds(1), hostDeadline: .seconds(6)), eventLoopGroup: Self.group)
        let result = await prober.probe(host: try #require(IPAddress("127.77.0.2")), openPorts: [honeypot.port])
        await honeypot.stop()
        #expect(result.services.first?.service == "http")
        for field in [ObservedField.hikvisionISAPI, .dahuaRPC2, .dahuaRPC2Realm, .onvifDeviceInformation, .onvifSystemDateAndTime] {
            #expect(observed(result, field, port: honeypot.port).isEmpty, "\(field) must not come from a catch-all 200")
        }
        // GET /, every web probe, and the random path, which got the root page back byte for byte.
        #expect(observed(result, .httpStatus, port: honeypot.port).count == 2 + WebProbeRequest.all.count)
        #expect(observed(result, .httpStatus, port: honeypot.port).contains(CatchAllAnswer.webPageForAnyPath))
    }

    @Test func hostDeadlineCutsAManyPortSilentHost() async throws {
        var servers: [CannedServer] = []
        for _ in 0..<6 { servers.append(try await CannedServer(host: "127.77.0.3", group: Self.group) { _ in .silent }) }
        let prober = ServiceProber(
            configuration: ProbeConfiguration(stepTimeout: .seconds(2), hostDeadline: .seconds(2), bannerWait: .milliseconds(200)),
            eventLoopGroup: Self.group)
        let started = ContinuousClock.now
        let result = await prober.probe(host: try #require(IPAddress("127.77.0.3")), openPorts: servers.map(\.port))
        let elapsed = ContinuousClock.now - started
        for server in servers { await server.stop() }
        #expect(elapsed < .milliseconds(3000))
        #expect(result.services.count == 6)
        #expect(result.notes.contains { $0.contains("host deadline") })
    }

    @Test func readsTheCertificateSubjectOverTLS() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-probes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
            "-subj", "/C=CN/ST=ZheJiang/L=HangZhou/O=HIKVISION/OU=DVRNVR/CN=www.hikvision.com",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl is needed to make a test certificate")

        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        let server = try await CannedServer(host: "127.77.0.4", group: Self.group, tls: try NIOSSLContext(configuration: tls)) { _ in
            .bytes(Self.http("200 OK", headers: ["Server: App-webs/"], body: "<title>secure</title>"))
        }
        let prober = ServiceProber(
            configuration: ProbeConfiguration(stepTimeout: .seconds(2), hostDeadline: .seconds(10), bannerWait: .milliseconds(200)),
            eventLoopGroup: Self.group)
        let result = await prober.probe(host: try #require(IPAddress("127.77.0.4")), openPorts: [server.port])
        await server.stop()
        #expect(result.services.first?.service == "https")
        #expect(
            observed(result, .tlsSubject, port: server.port) == ["CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN"])
        #expect(
            observed(result, .tlsIssuer, port: server.port) == ["CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN"])
        #expect(observed(result, .httpServer, port: server.port) == ["App-webs/"])
    }
}
