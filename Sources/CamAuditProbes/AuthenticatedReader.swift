import CamAuditCore
import Foundation
import NIOCore
import NIOSSL

/// Reads model, firmware, serial and MAC with user-supplied credentials, read-only and lockout-aware.
///
/// Rules: only GETs (and the ONVIF GetDeviceInformation query); at most one login per credential per
/// device; refused logins per device stay strictly below the vendor's lockout threshold
/// (`AuthenticatedReadMethod.attemptBudget`); a lock signal stops everything at once. Passwords go
/// only into the `Authorization` header or the WS-Security token, never into a note or observation.
public struct AuthenticatedReader: Sendable {
    public let configuration: ProbeConfiguration
    private let connection: ProbeConnection

    public init(configuration: ProbeConfiguration, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        connection = .forCameras(group: eventLoopGroup, byteLimit: configuration.maxHeaderBytes + Self.maxBodyBytes + 16 * 1024)
    }

    /// Answers larger than this are not device-information documents.
    static let maxBodyBytes = 64 * 1024

    /// Runs the vendor method for `manufacturer` (then ONVIF when `hasONVIF`) on the first web port.
    /// `provenance` names where the password came from when camaudit found it (`the default password found
    /// by camaudit`); it is added to each observation's probe text and to the notes.
    public func read(
        host: IPAddress, services: [PortService], manufacturer: String?, hasONVIF: Bool, credentials: [CredentialEntry],
        provenance: String? = nil
    ) async -> AuthenticatedReadResult {
        var result = AuthenticatedReadResult()
        let web = services.filter { $0.service == "http" } + services.filter { $0.service == "https" }
        let method = AuthenticatedReadMethod.forManufacturer(manufacturer)
        // Foscam HD serves its CGI on port 88 (Foscam CGI User Guide); every other method uses the first web port.
        let preferred = method?.style == .foscamQueryCredentials ? web.first { $0.port == 88 } : nil
        guard !credentials.isEmpty, let service = preferred ?? web.first else { return result }
        let session = AuthenticatedReadSession(
            host: host, port: service.port, useTLS: service.service == "https", reader: self,
            hostDeadline: ContinuousClock.now + configuration.hostDeadline,
            provenance: provenance.map { ", authenticated read with \($0)" } ?? "")
        let budget = method?.attemptBudget ?? AuthenticatedReadMethod.onvifBudget
        var refused: Set<CredentialEntry> = []
        if let method {
            await session.runVendor(method, credentials: credentials, budget: budget, refused: &refused, into: &result)
        }
        if result.acceptedUser == nil, !result.sawLock, hasONVIF {
            await session.runONVIF(credentials: credentials.filter { !refused.contains($0) }, budget: budget, into: &result)
        }
        return result
    }

    func exchange(_ request: [UInt8], session: AuthenticatedReadSession) async -> Exchange<HTTPResponse> {
        let deadline = min(ContinuousClock.now + configuration.stepTimeout, session.hostDeadline)
        let decoder = HTTPResponseParser(maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: Self.maxBodyBytes)
        return await connection.exchange(
            host: session.host, port: session.port, useTLS: session.useTLS, request: request,
            decoder: decoder, deadline: deadline)
    }
}

/// One host's authenticated reads: the target and the shared deadline.
struct AuthenticatedReadSession: Sendable {
    let host: IPAddress
    let port: UInt16
    let useTLS: Bool
    let reader: AuthenticatedReader
    let hostDeadline: ContinuousClock.Instant
    /// Appended to probe texts and notes (`, authenticated read with the default password found by camaudit`).
    let provenance: String

    /// How one credential fared on one method.
    enum Outcome {
        case accepted([Observation])
        case refused(lock: Bool)
        /// The device does not offer the method (404, no challenge, no answer): not a login attempt.
        case unavailable(String)
    }

    func runVendor(
        _ method: AuthenticatedReadMethod, credentials: [CredentialEntry], budget: Int, refused: inout Set<CredentialEntry>,
        into result: inout AuthenticatedReadResult
    ) async {
        for credential in credentials {
            guard result.refusedAttempts < budget else {
                result.notes.append(
                    "port \(port): stopped after \(result.refusedAttempts) refused logins to stay below the \(method.vendor) lockout threshold"
                )
                return
            }
            var observations: [Observation] = []
            var outcome = Outcome.accepted([])
            for request in method.requests {
                let step: Outcome
                switch method.style {
                case .httpAuthentication: step = await read(request, vendor: method.vendor, credential: credential, result: &result)
                case .foscamQueryCredentials: step = await readFoscam(request, credential: credential, result: &result)
                case .reolinkToken: step = await readReolink(request, credential: credential, result: &result)
                }
                if case .accepted(let found) = step { observations += found } else { outcome = step; break }
            }
            switch outcome {
            case .accepted:
                result.acceptedUser = credential.user
                result.notes.append(
                    "port \(port): credentials accepted for \(credential.user) (\(method.vendor) \(Self.shown(method.requests[0].paths[0])))\(provenance)"
                )
                if !observations.contains(where: { $0.field == .authManufacturer }) {
                    // The vendor's private API accepted the login: that names the firmware maker.
                    observations.append(
                        Observation(
                            field: .authManufacturer, value: method.vendor, port: port,
                            probe: "authenticated \(method.vendor) API\(provenance)"))
                }
                result.observations += observations
                return
            case .refused(let lock):
                result.refusedAttempts += 1
                refused.insert(credential)
                result.notes.append("port \(port): credentials refused for \(credential.user) (\(method.vendor))")
                if lock {
                    result.sawLock = true
                    result.notes.append("port \(port): the device reports a login lock; camaudit sent no further logins")
                    return
                }
            case .unavailable(let reason):
                result.notes.append("port \(port): \(method.vendor) authenticated read unavailable: \(reason)")
                return
            }
        }
    }

