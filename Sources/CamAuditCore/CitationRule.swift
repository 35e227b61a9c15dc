import Foundation

/// What a citation in a data file may be: something a reader of the repository can open and check.
///
/// A public URL, a document title with its date, `owner/repo@commit path` of a public repository, or a path
/// inside this repository (`data/...`, `docs/...`) all pass. A path on somebody's machine (`/work/...`,
/// `~/...`, `C:\...`), a path leading out of the repository (`../shared/...`, `shared/...`), or the bare name of a
/// notes file that is not in the repository (`field-notes.md §2.1`) does not.
public enum CitationRule {
    /// Keys whose values are citations: `source`, `vendorSource`, `references`, `citation`, `url`, ...
    public static func isCitationKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return lowered.contains("source") || lowered.contains("reference") || lowered.contains("citation") || lowered == "url"
    }

    /// The problem with one citation, or nil when a reader can follow it.
    ///
    /// `repositoryFiles` are the bare file names a citation may name without a folder (this repository's own data
    /// files, such as `oem-brands.json`).
    public static func problem(in citation: String, repositoryFiles: Set<String> = []) -> String? {
        if citation.range(of: machinePath, options: .regularExpression) != nil {
            return
                "cites a path on a machine; cite the public primary source (a URL, a document title and date, or owner/repo@commit and file)"
        }
        if citation.range(of: outsidePath, options: .regularExpression) != nil {
            return
                "cites a path outside this repository; cite the public primary source (a URL, a document title and date, or owner/repo@commit and file)"
        }
        // A bare notes file name is only checkable when the citation also says whose file it is.
        let namesOwner = citation.range(of: ownerReference, options: .regularExpression) != nil
        if !namesOwner {
            for name in bareFileNames(in: citation) where !repositoryFiles.contains(name) {
                return
                    "cites the file \(name), which is not in this repository; cite the public primary source (a URL, a document title and date, or owner/repo@commit and file)"
            }
        }
        return nil
    }

    /// Every citation in a JSON document that fails `problem(in:)`, with the key path and the text.
    public static func problems(inJSON data: Data, repositoryFiles: Set<String> = []) -> [CitationProblem] {
        guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return [] }
        var found: [CitationProblem] = []
        func visit(_ value: Any, path: String, citation: Bool) {
            switch value {
            case let object as [String: Any]:
                for key in object.keys.sorted() {
                    visit(object[key]!, path: path.isEmpty ? key : "\(path).\(key)", citation: citation || isCitationKey(key))
                }
            case let list as [Any]:
                for (index, item) in list.enumerated() { visit(item, path: "\(path)[\(index)]", citation: citation) }
            case let text as String where citation:
                if let message = problem(in: text, repositoryFiles: repositoryFiles) {
                    found.append(CitationProblem(keyPath: path, text: text, message: message))
                }
            default:
                break
            }
        }
        visit(root, path: "", citation: false)
        return found
    }

    /// `/work/...`, `/tmp/...`, `/Users/...`, `~/...`, `file://`, `C:\...` at the start of a word. (`/home/` is left
    /// out: devices serve pages such as `/home/monitoring.cgi`.)
    static let machinePath = #"(^|[\s(\[;,:'"=])(/(work|tmp|root|Users|mnt|private|var/folders)/|~/|file://|[A-Za-z]:\\)"#
    /// `shared/...`, `reference/...` at the start of a word, or `../shared`, `../notes` (a relative link inside a
    /// device's own web page, such as `../wmf/index.html`, is a fact about the device and passes).
    static let outsidePath = #"(^|[\s(\[;,'"=])(shared/|reference/)|\.\./(\.\./)*(shared|reference|notes)\b"#
    /// A URL, or `owner/repo` (with `@commit` or a `github.com` URL) naming whose file it is.
    static let ownerReference = #"(https?://|\b[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@[0-9a-fA-F]{7,40}\b)"#
    /// A file name with no folder before it: `field-notes.md`, `lockout_policies.jsonl`.
    static let bareFileName = #"(?<![A-Za-z0-9_./@:-])[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(md|jsonl|json|csv|txt)\b"#

    static func bareFileNames(in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: bareFileName) else { return [] }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }
}

/// One citation that a reader cannot follow.
public struct CitationProblem: Sendable, Hashable {
    /// Where it sits, e.g. `fingerprints[3].source`.
    public var keyPath: String
    public var text: String
    public var message: String

    public init(keyPath: String, text: String, message: String) {
        self.keyPath = keyPath
        self.text = text
        self.message = message
    }
}
