import Testing
@testable import CamAuditCore

@Suite("Target parsing")
struct TargetSpecificationTests {
    @Test(arguments: [
        ("127.0.0.1", "127.0.0.1", UInt64(1)),
        ("127.1.0.0/24", "127.1.0.0-127.1.0.255", 256),
        ("127.1.0.10-40", "127.1.0.10-127.1.0.40", 31),
        ("127.1.0.250-127.1.1.5", "127.1.0.250-127.1.1.5", 12),
        ("127.1.2.3/32", "127.1.2.3", 1),
        ("::1", "::1", 1),
        ("[::1]", "::1", 1),
        ("fe80::1:0/120", "fe80::1:0-fe80::1:ff", 256),
        ("2001:db8::5-a", "2001:db8::5-2001:db8::a", 6),
        ("::ffff:127.0.0.9", "::ffff:7f00:9", 1),
    ])
    func parsesRanges(input: String, expected: String, count: UInt64) throws {
        let spec = try TargetSpecification(parsing: input)
        guard case .range(let range) = spec.kind else {
            Issue.record("\(input) should be an address range")
            return
        }
        #expect(range.description == expected)
        #expect(range.count == count)
    }

    @Test(arguments: ["camera-1.lan", "localhost", "nvr.example.org"])
    func parsesHostnames(input: String) throws {
        #expect(try TargetSpecification(parsing: input).kind == .hostname(input))
    }

    @Test(arguments: [
        "127.0.0.256", "127.1.0.40-10", "127.0.0.0/33", "1.0.0.0/4", "::/64", "127.0.0.1-::1", "bad_host!", "", "127.0.0.1/x",
        "1.2.3",
    ])
    func rejectsMalformed(input: String) {
        #expect(throws: TargetError.self) { try TargetSpecification(parsing: input) }
    }

    @Test func theTextIsKeptAsGiven() throws {
        let network = try TargetSpecification(parsing: "127.1.0.0/24")
        #expect(network.text == "127.1.0.0/24" && network.description == "127.1.0.0/24")
        #expect(try TargetSpecification(parsing: "Camera-1.LAN").text == "Camera-1.LAN")
        #expect(try TargetSpecification(parsing: "Camera-1.LAN").kind == .hostname("camera-1.lan"))
    }

    @Test func listsSkipCommentsAndBlankEntries() throws {
        let lines = try TargetSpecification.list(in: "# lab\n127.0.0.1  # one host\n\n  127.1.0.0/24\r\n")
        #expect(lines.map(\.text) == ["127.0.0.1", "127.1.0.0/24"])
        let commas = try TargetSpecification.list(in: "127.0.0.5, 127.0.0.9,,", separator: ",")
        #expect(commas.map(\.text) == ["127.0.0.5", "127.0.0.9"])
        #expect(throws: TargetError.self) { try TargetSpecification.list(in: "127.0.0.1\n127.0.0.300") }
    }

    @Test func errorsAreSentences() {
        do {
            _ = try TargetSpecification(parsing: "127.1.0.40-10")
            Issue.record("should have thrown")
        } catch {
            #expect(error.description.hasPrefix("'127.1.0.40-10' is not a valid target"))
            #expect(error.description.hasSuffix("."))
        }
    }
}

@Suite("Target sets")
struct TargetSetTests {
    func range(_ text: String) throws -> AddressRange {
        guard case .range(let range) = try TargetSpecification(parsing: text).kind else { throw TargetError.empty }
        return range
    }

    @Test func mergesOverlapsAndAppliesExclusions() throws {
        let set = TargetSet(
            including: [try range("127.1.0.0/30"), try range("127.1.0.2-6"), try range("::1")],
            excluding: [try range("127.1.0.3"), try range("127.9.0.0/16")])
        let addresses = Array(set).map(\.description)
        #expect(addresses == ["127.1.0.0", "127.1.0.1", "127.1.0.2", "127.1.0.4", "127.1.0.5", "127.1.0.6", "::1"])
        #expect(set.count == 7)
        #expect(set.contains(IPAddress("127.1.0.5")!))
        #expect(!set.contains(IPAddress("127.1.0.3")!))
    }

    @Test func largeNetworksStayLazy() throws {
        let set = TargetSet(including: [try range("127.0.0.0/8")])
        #expect(set.count == 16_777_216)
        var iterator = set.makeIterator()
        #expect(iterator.next() == IPAddress("127.0.0.0"))
        #expect(iterator.next() == IPAddress("127.0.0.1"))
    }

    @Test func excludingEverythingLeavesNothing() throws {
        let set = TargetSet(including: [try range("127.2.0.0/24")], excluding: [try range("127.2.0.0/16")])
        #expect(set.isEmpty)
        #expect(Array(set).isEmpty)
    }

