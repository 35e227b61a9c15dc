import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import Testing

/// Every maker is named from answers a device gives before login, and firmware is read where a
/// pre-login answer carries it. Observation sets are the real samples cited in the fingerprints.
@Suite struct UnauthenticatedIdentityTests {
    private func identify(_ observations: [Observation]) throws -> Identity {
        try Identifier(catalog: FingerprintCatalog.bundled()).identify(observations)
    }

    private func observe(_ field: ObservedField, _ value: String, port: UInt16 = 80, probe: String = "GET /") -> Observation {
        Observation(field: field, value: value, port: port, probe: probe)
    }

    /// Fields that are not a device's own pre-login answer (authenticated reads), or that the
    /// fusion rules say can never name a maker alone (open ports, the MAC's OUI).
    static let fieldsThatDoNotCount: Set<String> = ["tcp.open_ports", "mac.oui"]

    /// Vocabulary makers with no public sample of an unauthenticated answer that names them; each
    /// is listed in the report of issue 11 and should leave this list once a sample is found.
    static let makersWithoutAnUnauthenticatedSample: Set<String> = [
        "Edimax", "TVT", "Digiever", "ThroughTek", "Hytera", "DJI", "Autel Robotics",
    ]

    @Test func everyVocabularyMakerIsNamedByAPreLoginAnswer() throws {
        let catalog = try FingerprintCatalog.bundled()
        let identifier = Identifier(catalog: catalog)
        var named: Set<String> = []
        for file in catalog.files where !file.field.rawValue.hasPrefix("auth.") && !Self.fieldsThatDoNotCount.contains(file.field.rawValue)
        {
            for fingerprint in file.fingerprints {
                for example in fingerprint.examples {
                    let identity = identifier.identify([Observation(field: file.field, value: example.value, port: 80, probe: "example")])
                    if let manufacturer = identity.manufacturer { named.insert(manufacturer) }
                }
            }
        }
        let makers = Set(catalog.vocabulary.manufacturers.map(\.name))
        let unnamed = makers.subtracting(named)
        #expect(
            unnamed == Self.makersWithoutAnUnauthenticatedSample,
            "named now: \(Self.makersWithoutAnUnauthenticatedSample.intersection(named).sorted()), newly unnamed: \(unnamed.subtracting(Self.makersWithoutAnUnauthenticatedSample).sorted())"
        )
    }

    @Test func foscamHDIsNamedByItsDiscoveryScopesAndWebClient() throws {
        let identity = try identify([
            observe(
                .onvifScopes,
                "onvif://www.onvif.org/type/manufacturer/FOSCAM onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/type/network_video_transmitter onvif://www.onvif.org/name/C1 onvif://www.onvif.org/hardware/C1 onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/location/country/china onvif://www.onvif.org/location/city/Shenzhen",
                port: 3702, probe: "WS-Discovery"),
            observe(.httpServer, "lighttpd/1.4.49", port: 88),
            observe(.httpTitle, "IPCam Client", port: 88),
        ])
        #expect(identity.manufacturer == "Foscam")
        #expect(identity.model == "C1")
        #expect(identity.deviceType == .camera)
    }

    @Test func netwaveServerIsFoscamFirmwareWithItsVersion() throws {
        let identity = try identify([
            observe(.httpServer, "Netwave IP Camera"),
            observe(
                .httpBody, "var id='00626E4A3CD0';\nvar sys_ver='11.37.2.49';\nvar app_ver='2.0.10.4';\nvar alias='LivingRoom';\n",
                probe: "GET /get_status.cgi"),
        ])
        #expect(identity.manufacturer == "Foscam")
        #expect(identity.firmware == "11.37.2.49")
        #expect(identity.mac == "00:62:6e:4a:3c:d0")
        #expect(identity.deviceType == .camera)
        #expect(identity.conflicts.isEmpty)
    }

    @Test func netwaveCloneKeepsItsFirmwareWithoutAMakerClaimFromTheBody() throws {
        let identity = try identify([
            observe(.httpServer, "Netwave IP Camera"),
            observe(.httpBody, "var id='00656E527CC2';\nvar sys_ver='Ver 1.8';\nvar app_ver='Ver 1.7.22';\n", probe: "GET /get_status.cgi"),
        ])
        #expect(identity.manufacturer == "Foscam")
        #expect(identity.firmware == "Ver 1.8")
    }

    @Test(arguments: ["iPolis", "iPolis_00-09-18-52-39-00"])
    func samsungTechwinRealmNamesHanwha(_ realm: String) throws {
        let identity = try identify([observe(.httpAuthRealm, realm, probe: "GET /home/monitoring.cgi")])
        #expect(identity.manufacturer == "Hanwha")
    }

    @Test func wisenetRTSPRealmAndHanwhaVisionScopeNameHanwha() throws {
        let identity = try identify([
            observe(.rtspAuthRealm, "iPOLiS", port: 554, probe: "RTSP DESCRIBE"),
            observe(
                .onvifScopes,
                "onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/hardware/XNV-C8083R onvif://www.onvif.org/name/Hanwha%20Vision onvif://www.onvif.org/MAC/E4:30:22:CD:68:85",
                port: 3702, probe: "WS-Discovery"),
        ])
        #expect(identity.manufacturer == "Hanwha")
        #expect(identity.model == "XNV-C8083R")
        #expect(identity.deviceType == .camera)
    }

    @Test(arguments: ["Samsung Techwin", "SAMSUNG TECHWIN", "Samsung", "Wisenet", "Hanwha Vision", "Hanwha Techwin"])
    func samsungAndWisenetLabelsResolveToHanwha(_ label: String) throws {
        let catalog = try FingerprintCatalog.bundled()
        #expect(catalog.vocabulary.resolve(label) == .manufacturer("Hanwha"))
        let identity = try identify([
            observe(
                .onvifDeviceInformation, "Manufacturer=\(label);Model=SNB-6004;FirmwareVersion=1.20;SerialNumber=ZC5N70000123",
                probe: "ONVIF GetDeviceInformation")
        ])
        #expect(identity.manufacturer == "Hanwha")
    }

    @Test func univiewScopesCarryFirmwareAndSerial() throws {
        let identity = try identify([
            observe(
                .onvifScopes,
                "onvif://www.onvif.org/Profile/G onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/Profile/T onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/type/audio_encoder onvif://www.onvif.org/max_resolution/2688*1520 onvif://www.onvif.org/register_status/offline onvif://www.onvif.org/register_server/0.0.0.0:5060 onvif://www.onvif.org/regist_id/34020000001320000001 onvif://www.onvif.org/type/IPC onvif://www.onvif.org/manufacturer/NONE onvif://www.onvif.org/VideoSourceNumber/1 onvif://www.onvif.org/version/GIPC-B6215.1.68.NB.240617 onvif://www.onvif.org/serial/210235UEDW3247000013 onvif://www.onvif.org/macaddr/e4f14c776608 onvif://www.onvif.org/hardware/SC-3243-IWPS-F28 onvif://www.onvif.org/location/ onvif://www.onvif.org/name/SC-3243-IWPS-F28",
                port: 3702, probe: "WS-Discovery")
        ])
        #expect(identity.manufacturer == "Uniview")
        #expect(identity.model == "SC-3243-IWPS-F28")
        #expect(identity.firmware == "GIPC-B6215.1.68.NB.240617")
        #expect(identity.serial == "210235UEDW3247000013")
    }

    @Test func legacyAxisTitleCarriesModelAndFirmware() throws {
        let identity = try identify([
            observe(.httpTitle, "Live view / - AXIS 205 Network Camera version 4.05", probe: "GET /view/viewer_index.shtml?id=1"),
            observe(.httpAuthRealm, "AXIS_00408C1A2B3C", probe: "GET /axis-cgi/param.cgi?action=list&group=root.Brand"),
        ])
        #expect(identity.manufacturer == "Axis")
        #expect(identity.model == "205")
        #expect(identity.firmware == "4.05")
        #expect(identity.deviceType == .camera)
    }

    @Test func axisGetBrandNamesTheModelWithoutLogin() throws {
        let identity = try identify([
            observe(
                .httpBody,
                "{\n  \"Brand\": {\n   \"Brand\": \"AXIS\",\n   \"ProdType\": \"Network Camera\",\n   \"ProdNbr\": \"M1125\",\n   \"ProdShortName\": \"AXIS M1125\",\n   \"ProdFullName\": \"AXIS M1125 Network Camera\"\n }\n}",
                probe: "GET /axis-cgi/prod_brand_info/getbrand.cgi")
        ])
        #expect(identity.manufacturer == "Axis")
        #expect(identity.model == "M1125")
    }

    @Test func uniformlyBlankManufacturerScopeNamesNobody() throws {
        let identity = try identify([
            observe(
                .onvifScopes, "onvif://www.onvif.org/manufacturer/NONE onvif://www.onvif.org/hardware/SC-3243-IWPS-F28", port: 3702,
                probe: "WS-Discovery")
        ])
        #expect(identity.manufacturer == nil)
    }
}
