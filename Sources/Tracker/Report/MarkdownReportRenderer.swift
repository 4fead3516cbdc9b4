import TrackCore
import TrackEngine

/// The report as GitHub-flavoured Markdown, for a repository README or a pull request: the same
/// content as the HTML page, with tables and links; charts are separate SVG files when a folder is given.
public struct MarkdownReportRenderer: Sendable {
    /// The folder (relative to the Markdown file) the charts are written to; nil to leave charts out.
    public var chartFolder: String?

    public init(chartFolder: String?) {
        self.chartFolder = chartFolder
    }

    /// The Markdown text and, when `chartFolder` is set, each chart's SVG by its path relative to the Markdown file.
    public func render(_ report: WorkspaceReport) -> (text: String, charts: [(path: String, svg: String)]) {
        var lines: [String] = ["# \(text(report.title)) as of \(report.asOf)", ""]
        var charts: [(path: String, svg: String)] = []
        var usedNames = Set<String>()
        func chart(_ chart: SVGChart, name: String, caption: String) {
            guard let chartFolder else { return }
            // Names built from ids can meet (`a-1` reading `b`, `a` reading `1-b`): a later one gets a number.
            let base = Self.fileName(name)
            var unique = base
            var number = 2
            while !usedNames.insert(unique.lowercased()).inserted {
                unique = "\(base)-\(number)"
                number += 1
            }
            let path = "\(chartFolder)/\(unique).svg"
            charts.append((path, chart.render()))
            lines += ["![\(text(caption))](\(path))", ""]
        }
        lines += ["## Summary", ""]
        lines.append(report.statusCounts.map { "\($0.count) \($0.status.rawValue)" }.joined(separator: " · "))
        lines.append("")
        lines += ["### Due within \(WorkspaceReport.dueWindowDays) days or overdue", ""]
        if report.dueSoon.isEmpty {
            lines += ["None.", ""]
        } else {
            var table = TextTable(columns: [.init("FORECAST"), .init("DEADLINE"), .init("LEFT", .right), .init("STATUS")])
            for section in report.dueSoon {
                table.append([
                    .init("[\(section.prediction.id)](#\(Self.anchor(section.prediction.id)))"),
                    .init(section.prediction.deadline.day.description),
                    .init(StatusReport.timeLeft(section.daysLeft)), .init(section.evaluation.status.rawValue),
                ])
            }
            lines += [table.renderMarkdown(), ""]
        }
        var overview = TextTable(columns: [
            .init("FORECAST"), .init("LEFT", .right), .init("STATUS"), .init("PROBABILITY", .right), .init("CHANGE", .right),
            .init("GAP TO TARGET"),
        ])
        for section in report.sections {
            let change: String =
                section.previous.map { previous in
                    let delta = section.evaluation.probability.flatMap { now in previous.probability.map { ((now - $0) * 100).rounded() } }
                    let points = delta.map { $0 == 0 ? "±0 pts" : "\($0 > 0 ? "+" : "−")\(Int(abs($0))) pts" }
                    let status = previous.status != section.evaluation.status ? "was \(previous.status.rawValue)" : nil
                    return [points, status].compactMap { $0 }.joined(separator: ", ")
                } ?? "no earlier run"
            overview.append([
                .init("[\(section.prediction.id)](#\(Self.anchor(section.prediction.id))): \(text(section.prediction.statement))"),
                .init(StatusReport.timeLeft(section.daysLeft)), .init(section.evaluation.status.rawValue),
                .init(
                    (section.evaluation.probability?.percent ?? "-")
                        + (section.prediction.probability.map { " (stated \($0.percent))" } ?? "")),
                .init(change.isEmpty ? "-" : change), .init(section.gap.map { text($0.text) } ?? "-"),
            ])
        }
        lines += ["### Forecasts", "", overview.renderMarkdown(), ""]
        lines += ["### Stale indicators", ""]
        if report.staleIndicators.isEmpty {
            lines += ["None: every indicator has an observation within its limit.", ""]
        } else {
            var table = TextTable(columns: [
                .init("INDICATOR"), .init("LATEST OBSERVATION"), .init("AGE", .right), .init("LIMIT", .right), .init("FORECASTS"),
            ])
            for stale in report.staleIndicators {
                table.append([
                    .init(stale.id), .init(stale.latest?.description ?? "none"), .init("\(stale.ageDays) days"),
                    .init("\(stale.limitDays) days"),
                    .init(stale.forecasts.isEmpty ? "none" : stale.forecasts.joined(separator: ", ")),
                ])
            }
            lines += [table.renderMarkdown(), ""]
        }
        for section in report.sections {
            let prediction = section.prediction
            let evaluation = section.evaluation
            lines += ["## \(prediction.id)", "", text(prediction.statement), ""]
            let source =
                section.source.map { source in
                    source.url.flatMap(Self.webAddress).map { "[\(text(source.title))](\($0))" } ?? text(source.title)
                } ?? text(prediction.source)
            let left = section.daysLeft >= 0 ? "\(section.daysLeft) days left" : "\(-section.daysLeft) days overdue"
            lines += [
                "- **Status:** \(evaluation.status.rawValue)",
                "- **Source:** \(source), made \(prediction.made)",
                "- **Deadline:** \(HTMLReportRenderer.deadline(prediction.deadline, left: left))",
                "- **Stated probability:** \(prediction.probability?.percent ?? "not stated")",
                "- **Tracked probability:** \(evaluation.probability?.percent ?? "none")",
            ]
            if let crowd = section.others.crowdText { lines.append("- **Crowd probability:** \(text(crowd))") }
            let said = section.others.forecasters.filter { !$0.stated }
            if !said.isEmpty {
                lines.append(
                    "- **Forecasters:** " + text(said.map { "\($0.by) \($0.probability.percent) (\($0.on))" }.joined(separator: ", ")))
            }
            if let resolution = prediction.resolution {
                lines.append(
                    "- **Resolution:** \(resolution.outcome.rawValue) on \(resolution.date), \(Self.webAddress(resolution.source).map { "<\($0)>" } ?? text(resolution.source))"
                )
            }
            lines += ["", "> \(text(evaluation.summary))", ""]
            if let reasoning = evaluation.reasoning { lines += ["Why: \(text(reasoning))", ""] }
            lines += ["Criteria: \(text(prediction.criteria))", ""]
            if !evaluation.evidence.isEmpty {
                var table = TextTable(columns: [.init("EVIDENCE"), .init("VALUE"), .init("DATE"), .init("SOURCE")])
                for item in evaluation.evidence {
                    let source = item.source.map { Self.webAddress($0).map { "<\($0)>" } ?? text($0) } ?? "computed"
                    table.append([.init(text(item.label)), .init(text(item.value)), .init(item.date?.description ?? ""), .init(source)])
                }
                lines += [table.renderMarkdown(), ""]
            }
            for (index, entry) in section.indicatorCharts.enumerated() {
                chart(
                    entry.chart, name: "\(prediction.id)-\(index + 1)-\(entry.indicator)",
                    caption: "\(entry.indicator) for \(prediction.id)")
            }
            chart(section.probabilityChart, name: "\(prediction.id)-probability", caption: "probability of \(prediction.id) over time")
        }
        if let scores = report.scores {
            let scoreboard = scores.scoreboard
            lines += ["## Scores and calibration", "", scoreboard.table(scoreboard.rows).renderMarkdown(), "", scoreboard.legend, ""]
            for row in scoreboard.rows where !row.calibration.isEmpty {
                let name = scoreboard.label(row)
                var calibration = TextTable(columns: [
                    .init("BIN (\(name))"), .init("N", .right), .init("MEAN P", .right), .init("HAPPENED", .right),
                ])
                for bin in row.calibration {
                    calibration.append([
                        .init("\(bin.lower.formatted(digits: 1))-\(bin.upper.formatted(digits: 1))"), .init(String(bin.count)),
                        .init(bin.meanProbability.formatted(digits: 2)), .init(bin.observedFrequency.formatted(digits: 2)),
                    ])
                }
                lines += [calibration.renderMarkdown(), ""]
                chart(
                    ReportCharts.reliability(row.calibration, title: "Reliability of \(name)'s probabilities"),
                    name: "calibration-\(row.kind.rawValue)-\(row.scorer)", caption: "reliability of \(name)'s probabilities")
            }
        }
        return (lines.joined(separator: "\n"), charts)
    }

