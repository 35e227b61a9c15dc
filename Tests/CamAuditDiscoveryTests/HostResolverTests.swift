import CamAuditCore
import CamAuditDiscovery
import Testing

/// Only names that /etc/hosts answers, so no DNS packet leaves the machine.
struct HostResolverTests {
    @Test func resolvesLocalhostToALoopbackAddress() async throws {
        let addresses = try await HostResolver.resolve("localhost", timeout: .seconds(5))
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { AddressScope(of: $0) == .loopback })
    }

    @Test func resolvesANumericAddressWithoutALookup() async throws {
        let addresses = try await HostResolver.resolve("127.77.9.9", timeout: .seconds(5))
        #expect(addresses == [IPAddress("127.77.9.9")!])
    }
}
