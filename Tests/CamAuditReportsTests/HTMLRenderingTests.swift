import CamAuditCore
import CamAuditTestSupport
import Foundation
import Testing
@testable import CamAuditReports

/// The HTML report as a browser draws it: headless Chromium (Debian's `chromium`, installed by `scripts/setup`)
/// takes a screenshot through `scripts/screenshot-html`, which decodes the PNG and reports its colours.
@Suite("HTML report rendered in Chromium")
struct HTMLRenderingTests {
    static let chromiumInstalled = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// What `scripts/screenshot-html` prints.
    struct Screenshot: Decodable {
        var width: Int
        var height: Int
        var bytes: Int
        var distinctColours: Int
        var nonWhiteShare: Double
        var palette: [String: Int]
    }

    func screenshot(_ html: String, name: String) throws -> Screenshot {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("\(name).html")
        try Data(html.utf8).write(to: page)
        // Kept for a person to look at after the run.
        let png = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-\(name).png")
        let process = Process()
        process.executableURL = RepositoryFiles.root.appendingPathComponent("scripts/screenshot-html")
        process.arguments = [page.path, png.path, "1280", "2000"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "scripts/screenshot-html failed")
        return try JSONDecoder().decode(Screenshot.self, from: data)
    }

    @Test(
        .enabled(if: chromiumInstalled, "chromium is not installed: run scripts/setup to check the HTML as rendered"),
        .timeLimit(.minutes(3)))
    func assessedScanRendersWithHeaderChartsAndBadges() throws {
        let shot = try screenshot(HTMLReport().render(FixedScan.assessed), name: "report-assessed")
        #expect(shot.width == 1280 && shot.height == 2000)
        #expect(shot.bytes > 50_000, "a drawn report page compresses to well over 50 kB")
        #expect(shot.distinctColours > 50)
        #expect(shot.nonWhiteShare > 0.15, "the page background and sections are not all white")
        // The header band, the maker chart, the risk chart's and badges' red and orange, the green of "fine".
        for name in ["header", "chart", "critical", "high", "ok", "page"] {
            #expect((shot.palette[name] ?? 0) > 20, "colour \(name) missing from the screenshot: CSS or SVG did not render")
        }
    }

    /// A report without verdicts also renders (no risk colours then, but the page and charts are drawn).
    @Test(
        .enabled(if: chromiumInstalled, "chromium is not installed: run scripts/setup to check the HTML as rendered"),
        .timeLimit(.minutes(3)))
    func plainScanRenders() throws {
        let shot = try screenshot(HTMLReport().render(FixedScan.report), name: "report-plain")
        #expect(shot.width == 1280 && shot.height == 2000)
        #expect(shot.distinctColours > 30)
        #expect((shot.palette["header"] ?? 0) > 20 && (shot.palette["chart"] ?? 0) > 20)
        #expect((shot.palette["critical"] ?? 0) < (shot.palette["header"] ?? 0))
    }
}