    @Test func topOfTheAddressSpaceDoesNotOverflow() throws {
        let set = TargetSet(including: [try range("255.255.255.254-255")])
        #expect(Array(set).count == 2)
    }
}

@Suite("Scope guard")
struct ScopeGuardTests {
    // data: parsed only, never a target
    @Test(arguments: ["127.0.0.1", "10.0.0.0/24", "192.168.1.1", "172.16.0.0/12", "::1", "fe80::1", "fd00::1"])
    func allowsLocalScopes(input: String) throws {
        guard case .range(let range) = try TargetSpecification(parsing: input).kind else { return }
        try ScopeGuard().check(range)
    }

    @Test(arguments: ["8.8.8.8", "1.1.1.0/24", "2606:4700::1111", "127.255.255.255-128.0.0.1"])
    func refusesPublicUnlessAllowed(input: String) throws {
        guard case .range(let range) = try TargetSpecification(parsing: input).kind else { return }
        #expect(throws: TargetError.self) { try ScopeGuard().check(range) }
        try ScopeGuard(allowPublic: true).check(range)
    }

    @Test func refusalExplainsWhy() throws {
        guard case .range(let range) = try TargetSpecification(parsing: "8.8.8.8").kind else { return }
        do {
            try ScopeGuard().check(range)
            Issue.record("8.8.8.8 must be refused")
        } catch {
            #expect(error.description.contains("public"))
            #expect(!error.description.contains("--"), "the command line, not the scope guard, names the option")
            guard case .publicAddress = error else {
                Issue.record("a public address is its own kind of refusal, which the command line can answer: \(error)")
                return
            }
        }
    }

    @Test func aRefusalCarriedToANameKeepsItsKind() throws {
        guard case .range(let range) = try TargetSpecification(parsing: "8.8.8.8").kind else { return }
        do {
            try ScopeGuard().check(range)
        } catch {
            let carried = error.carried(to: "cam.example") { "it resolves to 8.8.8.8 (\($0))" }
            guard case .publicAddress(let text, let why) = carried else {
                Issue.record("\(carried)")
                return
            }
            #expect(text == "cam.example" && why.hasPrefix("it resolves to 8.8.8.8 ('8.8.8.8' was refused"))
        }
        let multicast = TargetError.outOfScope("224.0.0.1", "a multicast address").carried(to: "list") { "it names 224.0.0.1 (\($0))" }
        guard case .outOfScope = multicast else {
            Issue.record("\(multicast)")
            return
        }
    }

    @Test(arguments: ["224.0.0.1", "0.0.0.0", "ff02::1"])
    func refusesNonDeviceAddresses(input: String) throws {
        guard case .range(let range) = try TargetSpecification(parsing: input).kind else { return }
        #expect(throws: TargetError.self) { try ScopeGuard(allowPublic: true).check(range) }
    }

    @Test(arguments: [
        ("127.0.0.1", AddressScope.loopback), ("10.1.2.3", .privateNetwork), ("169.254.1.1", .linkLocal),  // data: classified only
        ("100.64.0.1", .sharedAddressSpace), ("192.0.2.1", .documentation), ("8.8.4.4", .global),
        ("::1", .loopback), ("fe80::1", .linkLocal), ("2001:db8::1", .documentation), ("2a00::1", .global),
    ])
    func classifiesScopes(input: String, scope: AddressScope) {
        #expect(AddressScope(of: IPAddress(input)!) == scope)
    }
}

@Suite("Addresses and ports")
struct AddressAndPortTests {
    @Test(arguments: ["::", "::1", "fe80::1", "2001:db8::1:0:0:1", "1:2:3:4:5:6:7:8", "127.0.0.1", "255.255.255.255"])
    func roundTripsText(text: String) {
        #expect(IPAddress(text)?.description == text)
    }

    @Test func ordersFamilies() {
        #expect(IPAddress("127.0.0.2")! < IPAddress("127.0.0.10")!)
        #expect(IPAddress("255.0.0.0")! < IPAddress("::1")!)
    }

    @Test func parsesPortLists() throws {
        #expect(try PortList(parsing: "80,443,8000-8002").ports == [80, 443, 8000, 8001, 8002])
        #expect(try PortList(parsing: "camera,9999").ports.contains(37777))
        #expect(throws: PortListError.self) { try PortList(parsing: "0") }
        #expect(throws: PortListError.self) { try PortList(parsing: "90-80") }
        #expect(throws: PortListError.self) { try PortList(parsing: "http") }
        #expect(throws: PortListError.self) { try PortList(parsing: ",") }
    }

    @Test func defaultCameraPortsCoverTheIssueList() {
        for port: UInt16 in [80, 443, 554, 8000, 8080, 8443, 8554, 37777, 34567, 23, 88, 2020, 5000, 9000] {
            #expect(PortList.cameraDefaults.ports.contains(port))
        }
        #expect(!PortList.cameraDefaults.ports.contains(2024))
    }
}
