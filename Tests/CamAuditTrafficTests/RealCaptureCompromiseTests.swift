import CamAuditCore
import Foundation
import Testing

@testable import CamAuditTraffic

/// The compromise side of the real capture corpus (located once, by `RealCaptureCorpus`): each capture's
/// sidecar names its misbehaving hosts.
enum CompromiseCorpus {
    static var folder: URL { RealCaptureCorpus.folder }
    static var isPresent: Bool { RealCaptureCorpus.isPresent }

    /// Capture file names that have a sidecar.
    static func captures() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasSuffix(".json") && FileManager.default.fileExists(atPath: folder.appendingPathComponent($0 + ".json").path) }
            .sorted()
    }

    static func sidecar(_ capture: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent(capture + ".json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The hosts the sidecar's ground truth says misbehave (`compromise.misbehaving_host(s)`).
    static func misbehaving(_ sidecar: [String: Any]) -> Set<String> {
        guard let compromise = sidecar["compromise"] as? [String: Any] else { return [] }
        var hosts: Set<String> = []
        if let one = compromise["misbehaving_host"] as? String { hosts.insert(one) }
        for entry in compromise["misbehaving_hosts"] as? [[String: Any]] ?? [] {
            if let ip = entry["ip"] as? String { hosts.insert(ip) }
        }
        return hosts
    }

    /// The capture's hosts with their `compromise` finding ids. The misbehaving hosts the ground truth names
    /// are treated as local (as `--local ADDRESS/32` would), so a miner on a public address is analysed too.
    static func compromiseFindings(_ capture: String) throws -> [String: Set<String>] {
        let local = misbehaving(try sidecar(capture)).compactMap { IPAddress($0) }.filter { AddressScope(of: $0) == .global }
            .compactMap { NetworkPrefix("\($0)/32") }
        let result = try TrafficAudit(localPrefixes: local).run(.file(folder.appendingPathComponent(capture).path))
        var found: [String: Set<String>] = [:]
        for device in result.devices {
            let ids = Set(device.findings.filter { $0.kind == .compromise }.map(\.id))
            if !ids.isEmpty { found[device.address.description] = ids }
        }
        return found
    }
}

/// The compromise findings on real public captures: the Stratum miners and the Tor client of nDPI's test
/// captures (https://github.com/ntop/nDPI/blob/3b1286ab03b0c9223ac208a01868d8c1f6c0ae00/tests/cfgs/default/pcap/mining.pcapng
/// and .../tor.pcap), the SYN scan of MUDscope's TU/e lab
/// (https://github.com/lucamrgs/MUDscope/blob/823be7622a4ef72a3a3b0b11879fe079b4a8efdb/examples/data/malign/tue-tplink/2021-11-18_15%3A15%3A34.pcap),
/// and no finding on any host of the other captures (cameras, plugs, hubs, phones).
@Suite("Compromise findings on real captures", .enabled(if: CompromiseCorpus.isPresent, "../shared/captures is not beside the repository"))
struct RealCaptureCompromiseTests {
    @Test func theStratumMinersAreFound() throws {
        let found = try CompromiseCorpus.compromiseFindings("cryptomining-stratum-zcash-xmr-eth_ndpi.pcapng")
        let truth = CompromiseCorpus.misbehaving(try CompromiseCorpus.sidecar("cryptomining-stratum-zcash-xmr-eth_ndpi.pcapng"))
        #expect(truth.count == 3)
        for host in truth { #expect(found[host]?.contains("compromise-mining") == true, "\(host): \(found)") }
        #expect(Set(found.keys).isSubset(of: truth), "\(found)")
    }

    @Test func theTorClientIsFound() throws {
        let found = try CompromiseCorpus.compromiseFindings("tor-client-to-relays_ndpi.pcap")
        #expect(found == ["192.168.1.252": ["compromise-tor"]])
    }

    @Test func theSYNScannerIsFoundAndTheIdleCameraIsNot() throws {
        let found = try CompromiseCorpus.compromiseFindings("foscam_with-kasa-plug-under-syn-scan_mudscope-tue.pcapng")
        #expect(found == ["192.168.255.14": ["compromise-scanning"]])
    }

    @Test func noHostOfTheOtherCapturesGetsACompromiseFinding() throws {
        var checked = 0
        for capture in try CompromiseCorpus.captures() {
            let truth = CompromiseCorpus.misbehaving(try CompromiseCorpus.sidecar(capture))
            let found = try CompromiseCorpus.compromiseFindings(capture)
            let falseAlarms = found.filter { !truth.contains($0.key) }
            #expect(falseAlarms.isEmpty, "\(capture): \(falseAlarms)")
            checked += 1
        }
        #expect(checked >= 15)
    }
}
