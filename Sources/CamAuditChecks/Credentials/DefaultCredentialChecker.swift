import CamAuditCatalog
import CamAuditCore
import CamAuditProbes
import Foundation

/// Tries the identified vendor's default logins (or, when the maker is unknown, a short generic list), then
/// the hard-coded accounts advisories name and the user's wordlist, on a camera, NVR or DVR, lockout-aware,
/// and reports the login hygiene it saw on the way.
///
/// Rules: only the vendor's own login methods (a read-only GET behind Digest/Basic, Dahua RPC2 and the
/// Reolink API with an immediate logout, Foscam's read-only getDevInfo CGI, ONVIF GetDeviceInformation,
/// RTSP DESCRIBE); one attempt per login per device;
/// refused logins per device, all services together, stay within `CredentialCatalog.attemptBudget`
/// and leave at least two attempts the device says it has left; the first lock signal stops everything.
/// Passwords never appear in findings or notes unless `options.revealSecrets`.
public struct DefaultCredentialChecker: Sendable {
    public let catalog: CredentialCatalog
    private let client: WireClient
    private let hygiene = HygieneChecker()

    public init(catalog: CredentialCatalog, client: WireClient) {
        self.catalog = catalog
        self.client = client
    }

    /// One login to try and where it comes from.
    struct Candidate {
        var user: String
        var password: String
        /// The catalog entry, nil for a wordlist entry.
        var entry: DefaultCredential?

        var origin: AcceptedLogin.Origin {
            guard let entry else { return .userWordlist }
            return entry.kind == .hardCoded ? .hardCodedAccount : .catalogDefault
        }
    }

