import CamAuditCatalog
import CamAuditCore
import CamAuditProbes
import Foundation

extension StreamExposureChecker {
    /// How one HTTP answer was judged.
    enum PictureVerdict {
        /// A JPEG (`mjpeg` true when it is the first part of a multipart stream).
        case open(picture: [UInt8], info: JPEGImageInfo, mjpeg: Bool, response: HTTPResponse)
        case closed(String)
    }

    /// Open only with an unauthenticated 200 whose body is a JPEG with a frame header, or a multipart stream whose first part is one.
    static func judgePicture(_ answer: SnapshotFetcher.Answer) -> PictureVerdict {
        guard let response = answer.response else { return .closed(answer.problem ?? "no answer") }
        guard response.status == 200 else { return .closed("status \(response.status)") }
        guard response.values(of: "WWW-Authenticate").isEmpty else { return .closed("200 that still asks for credentials") }
        if let type = response.value(of: "Content-Type"), let boundary = MJPEGMultipart.boundary(contentType: type) {
            guard let part = MJPEGMultipart.firstPart(in: response.body, boundary: boundary) else {
                return .closed("multipart without a complete first part")
            }
            guard let info = JPEGImageInfo.parse(part.body) else { return .closed("multipart whose first part is not a JPEG") }
            return .open(picture: part.body, info: info, mjpeg: true, response: response)
        }
        guard let info = JPEGImageInfo.parse(response.body) else { return .closed("200 whose body is not a JPEG") }
        return .open(picture: response.body, info: info, mjpeg: false, response: response)
    }

    func checkHTTP(_ target: CheckTarget, port: UInt16, useTLS: Bool, options: CheckOptions, savedSoFar: inout Int) async -> CheckOutcome {
        var outcome = CheckOutcome()
        let host = target.address
        let fetcher = SnapshotFetcher(group: group, wire: wire)
        let paths = catalog.candidates(
            kinds: [.snapshot, .mjpeg], manufacturer: target.identity.manufacturer, brand: target.identity.brand
        )
        .prefix(Self.maximumHTTPPathsPerPort)
        var guardPassed: Bool?
        var reported: Set<String> = []
        for path in paths {
            let answer = await fetcher.fetch(path: path.path, host: host, port: port, useTLS: useTLS, deadline: .now + options.stepTimeout)
            outcome.requestsSent += 1
            if answer.response == nil {
                // A port that does not answer one path will not answer the next: stop rather than wait out every deadline.
                outcome.notes.append(
                    "HTTP port \(port): \(answer.problem ?? "no answer") to GET \(path.path); other snapshot paths not tried")
                return outcome
            }
            guard case .open(let picture, let info, let mjpeg, let response) = Self.judgePicture(answer) else { continue }
            let id = mjpeg ? "open-mjpeg" : "open-snapshot"
            if reported.contains(id) { continue }
            let guardPath = Self.guardPath(suffix: ".jpg")
            if guardPassed == nil {
                // False-positive guard: a device that sends a picture for a path that cannot exist sends it for anything.
                let guardAnswer = await fetcher.fetch(
                    path: guardPath, host: host, port: port, useTLS: useTLS, deadline: .now + options.stepTimeout)
                outcome.requestsSent += 1
                if case .open = Self.judgePicture(guardAnswer) { guardPassed = false } else { guardPassed = true }
            }
            guard guardPassed == true else {
                outcome.notes.append(
                    "HTTP port \(port) sends a JPEG even for \(guardPath), a path that cannot exist; no open-snapshot finding is reported for it"
                )
                return outcome
            }
            reported.insert(id)
            let scheme = useTLS ? "https" : "http"
            var evidence = [
                "GET \(scheme)://\(HTTPRequestText.authority(host, port))\(path.path) without credentials: HTTP \(response.status), Content-Type \(response.value(of: "Content-Type") ?? "none"), no WWW-Authenticate",
                (mjpeg ? "first part of the multipart MJPEG stream is a JPEG" : "body is a JPEG")
                    + " of \(info.width)x\(info.height) (\(picture.count) bytes)",
                "guard: a path that cannot exist got no picture",
                "path from data/streams/stream-paths.json entry \(path.id)",
            ]
            if let directory = options.evidenceDirectory {
                savedSoFar += 1
                let name = "\(host.description.replacingOccurrences(of: ":", with: "_"))-\(port)-\(savedSoFar).jpg"
                let file = directory.appendingPathComponent(name)
                do {
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                    try Data(picture).write(to: file)
                    evidence.append("picture saved as \(file.path)")
                } catch {
                    outcome.notes.append("could not save the picture to \(file.path): \(error.localizedDescription)")
                }
            }
            outcome.findings.append(
                Finding(
                    id: id, title: mjpeg ? "MJPEG video stream open without a password" : "Camera snapshot open without a password",
                    severity: .high, kind: .stream, decidedBy: .safeProbe, evidence: evidence, remediation: Self.httpRemediation))
        }
        return outcome
    }
}
