import CamAuditCore
import CamAuditLab
import Foundation

/// One row of `camaudit-bench identify`: the report scored against what the lab knows each device is.
struct BenchIdentifyScore {
    var label: String
    var elapsed: Duration
    var videoDevices = 0
    var makerCorrect = 0
    var relabelled = 0
    var relabelledCorrect = 0
    var nonCamerasCalledCameras = 0
    var withModel = 0
    var modelFound = 0
    var withFirmware = 0
    var firmwareFound = 0

    init(report: ScanReport, lab: Lab, label: String, elapsed: Duration) {
        self.label = label
        self.elapsed = elapsed
        let byAddress = Dictionary(report.devices.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        for device in lab.devices {
            let found = byAddress[device.address]
            let expected = device.expected
            if expected.deviceType.isVideoDevice {
                videoDevices += 1
                if found?.manufacturer == expected.manufacturer { makerCorrect += 1 }
                if expected.brand != nil {
                    relabelled += 1
                    if found?.manufacturer == expected.manufacturer && found?.brand == expected.brand { relabelledCorrect += 1 }
                }
                if let model = expected.model {
                    withModel += 1
                    if found?.model == model { modelFound += 1 }
                }
                if let firmware = expected.firmware {
                    withFirmware += 1
                    if found?.firmware == firmware { firmwareFound += 1 }
                }
            } else if found?.deviceType.isVideoDevice == true {
                nonCamerasCalledCameras += 1
            }
        }
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "n/a" : String(format: "%.1f%% (%d/%d)", Double(part) * 100 / Double(whole), part, whole)
    }

    static func table(_ rows: [BenchIdentifyScore]) -> String {
        var lines = [
            "| run | time | maker (video) | relabelled maker+brand | non-cameras called cameras | model | firmware |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in rows {
            let seconds = Double(row.elapsed.components.seconds) + Double(row.elapsed.components.attoseconds) / 1e18
            lines.append(
                "| \(row.label) | \(String(format: "%.1f s", seconds)) | \(percent(row.makerCorrect, row.videoDevices)) | "
                    + "\(percent(row.relabelledCorrect, row.relabelled)) | \(row.nonCamerasCalledCameras) | \(percent(row.modelFound, row.withModel)) | "
                    + "\(percent(row.firmwareFound, row.withFirmware)) |")
        }
        return lines.joined(separator: "\n")
    }
}
