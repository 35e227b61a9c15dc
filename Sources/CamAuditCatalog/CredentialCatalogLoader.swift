import Foundation

/// Reads `default-credentials.json` and `lockout-policies.json`, reporting every problem as a
/// `path:line: error:` diagnostic that names the entry.
struct CredentialCatalogLoader {
    let vocabulary: Vocabulary?
    private(set) var diagnostics: [CatalogDiagnostic] = []

    static let credentialKeys: Set<String> = [
        "id", "vendor", "username", "password", "informational", "era", "note", "source", "kind",
        "advisory", "published", "safety",
    ]
    static let policyKeys: Set<String> = [
        "id", "vendor", "surface", "networkLogin", "threshold", "lockSeconds", "policy", "wireSignal",
        "signals", "note", "configurable", "source",
    ]
    static let signalKinds = ["xml-element", "attempts-left", "json-error-code", "body-text"]

    init(vocabulary: Vocabulary?) {
        self.vocabulary = vocabulary
    }

    mutating func load(directory: URL) -> CredentialCatalog {
        let defaults = loadDefaults(directory.appendingPathComponent("default-credentials.json"))
        let policies = loadPolicies(directory.appendingPathComponent("lockout-policies.json"))
        return CredentialCatalog(defaults: defaults, policies: policies, loadDiagnostics: diagnostics)
    }

    private mutating func report(_ path: String, _ line: Int, _ message: String, severity: CatalogDiagnostic.Severity = .error) {
        diagnostics.append(CatalogDiagnostic(path: path, line: line, severity: severity, message: message))
    }