    /// Runs the check on one host. `priorRefusedLogins` are refusals this scan already caused on the host
    /// (e.g. `--credentials` reads); they come out of the same budget. With a `ledger` (a scan saved to a
    /// store) every login is written down before it is sent, and what earlier scans sent counts in the budget
    /// too: a refused login is not sent again, one left without an answer counts as refused.
    public func check(
        _ target: CheckTarget, options: CheckOptions, priorRefusedLogins: Int = 0, ledger: LoginLedger? = nil
    ) async -> CheckOutcome {
        let identity = target.identity
        guard identity.deviceType.isVideoDevice else { return CheckOutcome() }
        var outcome = CheckOutcome()
        var session = DeviceLoginSession(
            client: client, host: target.address, stepTimeout: options.stepTimeout,
            signals: catalog.lockSignals(manufacturer: identity.manufacturer, brand: identity.brand))
        var basicChallenges: [HygieneChecker.BasicChallenge] = []
        let discovery = await discoverMethods(target, session: &session, basicChallenges: &basicChallenges)
        outcome.findings += hygiene.findings(for: target, basicChallenges: basicChallenges)
        outcome.notes += discovery.notes
        if let lock = discovery.lock {
            outcome.notes.append("the device signals a login lock (\(lock.marker ?? "lock")); no login was attempted")
            outcome.requestsSent = session.requestsSent
            return outcome
        }
        var candidates = self.candidates(for: identity, options: options)
        let earlier = ledger?.earlier ?? EarlierLogins()
        let device = LoginRecord.device(of: identity)
        let earlierRefusals = earlier.countedAsRefused(device: device)
        if let ledger {
            func refusedEarlier(_ candidate: Candidate) -> Bool {
                earlier.refused(ledger.key(user: candidate.user, password: candidate.password), device: device)
            }
            let refusedBefore = candidates.filter(refusedEarlier).count
            candidates.removeAll(where: refusedEarlier)
            if earlierRefusals > 0 || refusedBefore > 0 {
                outcome.notes.append(
                    "earlier camaudit scans of this device left \(earlierRefusals) failed login(s) since it last accepted one; "
                        + "they count in its lockout budget, and the \(refusedBefore) login(s) it refused are not sent again")
            }
        }
        guard !candidates.isEmpty else {
            outcome.requestsSent = session.requestsSent
            return outcome
        }
        guard !discovery.methods.isEmpty else {
            outcome.notes.append(
                "no login method of \(identity.manufacturer ?? identity.brand ?? "this device") answered with a challenge; no login was attempted"
            )
            outcome.requestsSent = session.requestsSent
            return outcome
        }
        let prior = priorRefusedLogins + earlierRefusals
        let budget = catalog.attemptBudget(manufacturer: identity.manufacturer, brand: identity.brand) - prior
        var attemptsLeft = discovery.attemptsLeft
        var methods = discovery.methods
        var refused = 0
        var sent = 0
        candidateLoop: for candidate in candidates {
            if refused >= budget {
                outcome.notes.append(
                    "stopped after \(refused) refused login(s)\(prior > 0 ? " (plus \(prior) earlier in this scan)" : ""): "
                        + "the lockout budget of this device is \(budget + prior); \(candidates.count - sent) login(s) not tried"
                )
                break
            }
            if let left = attemptsLeft, left <= Self.attemptsKeptForTheOwner {
                outcome.notes.append(
                    "stopped: the device reports \(left) login attempt(s) left before it locks; \(candidates.count - sent) login(s) not tried"
                )
                break
            }
            // A login an earlier run left without an answer gets a key of its own this time, so both sends count.
            let key = ledger.map { ledger in
                let key = ledger.key(user: candidate.user, password: candidate.password)
                return earlier.unanswered(key, device: device) ? key + "#" + UUID().uuidString.prefix(8).lowercased() : key
            }
            while let method = methods.first {
                if sent > 0 { try? await Task.sleep(for: options.loginPause) }
                // Written down before it leaves: a process killed now leaves it `sent`, counted on resume.
                if let ledger, let key { await ledger.write(key, .sent, device) }
                let result = await session.attempt(user: candidate.user, password: candidate.password, via: method)
                if let ledger, let key, let state = Self.ledgerState(result) { await ledger.write(key, state, device) }
                switch result {
                case .accepted(let detail):
                    sent += 1
                    outcome.findings.append(finding(candidate, method: method, detail: detail, identity: identity, options: options))
                    outcome.acceptedLogin = AcceptedLogin(
                        user: candidate.user, password: candidate.password, method: method.label,
                        origin: candidate.origin)
                    break candidateLoop
                case .refused(let reading):
                    sent += 1
                    refused += 1
                    if reading.locked {
                        outcome.notes.append(
                            "the device signalled a login lock after a refused login (\(reading.marker ?? "lock")) on \(method.label); camaudit sent no further logins"
                        )
                        break candidateLoop
                    }
                    if let left = reading.attemptsLeft { attemptsLeft = left }
                    continue candidateLoop
                case .lockedBefore(let reading):
                    outcome.notes.append(
                        "the device signals a login lock (\(reading.marker ?? "lock")) on \(method.label); camaudit sent no further logins")
                    break candidateLoop
                case .unavailable(let reason):
                    // Not a login attempt: the next method gets this same login.
                    outcome.notes.append("\(method.label) stopped behaving as a login (\(reason)); not counted as an attempt")
                    methods.removeFirst()
                }
            }
            if methods.isEmpty { break }
        }
        outcome.requestsSent = session.requestsSent
        return outcome
    }

    /// What the ledger keeps of an answer; nil when the method stopped behaving as a login (the row stays
    /// `sent`, counted, until the next method answers for the same login).
    static func ledgerState(_ result: DeviceLoginSession.AttemptResult) -> LoginState? {
        switch result {
        case .accepted: .accepted
        case .refused, .lockedBefore: .refused
        case .unavailable: nil
        }
    }

    /// Attempts the device must still have left before camaudit sends another login (one for the
    /// threshold itself, one for the owner).
    static let attemptsKeptForTheOwner = 2

