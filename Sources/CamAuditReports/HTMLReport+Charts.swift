import CamAuditCore

/// Inline SVG bar charts: drawn here so the page needs no script and no network.
extension HTMLReport {
    /// One bar of a chart.
    struct Bar {
        var label: String
        var count: Int
        var colour: String
    }

    /// Devices per maker (brand and OEM maker together), the ten largest then `other`.
    static func makerBars(_ devices: [DeviceReport]) -> [Bar] {
        var counts: [String: Int] = [:]
        for device in devices { counts[device.manufacturer ?? device.brand ?? "unknown", default: 0] += 1 }
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var bars = sorted.prefix(10).map { Bar(label: $0.key, count: $0.value, colour: "#3b6ea5") }
        let rest = sorted.dropFirst(10).reduce(0) { $0 + $1.value }
        if rest > 0 { bars.append(Bar(label: "other (\(sorted.count - 10) makers)", count: rest, colour: "#8a9bb0")) }
        return bars
    }

    /// Devices per risk level, with `not scored` for devices without a risk score.
    static func riskBars(_ devices: [DeviceReport]) -> [Bar] {
        var counts: [String: Int] = [:]
        for device in devices { counts[device.risk?.level.rawValue ?? "not scored", default: 0] += 1 }
        var bars = RiskLevel.worstFirst.map {
            Bar(label: $0.rawValue, count: counts[$0.rawValue] ?? 0, colour: colour(forLevel: $0.rawValue))
        }
        if let unscored = counts["not scored"] { bars.append(Bar(label: "not scored", count: unscored, colour: "#b8b8b8")) }
        return bars
    }

    /// Devices per worst finding severity, `no findings` last: the chart when risk was not scored.
    static func severityBars(_ devices: [DeviceReport]) -> [Bar] {
        var counts: [String: Int] = [:]
        for device in devices { counts[ReportFacts.worstSeverity(device)?.rawValue ?? "no findings", default: 0] += 1 }
        return (Severity.worstFirst.map(\.rawValue) + ["no findings"]).compactMap { label in
            counts[label].map { Bar(label: label, count: $0, colour: colour(forLevel: label == "no findings" ? "none" : label)) }
        }
    }

    static func colour(forLevel level: String) -> String {
        switch level {
        case "critical": return "#b3261e"
        case "high": return "#e0672b"
        case "medium": return "#e8b21f"
        case "low": return "#4f8fcf"
        case "none": return "#5a9e5a"
        default: return "#b8b8b8"
        }
    }

    /// A horizontal bar chart with labels on the left and counts at the end of each bar.
    static func barChart(title: String, bars: [Bar]) -> String {
        let rowHeight = 26, labelWidth = 190, barSpace = 300, top = 8
        let height = top * 2 + max(bars.count, 1) * rowHeight
        let largest = max(bars.map(\.count).max() ?? 0, 1)
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(labelWidth + barSpace + 60) \(height)\" "
            + "width=\"\(labelWidth + barSpace + 60)\" height=\"\(height)\">"
        svg += "<title>\(escape(title))</title>"
        for (index, bar) in bars.enumerated() {
            let y = top + index * rowHeight
            let width = bar.count == 0 ? 0 : max(2, bar.count * barSpace / largest)
            let label = bar.label.count > 26 ? String(bar.label.prefix(25)) + "\u{2026}" : bar.label
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\">\(escape(label))</text>"
            svg +=
                "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(width)\" height=\"\(rowHeight - 8)\" rx=\"3\" fill=\"\(bar.colour)\"/>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 17)\">\(bar.count)</text>"
        }
        if bars.isEmpty { svg += "<text x=\"10\" y=\"\(top + 17)\">no devices</text>" }
        return svg + "</svg>"
    }
}
