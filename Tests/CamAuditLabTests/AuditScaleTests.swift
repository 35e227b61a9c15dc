import CamAuditLab
import Testing

/// The scale figures of `camaudit-bench audit`: the --sizes list and the growth of the time per device.
@Suite("Audit scale figures")
struct AuditScaleTests {
    @Test func sizesAreParsedSortedAndDeduplicated() throws {
        #expect(try AuditScale.sizes(parsing: "300,1000,3000", allowed: 1...4096) == [300, 1000, 3000])
        #expect(try AuditScale.sizes(parsing: " 3_000, 300 ,1000,300", allowed: 1...4096) == [300, 1000, 3000])
        #expect(try AuditScale.sizes(parsing: "17", allowed: 1...4096) == [17])
    }

    @Test(arguments: [
        ("", AuditScale.SizeError.empty),
        ("300,,1000", AuditScale.SizeError.notANumber("")),
        ("300,1k", AuditScale.SizeError.notANumber("1k")),
        ("0,300", AuditScale.SizeError.outOfRange(0, 1...4096)),
        ("300,5000", AuditScale.SizeError.outOfRange(5000, 1...4096)),
    ])
    func badSizesAreRefusedWithTheField(text: String, error: AuditScale.SizeError) {
        #expect(throws: error) { try AuditScale.sizes(parsing: text, allowed: 1...4096) }
    }

    static func row(_ devices: Int, _ seconds: Double, megabytes: Int = 100) -> AuditScale.Row {
        AuditScale.Row(
            devices: devices, scanSeconds: seconds, processSeconds: seconds + 0.5, peakResidentBytes: megabytes << 20,
            cpuSeconds: seconds / 4,
            precision: 1, recall: 0.5, lockouts: 0, loadAverage: 4.25)
    }

    @Test func growthComparesTimePerDeviceWithTheSizeBefore() throws {
        // 300 in 15 s (50 ms each), 1000 in 40 s (40 ms), 3000 in 132 s (44 ms): rows added out of order.
        let scale = AuditScale(rows: [Self.row(3000, 132), Self.row(300, 15), Self.row(1000, 40)])
        #expect(scale.rows.map(\.devices) == [300, 1000, 3000])
        #expect(scale.growth(at: 0) == nil)
        #expect(abs((try #require(scale.growth(at: 1))) - 0.8) < 1e-9)
        #expect(abs((try #require(scale.largestGrowth)) - 1.1) < 1e-9)
        #expect(abs(scale.rows[2].devicesPerSecond - 3000.0 / 132) < 1e-9)
    }

    @Test func oneSizeHasNoGrowth() {
        let scale = AuditScale(rows: [Self.row(300, 15)])
        #expect(scale.largestGrowth == nil)
        #expect(scale.growth(at: 5) == nil)
    }

    @Test func tableHasOneLinePerSizeWithItsFigures() {
        let table = AuditScale(rows: [Self.row(1000, 40, megabytes: 150), Self.row(3000, 132, megabytes: 300)]).table()
        let lines = table.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[2] == "| 1000 | 40.0 | 40.5 | 150.0 | 10.0 | 25.0 | 40.0 | - | 100.0% | 50.0% | 0 | 4.25 |")
        #expect(lines[3] == "| 3000 | 132.0 | 132.5 | 300.0 | 33.0 | 22.7 | 44.0 | 1.10x vs 1000 | 100.0% | 50.0% | 0 | 4.25 |")
    }
}
