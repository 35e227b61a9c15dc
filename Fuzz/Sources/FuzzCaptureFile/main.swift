import CamAuditCatalog
import CamAuditTraffic
import Foundation

// A capture file given to `traffic` (pcap or pcapng, read by libpcap), through the flow table and the
// per-device analysis. libpcap reads files only, so each input is written to one scratch file first.
let scratchFile: String = {
    let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return "\(folder)/camaudit-fuzz-capture-\(getpid()).pcap"
}()

let analysis = TrafficAnalysis(classifier: DestinationClassifier(catalog: try! CloudEndpointCatalog.bundled()))

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = analysis
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaptureFile(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard FileManager.default.createFile(atPath: scratchFile, contents: Data(bytes: start, count: count)) else {
        fatalError("cannot write \(scratchFile)")
    }
    defer { unlink(scratchFile) }
    guard let reader = try? CaptureReader(path: scratchFile) else { return 0 }
    var table = FlowTable()
    try? table.add(capture: reader)
    _ = analysis.devices(in: table)
    return 0
}
