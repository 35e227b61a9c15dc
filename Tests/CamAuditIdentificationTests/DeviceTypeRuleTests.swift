import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import Testing

/// How the device type is chosen: the strongest single witness, with a veto for catch-all hosts.
@Suite struct DeviceTypeRuleTests {
    private func identify(_ observations: [Observation]) throws -> Identity {
        try Identifier(catalog: FingerprintCatalog.bundled()).identify(observations)
    }

    @Test func aRecordersOwnMarkerBeatsGenericVideoCues() throws {
        // A CP Plus DVR also runs ONVIF and RTSP, which on their own suggest "camera".
        let identity = try identify([
            Observation(field: .httpTitle, value: "CPPLUS DVR \u{2013}Web View", port: 80, probe: "GET /"),
            Observation(
                field: .onvifScopes,
                value: "onvif://www.onvif.org/type/Network_Video_Transmitter onvif://www.onvif.org/hardware/CP-UVR-0801E1-CV2",
                probe: "WS-Discovery"),
            Observation(field: "onvif.system_date_and_time", value: "2026-11-21T23:32:11Z", port: 80, probe: "ONVIF GetSystemDateAndTime"),
            Observation(field: .rtspPublic, value: "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN", port: 554, probe: "RTSP OPTIONS"),
        ])
        #expect(identity.deviceType == .dvr)
        #expect(identity.conflicts.contains { $0.attribute == "deviceType" && $0.rejected == ["camera"] })
    }

    @Test func aHostThatServesARouteThatCannotExistIsNotCalledACamera() throws {
        let identity = try identify([
            Observation(field: .rtspServer, value: "GStreamer RTSP server", port: 554, probe: "RTSP OPTIONS"),
            Observation(field: .rtspPublic, value: "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN", port: 554, probe: "RTSP OPTIONS"),
            Observation(field: "rtsp.status", value: "DESCRIBE /<random> -> 200", port: 554, probe: "RTSP DESCRIBE"),
        ])
        #expect(identity.deviceType == .unknown)
    }

    @Test func aWeakCannotTellLeavesTheMakersDefault() throws {
        // GoAhead alone says nothing; with a Hikvision firmware marker the maker's default type stands.
        let identity = try identify([
            Observation(field: .httpServer, value: "GoAhead-Webs", port: 80, probe: "GET /"),
            Observation(
                field: .hikvisionISAPI,
                value: #"<SessionLoginCap version="2.0" xmlns="http://www.std-cgi.com/ver20/XMLSchema"></SessionLoginCap>"#, port: 80,
                probe: "GET /ISAPI/Security/sessionLogin/capabilities"),
        ])
        #expect(identity.manufacturer == "Hikvision")
        #expect(identity.deviceType == .camera)
    }
}