    /// One request: unauthenticated first (for the challenge and to find the path), then one login.
    func read(
        _ request: AuthenticatedReadMethod.Request, vendor: String, credential: CredentialEntry, result: inout AuthenticatedReadResult
    ) async -> Outcome {
        var challengeAnswer: HTTPResponse?
        var chosenPath = ""
        for path in request.paths {
            let answer = await reader.exchange(plainRequest("GET", path, authorization: nil), session: self)
            guard let response = answer.message else { return .unavailable("no HTTP answer to GET \(path)") }
            // 404, or Uniview's 599 for a path this firmware lacks: try the next path (never a login attempt).
            if response.status != 401, response.status != 200, path != request.paths.last { continue }
            if response.status == 404 { continue }
            if response.status == 200 {
                // No login needed: read it without spending an attempt.
                return .accepted(
                    AuthenticatedAnswer.observations(from: response, request: request, port: port, probe: "GET \(path) (no login needed)"))
            }
            challengeAnswer = response
            chosenPath = path
            break
        }
        guard let challengeAnswer else { return .unavailable("every path answered 404") }
        guard challengeAnswer.status == 401 else { return .unavailable("GET \(chosenPath) answered \(challengeAnswer.status)") }
        if AuthenticatedAnswer.signalsLock(challengeAnswer) { return .refused(lock: true) }
        let challenges = AuthenticationChallenge.parse(headerValues: challengeAnswer.values(of: "WWW-Authenticate"))
        let authorization: String
        let scheme: String
        if let digest = challenges.first(where: { $0.scheme.lowercased() == "digest" }),
            let value = CredentialDigest.digestAuthorization(
                challenge: digest, user: credential.user, password: credential.password, method: "GET", uri: chosenPath)
        {
            authorization = value
            scheme = "Digest"
        } else if challenges.contains(where: { $0.scheme.lowercased() == "basic" }) {
            authorization = CredentialDigest.basicAuthorization(user: credential.user, password: credential.password)
            scheme = "Basic"
        } else {
            return .unavailable("GET \(chosenPath) offers no Digest or Basic challenge")
        }
        result.attempts += 1
        let answer = await reader.exchange(plainRequest("GET", chosenPath, authorization: authorization), session: self)
        guard let response = answer.message else { return .unavailable("no answer to the login on GET \(chosenPath)") }
        switch response.status {
        case 200:
            return .accepted(
                AuthenticatedAnswer.observations(
                    from: response, request: request, port: port, probe: "GET \(chosenPath) (\(scheme) as \(credential.user)\(provenance))")
            )
        case 401, 403:
            return .refused(lock: AuthenticatedAnswer.signalsLock(response))
        default:
            return .unavailable("the login on GET \(chosenPath) answered \(response.status)")
        }
    }

    func runONVIF(credentials: [CredentialEntry], budget: Int, into result: inout AuthenticatedReadResult) async {
        // One attempt per credential per device: a login the vendor API refused is not tried again over ONVIF.
        for credential in credentials {
            guard result.refusedAttempts < budget else {
                result.notes.append(
                    "port \(port): stopped after \(result.refusedAttempts) refused logins to stay below the lockout threshold")
                return
            }
            result.attempts += 1
            let body = AuthenticatedUsernameToken.getDeviceInformation(user: credential.user, password: credential.password)
            let answer = await reader.exchange(
                plainRequest(
                    "POST", "/onvif/device_service", authorization: nil, body: body,
                    contentType: "application/soap+xml; charset=utf-8"), session: self)
            guard let response = answer.message else {
                result.notes.append("port \(port): ONVIF GetDeviceInformation gave no answer")
                return
            }
            let text = WebAnswerReader.bodyText(response.body, limit: response.body.count)
            if response.status == 200, let information = ONVIFAnswer.deviceInformation(in: text) {
                result.acceptedUser = credential.user
                result.notes.append("port \(port): credentials accepted for \(credential.user) (ONVIF GetDeviceInformation)\(provenance)")
                result.observations += AuthenticatedAnswer.onvifObservations(
                    information, port: port, user: credential.user, provenance: provenance)
                return
            }
            let refused = response.status == 401 || text.contains("NotAuthorized") || text.contains("FailedAuthentication")
            guard refused else {
                result.notes.append("port \(port): ONVIF GetDeviceInformation answered \(response.status)")
                return
            }
            result.refusedAttempts += 1
            result.notes.append("port \(port): credentials refused for \(credential.user) (ONVIF)")
            if AuthenticatedAnswer.signalsLock(response) {
                result.sawLock = true
                return
            }
        }
    }

    func plainRequest(_ method: String, _ path: String, authorization: String?, body: String? = nil, contentType: String? = nil) -> [UInt8]
    {
        var text =
            "\(method) \(path) HTTP/1.1\r\nHost: \(HTTPRequestText.authority(host, port))\r\nUser-Agent: \(HTTPRequestText.userAgent)\r\nAccept: */*\r\nConnection: close\r\n"
        if let authorization { text += "Authorization: \(authorization)\r\n" }
        if let contentType { text += "Content-Type: \(contentType)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        return Array(text.utf8)
    }
}
