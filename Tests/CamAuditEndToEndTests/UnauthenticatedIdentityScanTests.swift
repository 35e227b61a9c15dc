import CamAuditCore
import CamAuditLab
import CamAuditTestSupport
import Testing

/// A scan without credentials names the maker and model of the lab devices built from real
/// pre-login answers, and reads firmware where such an answer carries it (issue 11, item 4).
@Suite("Unauthenticated identity end to end", .serialized)
struct UnauthenticatedIdentityScanTests {
    /// Profiles whose firmware a real device tells before login (get_status.cgi, WS-Discovery
    /// version scope, the legacy live-view title); the others need credentials for it.
    static let firmwareBeforeLogin: Set<String> = ["netwave-foscam-fi89xx", "uniview-ipc", "legacy-axis-205"]
    static let profiles = [
        "foscam-hd", "netwave-foscam-fi89xx", "samsung-techwin-ipc", "hanwha-ipc", "uniview-ipc", "legacy-axis-205", "reolink-ipc",
    ]

    @Test func makerModelAndFirmwareFromPreLoginAnswers() async throws {
        let (report, lab, _) = try await EndToEndTests.scan(base: EndToEndTests.base(217), profiles: Self.profiles)
        #expect(report.scan.status == .completed)
        for device in lab.devices {
            let found = try #require(report.devices.first { $0.address == device.address }, "\(device.profile) was not reported")
            #expect(found.manufacturer == device.expected.manufacturer, "\(device.profile): manufacturer \(found.manufacturer ?? "nil")")
            #expect(found.deviceType == device.expected.deviceType, "\(device.profile): device type")
            #expect(found.model == device.expected.model, "\(device.profile): model \(found.model ?? "nil")")
            if Self.firmwareBeforeLogin.contains(device.profile) {
                #expect(found.firmware == device.expected.firmware, "\(device.profile): firmware \(found.firmware ?? "nil")")
            }
        }
    }
}
