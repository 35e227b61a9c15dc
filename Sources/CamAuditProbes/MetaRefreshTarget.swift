import Foundation

/// The target of an HTML `<meta http-equiv="refresh" content="0; URL=...">` in a page.
///
/// Why: many cameras answer `GET /` with a 200 whose only content is a meta refresh to the real page
/// (legacy Axis `/view/viewer_index.shtml`, AXIS OS `/camera/index.html`), and the model and
/// sometimes the firmware are only in that page's title. Following it is one more read-only GET,
/// like following a 302.
public enum MetaRefreshTarget {
    /// Only the start of a page is searched: a redirecting page puts its meta tag in the head.
    public static let searchedCharacters = 4096
    /// Longest target kept; longer ones are ignored rather than cut.
    public static let maximumTargetLength = 512

    /// The URL of the first meta refresh in the page, or nil when there is none or it is malformed.
    public static func url(in page: String) -> String? {
        let head = String(page.prefix(searchedCharacters))
        // ASCII-only lowering keeps every character at its offset, so the target keeps its spelling.
        let lowered = String(head.map { $0.isASCII ? Character($0.lowercased()) : $0 })
        var searchStart = lowered.startIndex
        while let tagStart = lowered.range(of: "<meta", range: searchStart..<lowered.endIndex) {
            guard let tagEnd = lowered.range(of: ">", range: tagStart.upperBound..<lowered.endIndex) else { return nil }
            let tag = lowered[tagStart.upperBound..<tagEnd.lowerBound]
            searchStart = tagEnd.upperBound
            guard tag.contains("http-equiv"), tag.contains("refresh"), let urlKey = tag.range(of: "url=") else { continue }
            // Paths are case-sensitive: read the target from the original text at the same offsets.
            let offset = lowered.distance(from: lowered.startIndex, to: urlKey.upperBound)
            let end = lowered.distance(from: lowered.startIndex, to: tagEnd.lowerBound)
            let original = head.dropFirst(offset).prefix(end - offset).drop { $0 == "'" || $0 == "\"" || $0.isWhitespace }
            let target = original.prefix { $0 != "\"" && $0 != "'" && $0 != ">" && !$0.isWhitespace }
            guard !target.isEmpty, target.count <= maximumTargetLength else { return nil }
            return String(target)
        }
        return nil
    }
}
