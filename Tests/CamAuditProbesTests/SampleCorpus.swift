import Foundation

/// Reads the real-device answers in `Samples/` (see `Samples/SOURCES.md`).
enum SampleCorpus {
    static func bytes(_ name: String) -> [UInt8] {
        guard let folder = Bundle.module.url(forResource: "Samples", withExtension: nil),
            let data = try? Data(contentsOf: folder.appendingPathComponent(name))
        else { return [] }
        return Array(data)
    }
}
