import CamAuditScanner
import Foundation

// An nmap XML run given to `scan --import`, and the scope check of the addresses it names.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNmapXML(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let run = try? NmapImport(parsing: data) { _ = try? run.checkedScope(allowPublic: false) }
    return 0
}
