import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import Testing

@Suite struct IdentifierTests {
    private func identify(_ observations: [Observation]) throws -> Identity {
        try Identifier(catalog: FingerprintCatalog.bundled()).identify(observations)
    }

    private func observe(_ field: ObservedField, _ value: String, port: UInt16 = 80, probe: String = "GET /") -> Observation {
        Observation(field: field, value: value, port: port, probe: probe)
    }

    @Test func oldHikvisionCamera() throws {
        let identity = try identify([
            observe(.httpServer, "App-webs/"),
            observe(.httpAuthRealm, "IP Camera(C2183)"),
            observe(.rtspAuthRealm, "IP Camera(C2875)", port: 554, probe: "RTSP DESCRIBE"),
            observe(.banner, #"\x00\x00\x00\x10\x00\x00\x00\x1e\x00\x00\x00\x1e\x00\x00\x00\x00"#, port: 8000, probe: "TCP connect"),
            observe(.telnetBanner, "192.0.0.64 login:", port: 23, probe: "telnet"),
        ])
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.brand == nil)
        #expect(identity.deviceType == .camera)
        #expect(identity.confidence > 0.99)
        #expect(identity.conflicts.isEmpty)
        #expect(identity.evidence.count == 5)
    }

    @Test func newHikvisionWithOnvifModelAndFirmware() throws {
        let identity = try identify([
            observe(.httpServer, "webserver"),
            observe(.httpBody, #"<script>window.location.href = "/doc/page/login.asp?_" + (new Date()).getTime();</script>"#),
            observe(
                .hikvisionISAPI,
                #"<SessionLoginCap version="2.0" xmlns="http://www.std-cgi.com/ver20/XMLSchema"><sessionID>1</sessionID></SessionLoginCap>"#,
                probe: "GET /ISAPI/Security/sessionLogin/capabilities"),
            observe(
                .onvifDeviceInformation,
                "Manufacturer=HIKVISION;Model=DS-2CD2386G2-IU;FirmwareVersion=V5.7.15 build 240201;SerialNumber=DS-2CD2386G2-IU00000000AAWRJ00000000;HardwareId=88",
                probe: "ONVIF GetDeviceInformation"),
        ])
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.model == "DS-2CD2386G2-IU")
        #expect(identity.firmware == "V5.7.15 build 240201")
        #expect(identity.deviceType == .camera)
        #expect(identity.confidence > 0.99)
    }