    /// The entries of the file's `listKey` array, each with the line of its id.
    private mutating func entries(_ url: URL, listKey: String) -> (SourceText, [(entry: [String: Any], label: String, line: Int)])? {
        guard let (source, data) = SourceText.read(url, problem: { report(url.path, 1, $0) }) else { return nil }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            report(url.path, 1, "the file must hold one JSON object with a \"\(listKey)\" array")
            return nil
        }
        for key in object.keys.sorted() where !["description", listKey].contains(key) {
            report(url.path, 1, "the file has unknown key \"\(key)\" (allowed: description, \(listKey))")
        }
        guard let list = object[listKey] as? [Any] else {
            report(url.path, 1, "\"\(listKey)\" must be an array of entries")
            return nil
        }
        var ids = EntryRules.IDs()
        var result: [(entry: [String: Any], label: String, line: Int)] = []
        for (index, raw) in list.enumerated() {
            guard let entry = raw as? [String: Any] else {
                report(url.path, source.line(ofKey: listKey), "entry #\(index + 1) must be a JSON object")
                continue
            }
            let id = entry["id"] as? String ?? ""
            let occurrence = ids.occurrence(of: id)
            let lines = id.isEmpty ? [] : source.lines(ofKey: "id", value: id)
            let line = occurrence < lines.count ? lines[occurrence] : source.line(ofKey: listKey)
            let label = id.isEmpty ? "entry #\(index + 1)" : "entry \"\(id)\""
            if id.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) == nil {
                report(url.path, line, "\(label): \"id\" must be lower-case letters, digits and dashes")
            }
            if occurrence > 0 { report(url.path, line, "\(label): " + EntryRules.duplicateMessage(id)) }
            result.append((entry, label, line))
        }
        return (source, result)
    }

    private mutating func checkCommon(
        _ entry: [String: Any], allowed: Set<String>, required: [String], label: String, path: String, line: Int
    ) {
        for key in entry.keys.sorted() where !allowed.contains(key) {
            report(path, line, "\(label) has unknown key \"\(key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        for key in required where entry[key] == nil {
            report(path, line, "\(label) is missing the required key \"\(key)\"")
        }
        if let message = EntryRules.emptySource(entry["source"] as? String) { report(path, line, "\(label): \(message)") }
    }

    private mutating func checkVendor(_ vendor: String, allowAny: Bool, label: String, path: String, line: Int) {
        if allowAny, vendor == "*" { return }
        guard let vocabulary, let problem = EntryRules.vendor(vendor, in: vocabulary) else { return }
        report(path, line, "\(label): " + problem.message("vendor", vendor))
    }

    // MARK: default-credentials.json

    private mutating func loadDefaults(_ url: URL) -> [DefaultCredential] {
        guard let (_, list) = entries(url, listKey: "credentials") else { return [] }
        let path = url.path
        var result: [DefaultCredential] = []
        var seenLogins: [String: String] = [:]
        for (entry, label, line) in list {
            checkCommon(
                entry, allowed: Self.credentialKeys, required: ["id", "vendor", "username", "password", "source"], label: label, path: path,
                line: line)
            guard let id = entry["id"] as? String, let vendor = entry["vendor"] as? String, let username = entry["username"] as? String
            else {
                report(path, line, "\(label): \"id\", \"vendor\" and \"username\" must be strings")
                continue
            }
            // "*" is the generic list for cameras whose maker is unknown.
            checkVendor(vendor, allowAny: true, label: label, path: path, line: line)
            let kind = parseKind(entry, label: label, path: path, line: line)
            let password: String?
            switch entry["password"] {
            case let text as String: password = text
            case is NSNull: password = nil
            default:
                report(
                    path, line, "\(label): \"password\" must be a string (\"\" for a blank password) or null with an \"informational\" text"
                )
                continue
            }
            let informational = entry["informational"] as? String
            if password == nil, (informational ?? "").isEmpty {
                report(path, line, "\(label): a null password needs an \"informational\" text saying why there is nothing to try")
            }
            if password != nil, informational != nil {
                report(
                    path, line, "\(label): \"informational\" is only for entries with a null password; an entry with a password is tried")
            }
            if let password {
                // The id is printed in findings, where the password is redacted: it must not spell the password.
                if password.count >= 3, password != username, id.lowercased().contains(password.lowercased()) {
                    report(path, line, "\(label): the id contains the password, which findings print redacted; name the entry otherwise")
                }
                if password.count >= 4, password != username,
                    (entry["source"] as? String ?? "").lowercased().contains(password.lowercased())
                {
                    report(
                        path, line,
                        "\(label): the source spells the password, which findings print redacted; cite the row or page without it")
                }
                let key = "\(vendor)\u{0}\(username)\u{0}\(password)"
                if let earlier = seenLogins[key] {
                    report(path, line, "\(label): the same login as \"\(earlier)\" for \(vendor); keep one entry")
                }
                seenLogins[key] = id
            }
            result.append(
                DefaultCredential(
                    id: id, vendor: vendor, username: username, password: password, informational: informational,
                    era: entry["era"] as? String, note: entry["note"] as? String, source: entry["source"] as? String ?? "",
                    kind: kind, advisory: entry["advisory"] as? String, published: entry["published"] as? String,
                    location: CatalogLocation(path: path, line: line)))
        }
        return result
    }

    /// `kind` (factory-default when absent); a hard-coded account needs its advisory URL, date and safety label.
    private mutating func parseKind(_ entry: [String: Any], label: String, path: String, line: Int) -> DefaultCredential.Kind {
        let raw = entry["kind"] as? String ?? DefaultCredential.Kind.factoryDefault.rawValue
        guard let kind = DefaultCredential.Kind(rawValue: raw) else {
            report(path, line, "\(label): unknown \"kind\" \"\(raw)\" (use factory-default or hard-coded)")
            return .factoryDefault
        }
        if let safety = entry["safety"], (safety as? String) != "safe" {
            report(path, line, "\(label): \"safety\" must be \"safe\": a default-credential login is one read-only request")
        }
        guard kind == .hardCoded else { return kind }
        if (entry["vendor"] as? String) == "*" {
            report(path, line, "\(label): a hard-coded account belongs to the maker the advisory names, not to \"*\"")
        }
        let advisory = entry["advisory"] as? String ?? ""
        if !(advisory.hasPrefix("https://") || advisory.hasPrefix("http://")) {
            report(path, line, "\(label): a hard-coded account needs \"advisory\", the URL of the advisory that names it")
        }
        if (entry["published"] as? String)?.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
            report(path, line, "\(label): a hard-coded account needs \"published\", the advisory's date as YYYY-MM-DD")
        }
        if entry["safety"] == nil {
            report(path, line, "\(label): a hard-coded account needs \"safety\": \"safe\"")
        }
        return kind
    }

    // MARK: lockout-policies.json

    private mutating func loadPolicies(_ url: URL) -> [LockoutPolicy] {
        guard let (_, list) = entries(url, listKey: "policies") else { return [] }
        let path = url.path
        var result: [LockoutPolicy] = []
        for (entry, label, line) in list {
            checkCommon(
                entry, allowed: Self.policyKeys, required: ["id", "vendor", "surface", "networkLogin", "threshold", "signals", "source"],
                label: label, path: path, line: line)
            guard let id = entry["id"] as? String, let vendor = entry["vendor"] as? String else {
                report(path, line, "\(label): \"id\" and \"vendor\" must be strings")
                continue
            }
            checkVendor(vendor, allowAny: true, label: label, path: path, line: line)
            var threshold: Int?
            switch entry["threshold"] {
            case is NSNull, nil: threshold = nil
            case let number as Int where number > 0: threshold = number
            default: report(path, line, "\(label): \"threshold\" must be a positive whole number, or null when no source gives one")
            }
            var lockSeconds: Int?
            if let raw = entry["lockSeconds"] {
                if let number = raw as? Int, number >= 0 {
                    lockSeconds = number
                } else {
                    report(path, line, "\(label): \"lockSeconds\" must be a whole number of seconds")
                }
            }
            guard let networkLogin = entry["networkLogin"] as? Bool else {
                report(path, line, "\(label): \"networkLogin\" must be true or false")
                continue
            }
            let signals = parseSignals(entry["signals"], label: label, path: path, line: line)
            result.append(
                LockoutPolicy(
                    id: id, vendor: vendor, surface: entry["surface"] as? String ?? "", networkLogin: networkLogin, threshold: threshold,
                    lockSeconds: lockSeconds, signals: signals, source: entry["source"] as? String ?? "",
                    location: CatalogLocation(path: path, line: line)))
        }
        return result
    }

    private mutating func parseSignals(_ raw: Any?, label: String, path: String, line: Int) -> [LockoutPolicy.Signal] {
        guard let list = raw as? [Any] else {
            report(path, line, "\(label): \"signals\" must be an array (empty when the device shows no lock on the wire)")
            return []
        }
        var signals: [LockoutPolicy.Signal] = []
        for (index, rawSignal) in list.enumerated() {
            let what = "\(label) signal #\(index + 1)"
            guard let signal = rawSignal as? [String: Any], let kind = signal["kind"] as? String else {
                report(path, line, "\(what) must be an object with a \"kind\" (\(Self.signalKinds.joined(separator: ", ")))")
                continue
            }
            switch kind {
            case "xml-element":
                if let name = signal["name"] as? String, let value = signal["equals"] as? String, !name.isEmpty {
                    signals.append(.xmlElement(name: name, equals: value))
                } else {
                    report(path, line, "\(what): xml-element needs \"name\" and \"equals\" strings")
                }
            case "attempts-left":
                if let name = signal["name"] as? String, !name.isEmpty {
                    signals.append(.attemptsLeft(name: name))
                } else {
                    report(path, line, "\(what): attempts-left needs the element \"name\"")
                }
            case "json-error-code":
                if let code = signal["code"] as? Int {
                    signals.append(.jsonErrorCode(code))
                } else {
                    report(path, line, "\(what): json-error-code needs a whole-number \"code\"")
                }
            case "body-text":
                if let text = signal["text"] as? String, text.count >= 4 {
                    signals.append(.bodyText(text))
                } else {
                    report(path, line, "\(what): body-text needs a \"text\" of at least 4 characters (shorter ones match by chance)")
                }
            default:
                report(path, line, "\(what): unknown kind \"\(kind)\" (use \(Self.signalKinds.joined(separator: ", ")))")
            }
        }
        return signals
    }
}