    func candidates(for identity: Identity, options: CheckOptions) -> [Candidate] {
        var seen: Set<String> = []
        var result: [Candidate] = []
        if options.defaultCredentials {
            // A camera nobody could name gets the short generic list, inside the unknown-maker budget; so does one
            // whose maker the catalog knows nothing about (no default, and no "no factory password" entry either).
            let entries =
                Self.usesGenericList(identity, catalog: catalog)
                ? catalog.genericDefaults : catalog.triableDefaults(manufacturer: identity.manufacturer, brand: identity.brand)
            for entry in entries {
                let password = entry.password ?? ""
                if seen.insert(entry.username + "\u{0}" + password).inserted {
                    result.append(Candidate(user: entry.username, password: password, entry: entry))
                }
            }
        }
        for extra in options.extraCredentials where seen.insert(extra.user + "\u{0}" + extra.password).inserted {
            result.append(Candidate(user: extra.user, password: extra.password, entry: nil))
        }
        return result
    }

    /// True when the generic list applies: no maker or brand, or one the credential catalog has no entry for.
    static func usesGenericList(_ identity: Identity, catalog: CredentialCatalog) -> Bool {
        let names = [identity.manufacturer, identity.brand].compactMap { $0 }
        return !catalog.defaults.contains { names.contains($0.vendor) }
    }

    // MARK: Discovery of the login methods (no credentials sent)

    struct Discovery {
        var methods: [LoginMethod] = []
        var lock: LoginLockSignalReader.Reading?
        var attemptsLeft: Int?
        var notes: [String] = []
    }

    /// Unauthenticated requests in the order the logins will use: the vendor's HTTP path, Dahua RPC2,
    /// ONVIF, RTSP. A lock seen here stops the check before any login.
    func discoverMethods(
        _ target: CheckTarget, session: inout DeviceLoginSession,
        basicChallenges: inout [HygieneChecker.BasicChallenge]
    ) async -> Discovery {
        var discovery = Discovery()
        let identity = target.identity
        let web = target.ports(speaking: "http").map { ($0, false) } + target.ports(speaking: "https").map { ($0, true) }
        let readMethod = AuthenticatedReadMethod.forManufacturer(identity.manufacturer)
        let vendorPaths = readMethod?.style == .httpAuthentication ? readMethod?.requests.first?.paths ?? [] : []
        // Without a vendor API the protected root page is the login (Basic/Digest on `/`). Vendors whose API
        // logs in otherwise (Reolink tokens, Foscam query credentials) have no Digest page to find.
        let paths = vendorPaths.isEmpty ? ["/"] : vendorPaths
        let digestWeb = readMethod.map { $0.style == .httpAuthentication } ?? true

        func note(_ reading: LoginLockSignalReader.Reading) -> Bool {
            if let left = reading.attemptsLeft { discovery.attemptsLeft = min(discovery.attemptsLeft ?? left, left) }
            if reading.locked { discovery.lock = reading }
            return reading.locked
        }

        if identity.manufacturer == "Reolink" {
            reolinkLoop: for (port, useTLS) in web {
                for path in DeviceLoginSession.reolinkAPIPaths {
                    if case .challenge(_, let reading) = await session.probeReolink(port: port, useTLS: useTLS, path: path) {
                        if note(reading) { return discovery }
                        discovery.methods.append(.reolinkAPI(port: port, useTLS: useTLS, path: path))
                        break reolinkLoop
                    }
                }
            }
        }
        if identity.manufacturer == "Foscam" || identity.brand == "Foscam", case let (port, useTLS)? = Self.foscamPort(web) {
            // No unauthenticated probe: Foscam's CGI takes the credentials in the query string, and a request
            // without them might count as a failed login. The first attempt tells whether the CGI is there
            // (an answer that is not a <CGI_Result> is not counted).
            discovery.methods.append(.foscamCGI(port: port, useTLS: useTLS))
        }
        webLoop: for (port, useTLS) in digestWeb ? web : [] {
            for path in paths {
                switch await session.probeHTTP(port: port, useTLS: useTLS, path: path) {
                case .challenge(let challenges, let reading):
                    if note(reading) { return discovery }
                    if !useTLS, let basic = challenges.first(where: { $0.scheme.lowercased() == "basic" }) {
                        basicChallenges.append(HygieneChecker.BasicChallenge(port: port, path: path, realm: basic.realm))
                    }
                    if !challenges.isEmpty { discovery.methods.append(.httpGet(port: port, useTLS: useTLS, path: path)) }
                    break webLoop
                case .noLogin(let status):
                    // 404 (not this firmware's path) or an unprotected answer: try the next path.
                    if status == 200 { discovery.notes.append("GET \(path) on port \(port) answers 200 without a login") }
                case .noAnswer:
                    continue webLoop
                }
            }
        }
        if identity.manufacturer == "Dahua", case let (port, useTLS)? = web.first {
            if case .challenge(_, let reading) = await session.probeDahua(port: port, useTLS: useTLS) {
                if note(reading) { return discovery }
                discovery.methods.append(.dahuaRPC2(port: port, useTLS: useTLS))
            }
        }
        if case let (port, useTLS)? = web.first {
            switch await session.probeONVIF(port: port, useTLS: useTLS) {
            case .challenge(_, let reading):
                if note(reading) { return discovery }
                discovery.methods.append(.onvif(port: port, useTLS: useTLS))
            case .noLogin(let status) where status == 200:
                discovery.notes.append("ONVIF GetDeviceInformation on port \(port) answers without a login")
            default:
                break
            }
        }
        if let port = target.ports(speaking: "rtsp").first {
            if case .challenge(_, let reading) = await session.probeRTSP(port: port, path: "/") {
                if note(reading) { return discovery }
                discovery.methods.append(.rtspDescribe(port: port, path: "/"))
            }
        }
        return discovery
    }