    @Test func ltsLabelledHikvisionKeepsTheFirmwareMaker() throws {
        let identity = try identify([
            observe(.httpServer, "DNVRS-Webs"),
            observe(.httpTitle, "LTS"),
            observe(.faviconMD5, "89b932fcc47cf4ca3faadb0cfdef89cf"),
        ])
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.brand == "LTS")
        #expect(identity.evidence.contains { $0.fingerprint == "oem-brands.LTS" })
        #expect(identity.conflicts.isEmpty)
    }

    @Test func brandAloneInfersTheManufacturerWithLessConfidence() throws {
        let identity = try identify([observe(.httpTitle, "HiWatch")])
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.brand == "HiWatch")
        #expect(identity.confidence < 0.5)
        let inferred = try #require(identity.evidence.first { $0.fingerprint == "oem-brands.HiWatch" })
        #expect(inferred.claims["inferredFromBrand"] == "HiWatch")
    }

    @Test func amcrestLabelledDahua() throws {
        let identity = try identify([
            observe("http.header_names", "CONNECTION,Date,Last-Modified,Etag,CONTENT-LENGTH,CACHE-CONTROL,CONTENT-TYPE"),
            observe(.httpBody, "<span>Copyright Amcrest Technologies</span>"),
            observe(.dahuaRPC2Realm, "Login to AMC000N49SSV0M2U46", probe: "POST /RPC2_Login"),
            observe(.rtspAuthRealm, "Login to AMC000N49SSV0M2U46", port: 554, probe: "RTSP OPTIONS"),
        ])
        #expect(identity.manufacturer == "Dahua")
        #expect(identity.brand == "Amcrest")
        #expect(identity.deviceType == .camera)
        #expect(identity.confidence > 0.99)
    }

    @Test func axisCamera() throws {
        let identity = try identify([
            observe(.httpAuthRealm, "AXIS_00408CEF081C"),
            observe(.tlsSubject, "CN=axis-accc8ea31abf,O=Axis Communications AB", port: 443, probe: "TLS handshake"),
            observe(
                .httpBody, "root.Brand.Brand=AXIS\nroot.Brand.ProdNbr=M1065-LW\nroot.Brand.ProdType=Network Camera",
                probe: "GET /axis-cgi/param.cgi"),
        ])
        #expect(identity.manufacturer == "Axis")
        #expect(identity.model == "M1065-LW")
        #expect(identity.deviceType == .camera)
    }

    @Test func hanwhaCamera() throws {
        let identity = try identify([
            observe(.httpTitle, "Hanwha Techwin"), observe(.rtspServer, "GStreamer RTSP server", port: 554, probe: "RTSP OPTIONS"),
        ])
        #expect(identity.manufacturer == "Hanwha")
        #expect(identity.deviceType == .camera)
    }

    @Test func univiewCamera() throws {
        let identity = try identify([
            observe(
                .httpBody,
                #"{"Response":{"ResponseURL":"/LAPI/V1.0/System/DeviceBasicInfo","ResponseCode":3,"StatusCode":401,"Data":"null"}}"#,
                probe: "GET /LAPI/V1.0/System/DeviceBasicInfo"),
            observe(.faviconMMH3, "-1240222446"),
        ])
        #expect(identity.manufacturer == "Uniview")
        #expect(identity.deviceType == .camera)
    }

    @Test func genericOnvifCameraOfUnknownMake() throws {
        let identity = try identify([
            observe(
                .onvifScopes, "onvif://www.onvif.org/type/Network_Video_Transmitter onvif://www.onvif.org/Profile/Streaming", port: 3702,
                probe: "WS-Discovery"),
            observe(
                .onvifDeviceInformation, "Manufacturer=Acme Vision;Model=AV-100;FirmwareVersion=1.0.3;SerialNumber=;HardwareId=",
                probe: "ONVIF GetDeviceInformation"),
        ])
        #expect(identity.manufacturer == "Acme Vision")
        #expect(identity.model == "AV-100")
        #expect(identity.deviceType == .camera)
    }

    @Test func nginxDecoyIsNotACamera() throws {
        let identity = try identify([
            observe(.httpServer, "nginx/1.18.0 (Ubuntu)"),
            observe(.httpTitle, "Welcome to nginx!"),
            observe(.httpBody, "<h1>Welcome to nginx!</h1>"),
        ])
        #expect(identity.manufacturer == nil)
        #expect(identity.deviceType == .other)
        #expect(!identity.deviceType.isVideoDevice)
    }

    @Test func genericEmbeddedServerAloneIsUnknown() throws {
        let identity = try identify([observe(.httpServer, "GoAhead-Webs"), observe(.httpServer, "Boa/0.94.14rc21", port: 8080)])
        #expect(identity.manufacturer == nil)
        #expect(identity.deviceType == .unknown)
        #expect(identity.confidence == 0)
    }

    @Test func printerIsOther() throws {
        let identity = try identify([
            observe(
                .httpServer,
                "HP HTTP Server; HP Officejet 6500 E709n - CB057A; Serial Number: abc123; Rainbow Built:Sat Dec 13, 2008 10:58:21AM {abc123, ASIC id 0x00ffc2105}"
            )
        ])
        #expect(identity.manufacturer == "HP")
        #expect(identity.deviceType == .other)
        #expect(identity.model == "Officejet 6500 E709n")
    }

    @Test func conflictingEvidenceIsReported() throws {
        let identity = try identify([
            observe(.hikvisionISAPI, #"<SessionLoginCap version="2.0" xmlns="http://www.std-cgi.com/ver20/XMLSchema"></SessionLoginCap>"#),
            observe(.faviconMD5, "89b932fcc47cf4ca3faadb0cfdef89cf"),
            observe(.httpTitle, "WEB SERVICE", port: 8080),
        ])
        #expect(identity.manufacturer == "Hikvision")
        let conflict = try #require(identity.conflicts.first { $0.attribute == "manufacturer" })
        #expect(conflict.chosen == "Hikvision")
        #expect(conflict.rejected == ["Dahua"])
        #expect(identity.confidence < 0.999)
    }

    @Test func resultIsIndependentOfObservationOrder() throws {
        let observations = [
            observe(.httpServer, "DNVRS-Webs"), observe(.httpTitle, "LTS"), observe(.httpTitle, "WEB SERVICE", port: 81),
            observe(.rtspAuthRealm, "IP Camera(C2875)", port: 554, probe: "RTSP DESCRIBE"),
        ]
        #expect(try identify(observations) == identify(observations.reversed()))
    }

    @Test func noObservationsIsUnknown() throws {
        #expect(try identify([]) == Identity.unknown)
    }
}
