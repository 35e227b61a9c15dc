import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import Testing

/// The discovery fields (SADP, DHDiscover, ONVIF scopes, SSDP/UPnP, MAC OUI) identify devices without credentials.
@Suite struct DiscoveryFieldTests {
    private func identify(_ observations: [(String, String)]) throws -> Identity {
        try Identifier(catalog: FingerprintCatalog.bundled()).identify(
            observations.map { Observation(field: ObservedField(rawValue: $0.0), value: $0.1, port: nil, probe: "discovery") })
    }

    @Test func sadpGivesHikvisionModelAndNormalisedFirmware() throws {
        let identity = try identify([("sadp.device_description", "DS-2CD2385G1-I"), ("sadp.software_version", "V5.3.0build 150513")])
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.model == "DS-2CD2385G1-I")
        #expect(identity.firmware == "V5.3.0 build 150513")
        #expect(identity.deviceType == .camera)
    }

    @Test func dhdiscoverPrivateVendorIsDahuaFirmware() throws {
        let identity = try identify([
            ("dhdiscover.device_type", "IPC-HDW5421S"), ("dhdiscover.vendor", "Private"), ("dhdiscover.version", "2.400.0.8"),
        ])
        #expect(identity.manufacturer == "Dahua")
        #expect(identity.brand == nil)
        #expect(identity.model == "IPC-HDW5421S")
        #expect(identity.firmware == "2.400.0.8")
    }

    @Test func dhdiscoverOEMVendorIsABrandOfDahua() throws {
        let identity = try identify([("dhdiscover.device_type", "IP8M-2496EB"), ("dhdiscover.vendor", "Amcrest")])
        #expect(identity.manufacturer == "Dahua")
        #expect(identity.brand == "Amcrest")
        #expect(identity.model == "IP8M-2496EB")
    }

    @Test func onvifScopesNameAnOEMBrandAndItsModel() throws {
        let identity = try identify([
            (
                "onvif.scopes",
                "onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/hardware/IPC-B140H onvif://www.onvif.org/name/HILOOK%20IPC-B140H"
            )
        ])
        #expect(identity.brand == "HiLook")
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.model == "IPC-B140H")
    }

    @Test func ouiAloneIsWeakManufacturerEvidence() throws {
        let identity = try identify([("mac.oui", "5850ED")])
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.confidence < 0.5)
    }

    @Test func firmwareEvidenceOutweighsAnotherMakersOUI() throws {
        // An OEM unit can carry a module maker's OUI: the discovery answer decides.
        let identity = try identify([("mac.oui", "5850ED"), ("dhdiscover.vendor", "Dahua"), ("dhdiscover.device_type", "IPC-HDW5421S")])
        #expect(identity.manufacturer == "Dahua")
    }

    @Test func routerUPnPStaysANonCamera() throws {
        let identity = try identify([("ssdp.server", "RouterOS/6.43UPnP/1.0 MikroTik UPnP/1.0")])
        #expect(identity.manufacturer == "MikroTik")
        #expect(identity.deviceType == .other)
    }

    @Test func axisUPnPDescriptionNamesTheModel() throws {
        let identity = try identify([
            ("upnp.manufacturer", "AXIS"), ("upnp.model_name", "AXIS M1065-LW"), ("upnp.friendly_name", "AXIS M1065-LW - ACCC8E5A3B2F"),
        ])
        #expect(identity.manufacturer == "Axis")
        #expect(identity.model == "M1065-LW")
        #expect(identity.deviceType == .camera)
    }
}