    /// Foscam HD serves its web interface and CGI on port 88 (Foscam CGI User Guide); otherwise the first web port.
    static func foscamPort(_ web: [(UInt16, Bool)]) -> (UInt16, Bool)? {
        web.first { $0.0 == 88 } ?? web.first
    }

    // MARK: Findings

    func finding(_ candidate: Candidate, method: LoginMethod, detail: String, identity: Identity, options: CheckOptions) -> Finding {
        let blank = candidate.password.isEmpty
        let shown =
            blank
            ? "\(candidate.user) with an empty password"
            : options.revealSecrets ? "\(candidate.user):\(candidate.password)" : "\(candidate.user):*****"
        var evidence = ["login accepted as \(shown) via \(method.label): \(detail)"]
        if let entry = candidate.entry {
            switch (entry.kind, entry.isGeneric) {
            case (.hardCoded, _):
                evidence.append(
                    "\(entry.vendor) hard-coded account (\(entry.id)) named in the advisory \(entry.advisory ?? "") (\(entry.published ?? "undated")); source: \(entry.source)"
                )
            case (_, true):
                let why =
                    (identity.manufacturer ?? identity.brand).map { "the catalog has no default login for \($0)" }
                    ?? "the maker is not identified"
                evidence.append("generic default tried because \(why) (\(entry.id)); source: \(entry.source)")
            default:
                evidence.append("\(entry.vendor) factory default (\(entry.id)); source: \(entry.source)")
            }
            if let era = entry.era { evidence.append("ships on: \(era)") }
        } else {
            evidence.append("from the user's wordlist")
        }
        if !options.revealSecrets, !blank { evidence.append("password redacted; --reveal-secrets prints it") }
        let vendor = (identity.brand ?? identity.manufacturer).map { "\($0) device" } ?? "device"
        if blank {
            return Finding(
                id: "blank-password", title: "Account with no password", severity: .critical, kind: .credential, decidedBy: .login,
                evidence: evidence,
                remediation:
                    "Set a long, unique password on the \(candidate.user) account of this \(vendor) (or disable the account), then check every other account."
            )
        }
        return Finding(
            id: "default-credentials",
            title: candidate.entry == nil
                ? "Weak password accepted"
                : candidate.entry?.kind == .hardCoded ? "Hard-coded account accepted" : "Default password accepted",
            severity: .critical, kind: .credential, decidedBy: .login, evidence: evidence,
            remediation:
                "Change the \(candidate.user) password of this \(vendor) to a long, unique one, update the firmware, and keep the web interface off the internet."
        )
    }
}
