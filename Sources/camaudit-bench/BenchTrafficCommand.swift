import ArgumentParser
import CamAuditTraffic
import Foundation

/// `camaudit-bench traffic`: writes a synthetic capture of the given size, then times camaudit's
/// capture reading (libpcap, decoding, flow table) and `tshark -q -z conv,ip` on the same file.
struct BenchTrafficCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic",
        abstract:
            "Time reading a large synthetic capture into flows, against tshark -q -z conv,ip on the same file; or, with --real, score attribution on real captures.",
        discussion: """
            With --from CAPTURE, a real capture is repeated to --size-mb and the whole `camaudit traffic FILE --format json` \
            is timed instead (read, decode, flows, names, attribution, findings, JSON), against tshark on the same file. \
            With --real DIR, every capture in DIR that has a ground-truth sidecar (<capture>.json: its hosts' roles and \
            cameras) goes through camaudit traffic's analysis without a scan, and the command prints per capture and in \
            total: the cameras called video devices (recall), the other hosts called video devices (false positives), \
            the precision, whether each camera that reaches the internet got phone-home findings, and whether each \
            phone or PC running the vendor's app stays a client.
            """)

    @Option(help: "Size of the synthetic capture in megabytes.")
    var sizeMb: Int = 1024

    @Option(help: "Distinct flows in the capture.")
    var flows: Int = 20_000

    @Option(help: ArgumentHelp("Where to write the capture (deleted afterwards unless --keep).", valueName: "PATH"))
    var file: String?

    @Flag(help: "Keep the capture file.")
    var keep = false

    @Flag(help: "Do not run tshark.")
    var skipTshark = false

    @Option(
        help: ArgumentHelp(
            "Repeat this real capture (pcap or pcapng) to --size-mb and time the whole traffic command on it.", valueName: "CAPTURE"))
    var from: String?

    @Option(
        help: ArgumentHelp(
            "Score video-device attribution on the real captures in this folder (each with a <capture>.json ground-truth sidecar) instead of timing.",
            valueName: "DIR"))
    var real: String?

    @Option(
        help: ArgumentHelp("Only read this capture and print one result line (used by the benchmark's child process).", valueName: "PATH"))
    var onlyRead: String?

    func validate() throws {
        guard (1...65_536).contains(sizeMb) else { throw ValidationError("--size-mb must be between 1 and 65536.") }
        guard (1...1_000_000).contains(flows) else { throw ValidationError("--flows must be between 1 and 1000000.") }
    }

    func run() throws {
        if let real {
            try Self.scoreRealCaptures(in: real)
            return
        }
        if let onlyRead {
            var table = FlowTable()
            do { try table.add(capture: try CaptureReader(path: onlyRead)) } catch { throw ValidationError(error.description) }
            print("\(table.packets) packets \(table.flows.count) flows")
            return
        }
        #if canImport(Glibc)
            if let from {
                try runRepeated(from)
                return
            }
            let path = file ?? FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-bench-\(getpid()).pcap").path
            defer { if !keep { try? FileManager.default.removeItem(atPath: path) } }
            let written = try SyntheticCapture.write(to: path, bytes: sizeMb << 20, flows: flows)
            let size = Double(written) / 1e9
            print(
                "Synthetic capture: \(String(format: "%.2f", size)) GB, \(flows) flows (Ethernet, IPv4, TCP and UDP, 60-1514 byte frames), \(path)"
            )
            let ours = try BenchChildProcess.run(BenchChildProcess.currentExecutable, ["traffic", "--only-read", path])
            guard ours.exitStatus == 0 else { throw ValidationError("camaudit failed to read the capture: \(ours.standardError)") }
            print(
                "camaudit (libpcap + decode + flows): \(String(format: "%.2f", ours.wallSeconds)) s, "
                    + "\(String(format: "%.2f", size / ours.wallSeconds)) GB/s, peak RSS \(ours.peakResidentBytes >> 20) MB, "
                    + ours.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
            guard !skipTshark else { return }
            let tshark = try BenchChildProcess.run("/usr/bin/env", ["tshark", "-q", "-n", "-z", "conv,ip", "-r", path])
            guard tshark.exitStatus == 0 else {
                print(
                    "tshark failed (exit \(tshark.exitStatus)); install it with apt-get install tshark: \(tshark.standardError.prefix(200))"
                )
                return
            }
            print(
                "tshark -q -n -z conv,ip: \(String(format: "%.2f", tshark.wallSeconds)) s, \(String(format: "%.2f", size / tshark.wallSeconds)) GB/s, "
                    + "peak RSS \(tshark.peakResidentBytes >> 20) MB")
            print("tshark/camaudit = \(String(format: "%.1f", tshark.wallSeconds / max(ours.wallSeconds, 0.001)))x")
        #endif
    }
}