    /// Markdown text with the characters that would start markup or HTML escaped (see `escaped`).
    func text(_ value: String) -> String { Self.escaped(value) }

    /// `value` with the characters that would start markup or HTML escaped, line breaks made spaces, and
    /// the starts that would make a block (`- x`, `1. x`, `---`, `=`, four spaces) defused, so that the data
    /// stay one line of text. Pipes are left to the tables, which escape them once.
    static func escaped(_ value: String) -> String {
        var escaped = ""
        let trimmed = value.drop { $0 == " " || $0 == "\t" }
        for character in trimmed {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "$", "~", "&": escaped += "\\\(character)"
            case "\n", "\r": escaped += " "
            default: escaped.append(character)
            }
        }
        if let first = escaped.first, "-+=".contains(first) {
            escaped = "\\" + escaped
        } else if let end = escaped.firstIndex(where: { !$0.isASCII || !$0.isNumber }), end != escaped.startIndex,
            escaped[end] == "." || escaped[end] == ")"
        {
            escaped.insert("\\", at: end)
        }
        return escaped
    }

    /// `address` when it is an http(s) address without characters that would end a Markdown link.
    static func webAddress(_ address: String) -> String? {
        guard address.hasPrefix("https://") || address.hasPrefix("http://"),
            !address.contains(where: { " <>()\n\r\"".contains($0) })
        else { return nil }
        return address
    }

    /// GitHub's heading anchor for an id made of lowercase letters, digits and hyphens.
    static func anchor(_ id: String) -> String {
        String(id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    /// A safe file name: letters, digits, `-`, `_` and `.` only.
    static func fileName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    }
}
