import CamAuditCatalog
import CamAuditCore
import CamAuditIdentification
import Foundation
import Testing

@testable import CamAuditTraffic

/// The real public captures next to the repository (`../shared/captures`, each with a ground-truth
/// sidecar): a user's clone has none, so these tests skip when the folder is absent. The captures
/// are never copied into the repository.
enum RealCaptureCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.deletingLastPathComponent().appendingPathComponent("shared/captures")
    static var isPresent: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue
            && ((try? GroundTruth.corpus(in: folder).isEmpty) == false)
    }

    /// Every capture's score, analysed as `camaudit traffic` does without a scan or a GeoIP database.
    static func scores() throws -> [AttributionScore] {
        let audit = try TrafficAudit()
        return try GroundTruth.corpus(in: folder).map { capture, sidecar in
            let truth = try GroundTruth.load(sidecar: sidecar)
            let result = try audit.run(.file(capture.path))
            return AttributionScore.score(truth, devices: result.devices, capture: capture.lastPathComponent)
        }
    }
}

@Suite("Attribution on the real capture corpus (skipped without ../shared/captures)", .serialized)
struct RealCaptureCorpusTests {
    @Test(.enabled(if: RealCaptureCorpus.isPresent, "../shared/captures is absent (a user's clone has none)"))
    func everySidecarNamesItsCaptureAndParses() throws {
        let corpus = try GroundTruth.corpus(in: RealCaptureCorpus.folder)
        #expect(!corpus.isEmpty)
        for (capture, sidecar) in corpus {
            let truth = try GroundTruth.load(sidecar: sidecar)
            #expect(truth.file == capture.lastPathComponent)
            #expect(!truth.hosts.isEmpty, "\(truth.file) lists its hosts")
            for camera in truth.cameras {
                #expect(
                    truth.hosts.contains { $0.address == camera.address && $0.role == .camera },
                    "\(truth.file): camera \(camera.address) is a host")
            }
        }
    }

    /// The targets: 90% of camera hosts called video devices, with phone-home findings when they
    /// reach the internet; at most one other host called a video device; every phone or PC running an app stays a client.
    @Test(.enabled(if: RealCaptureCorpus.isPresent, "../shared/captures is absent (a user's clone has none)"))
    func attributionMeetsTheTargets() throws {
        let scores = try RealCaptureCorpus.scores()
        let total = AttributionScore.Total(scores)
        let report = scores.map { "\($0.capture): \($0.total.summary)\n  " + $0.detailLines.joined(separator: "\n  ") }.joined(
            separator: "\n")
        #expect(total.cameras > 0)
        #expect(total.recall >= 0.9, "cameras named: \(total.summary)\n\(report)")
        #expect(total.camerasWithPhoneHome * 10 >= total.camerasExpectingPhoneHome * 9, "phone-home findings: \(total.summary)\n\(report)")
        #expect(total.falsePositives <= 1, "false positives: \(total.summary)\n\(report)")
        let phones = scores.flatMap(\.clients).filter { $0.device.lowercased().contains("phone") }
        #expect(!phones.isEmpty)
        for phone in phones {
            #expect(phone.attributed != .videoDevice, "\(phone.address) (\(phone.device)) is called a video device\n\(report)")
        }
        // And called a client, from what the capture shows of it (OS services, the LAN stream it received, the
        // smart-home devices it controlled): 10 of the 11 phones and PCs when this was written (the SmartThings
        // capture shows nothing of its phone).
        #expect(total.clientsKept * 10 >= total.clients * 9, "clients kept: \(total.summary)\n\(report)")
    }

    /// The hard negative: a phone running camera apps (CS2 LAN search and server requests) with no camera present.
    @Test(.enabled(if: RealCaptureCorpus.isPresent, "../shared/captures is absent (a user's clone has none)"))
    func thePhoneRunningCameraAppsWithNoCameraStaysAClient() throws {
        let scores = try RealCaptureCorpus.scores().filter { $0.capture.hasPrefix("android-phone_camera-apps") }
        let score = try #require(scores.first)
        #expect(score.cameras.isEmpty && score.falsePositiveCount == 0, "\(score.detailLines)")
        let phone = try #require(score.clients.first { $0.device.contains("TrailCam") })
        #expect(phone.attributed == .client, "\(score.detailLines)")
    }
}