extension BenchTrafficCommand {
    /// Runs the traffic analysis (no scan, no GeoIP) on every capture with a sidecar in `directory` and prints the scores.
    static func scoreRealCaptures(in directory: String) throws {
        let folder = URL(fileURLWithPath: directory)
        let corpus: [(capture: URL, sidecar: URL)]
        do { corpus = try GroundTruth.corpus(in: folder) } catch { throw ValidationError("Cannot list \(directory): \(error)") }
        guard !corpus.isEmpty else { throw ValidationError("No capture with a <capture>.json sidecar in \(directory).") }
        let audit = try TrafficAudit()
        var scores: [AttributionScore] = []
        for (capture, sidecar) in corpus {
            let truth: GroundTruth
            do { truth = try GroundTruth.load(sidecar: sidecar) } catch {
                print("\(capture.lastPathComponent): sidecar unreadable (\(error)); skipped")
                continue
            }
            let started = ContinuousClock.now
            let result: TrafficAudit.Result
            do { result = try audit.run(.file(capture.path)) } catch {
                print("\(capture.lastPathComponent): capture unreadable (\(error)); skipped")
                continue
            }
            let elapsed = ContinuousClock.now - started
            let score = AttributionScore.score(truth, devices: result.devices, capture: capture.lastPathComponent)
            scores.append(score)
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            print("\(capture.lastPathComponent) (\(result.table.packets) packets, \(milliseconds) ms): \(score.total.summary)")
            for line in score.detailLines { print("    \(line)") }
        }
        print("TOTAL over \(scores.count) captures: \(AttributionScore.Total(scores).summary)")
    }
}

/// Writes a classic pcap file of synthetic frames: `flows` conversations between LAN clients and outside servers.
enum SyntheticCapture {
    static func write(to path: String, bytes target: Int, flows: Int) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("Cannot write the capture to \(path).")
        }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8 << 20)
        func le32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
        func le16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
        le32(0xa1b2_c3d4); le16(2); le16(4); le32(0); le32(0); le32(65_535); le32(1)
        var written = buffer.count
        var index = 0
        // Frame sizes cycle through small control packets and full-size video-like segments.
        let sizes = [60, 98, 590, 1514, 1514, 1514, 342, 1514]
        while written < target {
            let flow = index % flows
            let size = sizes[index % sizes.count]
            let upward = index % 3 != 0
            // Addresses are computed, not typed: clients in a LAN /16, servers in the documentation ranges.
            let client: [UInt8] = [192, 168, UInt8((flow >> 8) & 0xff), UInt8(flow & 0xff)]
            let server: [UInt8] = [flow % 2 == 0 ? 203 : 198, flow % 2 == 0 ? 0 : 51, flow % 2 == 0 ? 113 : 100, UInt8(flow % 251 + 1)]
            let tcp = flow % 4 != 3
            let clientPort = UInt16(40_000 + flow % 20_000), serverPort: UInt16 = tcp ? 443 : 32_100
            let seconds = UInt32(1_700_000_000 + index / 100_000), micros = UInt32(index % 100_000 * 10)
            le32(seconds); le32(micros); le32(UInt32(size)); le32(UInt32(size))
            let (source, destination) = upward ? (client, server) : (server, client)
            let (sourcePort, destinationPort) = upward ? (clientPort, serverPort) : (serverPort, clientPort)
            buffer += [0x44, 0x19, 0xb6, 0, UInt8(flow >> 8 & 0xff), UInt8(flow & 0xff), 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x00]
            let ipLength = size - 14
            buffer += [0x45, 0, UInt8(ipLength >> 8), UInt8(ipLength & 0xff), 0, 0, 0x40, 0, 64, tcp ? 6 : 17, 0, 0] + source + destination
            let transportHeader = tcp ? 20 : 8
            buffer += [UInt8(sourcePort >> 8), UInt8(sourcePort & 0xff), UInt8(destinationPort >> 8), UInt8(destinationPort & 0xff)]
            if tcp {
                buffer += [0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]
            } else {
                let udpLength = ipLength - 20
                buffer += [UInt8(udpLength >> 8), UInt8(udpLength & 0xff), 0, 0]
            }
            let payload = ipLength - 20 - transportHeader
            if payload > 0 { buffer += [UInt8](repeating: tcp ? 0x17 : 0xf1, count: payload) }
            written += 16 + size
            index += 1
            if buffer.count >= 8 << 20 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
        return written
    }
}

