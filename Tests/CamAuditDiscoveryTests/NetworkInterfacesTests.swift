import CamAuditCore
import Testing
@testable import CamAuditDiscovery

@Suite struct NetworkInterfacesTests {
    @Test func loopbackHasItsAddress() {
        #expect(NetworkInterfaces.ipv4Address(named: "lo") == IPAddress("127.0.0.1"))
    }

    @Test func anUnknownInterfaceHasNone() {
        #expect(NetworkInterfaces.ipv4Address(named: "camaudit-none0") == nil)
    }
}