extension BenchTrafficCommand {
    /// `--from CAPTURE`: the whole `camaudit traffic --format json` on a real capture repeated to the size asked for.
    func runRepeated(_ source: String) throws {
        guard let camaudit = BenchChildProcess.sibling("camaudit") else {
            throw ValidationError("The camaudit program is not next to camaudit-bench; build both (swift build -c release).")
        }
        let path = file ?? FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-bench-\(getpid())-repeated.pcap").path
        defer { if !keep { try? FileManager.default.removeItem(atPath: path) } }
        let written = try RepeatedCapture.write(from: source, to: path, bytes: sizeMb << 20)
        let size = Double(written.bytes) / 1e9
        print(
            "Repeated capture: \(String(format: "%.2f", size)) GB, \(written.packets) packets "
                + "(\(written.sourcePackets) packets of \(URL(fileURLWithPath: source).lastPathComponent) x \(written.rounds)), "
                + "mean \(written.bytes / max(written.packets, 1)) bytes per packet record, \(path)")
        let ours = try BenchChildProcess.run(camaudit, ["traffic", path, "--format", "json", "--no-save"])
        // Exit 0 (or 2 when findings trip nothing): only a crash or a refusal is a failure here.
        guard ours.exitStatus == 0 else {
            throw ValidationError("camaudit traffic failed (exit \(ours.exitStatus)): \(ours.standardError.prefix(300))")
        }
        print(
            "camaudit traffic --format json (whole command): \(String(format: "%.2f", ours.wallSeconds)) s, "
                + "\(String(format: "%.2f", size / ours.wallSeconds)) GB/s, peak RSS \(ours.peakResidentBytes >> 20) MB, "
                + "\(ours.standardOutput.utf8.count) bytes of JSON")
        guard !skipTshark else { return }
        let tshark = try BenchChildProcess.run("/usr/bin/env", ["tshark", "-q", "-n", "-z", "conv,ip", "-r", path])
        guard tshark.exitStatus == 0 else {
            print("tshark failed (exit \(tshark.exitStatus)); install it with apt-get install tshark: \(tshark.standardError.prefix(200))")
            return
        }
        print(
            "tshark -q -n -z conv,ip: \(String(format: "%.2f", tshark.wallSeconds)) s, \(String(format: "%.2f", size / tshark.wallSeconds)) GB/s, "
                + "peak RSS \(tshark.peakResidentBytes >> 20) MB")
        print("tshark/camaudit = \(String(format: "%.1f", tshark.wallSeconds / max(ours.wallSeconds, 0.001)))x")
    }
}
