import TrackCore
import TrackEngine

/// The report as one self-contained HTML page: inline CSS and SVG, a few lines of inline script that sort
/// the tables, nothing fetched, so it opens offline and survives being mailed.
public struct HTMLReportRenderer: Sendable {
    public init() {}

    public func render(_ report: WorkspaceReport) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(report.title)) as of \(report.asOf)</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header><h1>\(e(report.title))</h1><p class="as-of">as of <time datetime="\(report.asOf)">\(report.asOf)</time> · \
            \(report.sections.count) forecast\(report.sections.count == 1 ? "" : "s")</p></header>
            <main>

            """
        // Each indicator's points once, referenced by every chart that shows them.
        if !report.layers.isEmpty {
            html +=
                "<svg class=\"layers\" width=\"0\" height=\"0\" aria-hidden=\"true\" style=\"position:absolute\"><defs>"
                + report.layers.map { $0.definition() }.joined() + "</defs></svg>\n"
        }
        html += summary(report)
        let stale = Dictionary(uniqueKeysWithValues: report.staleIndicators.map { ($0.id, $0) })
        for section in report.sections { html += self.section(section, asOf: report.asOf, stale: stale) }
        if let scores = report.scores { html += self.scores(scores) }
        html +=
            "</main>\n<footer>Made by <code>track report</code>. Charts: grey points are observations of other subjects, coloured ones "
            + "those the forecast names; the black or bold line is the series the forecast is about; the orange line and band are the "
            + "model's projection and its interval (an arrow marks where the band leaves the plot); the dashed red line is the target "
            + "in every chart; the dotted purple line is the stated probability.</footer>\n<script>\(Self.sortScript)</script>\n</body>\n</html>\n"
        return html
    }

    private func summary(_ report: WorkspaceReport) -> String {
        var html = "<section id=\"summary\" class=\"summary\"><h2>Summary</h2>\n<ul class=\"counts\">"
        for (status, count) in report.statusCounts {
            html += "<li class=\"status \(status.rawValue)\"><span class=\"count\">\(count)</span> \(status.rawValue)</li>"
        }
        html += "</ul>\n"
        html += "<h3>Due within \(WorkspaceReport.dueWindowDays) days or overdue</h3>"
        if report.dueSoon.isEmpty {
            html += "<p class=\"none\">None.</p>"
        } else {
            html += "<table><thead><tr><th>Forecast</th><th>Deadline</th><th class=\"num\">Left</th><th>Status</th></tr></thead><tbody>"
            for section in report.dueSoon {
                html +=
                    "<tr><td><a href=\"#forecast-\(e(section.prediction.id))\">\(e(section.prediction.id))</a></td>"
                    + "<td>\(section.prediction.deadline.day)</td><td class=\"num\">\(StatusReport.timeLeft(section.daysLeft))</td>"
                    + "<td>\(badge(section.evaluation.status))</td></tr>"
            }
            html += "</tbody></table>"
        }
        html +=
            "<h3>Forecasts</h3><table class=\"overview sortable\"><thead><tr><th>Forecast</th><th class=\"num\">Days left</th>"
            + "<th>Status</th><th class=\"num\">Probability</th><th class=\"num\">Change since last run</th><th>Gap to target</th>"
            + "</tr></thead><tbody>"
        for section in report.sections {
            let id = e(section.prediction.id)
            let probability = section.evaluation.probability
            let stated = section.prediction.probability.map { " <span class=\"stated\">(stated \($0.percent))</span>" } ?? ""
            let gap = section.gap
            html +=
                "<tr><td data-sort=\"\(id)\"><a href=\"#forecast-\(id)\">\(id)</a><br><span class=\"statement-short\">"
                + "\(e(section.prediction.statement))</span></td>"
                + "<td class=\"num\" data-sort=\"\(section.daysLeft)\">\(StatusReport.timeLeft(section.daysLeft))</td>"
                + "<td data-sort=\"\(section.evaluation.status.rawValue)\">\(badge(section.evaluation.status))</td>"
                + "<td class=\"num\" data-sort=\"\(probability.map { String($0) } ?? "-1")\">\(probability?.percent ?? "–")\(stated)</td>"
                + change(section) + "<td data-sort=\"\(gap.map { String($0.distance) } ?? "")\">\(gap.map { e($0.text) } ?? "–")</td></tr>"
        }
        html += "</tbody></table>"
        html += "<h3>Stale indicators</h3>"
        if report.staleIndicators.isEmpty {
            html += "<p class=\"none\">None: every indicator has an observation within its limit.</p>"
        } else {
            html +=
                "<table class=\"stale-indicators sortable\"><thead><tr><th>Indicator</th><th>Latest observation</th><th class=\"num\">Age</th>"
                + "<th class=\"num\">Limit</th><th>Forecasts it affects</th></tr></thead><tbody>"
            for stale in report.staleIndicators {
                let readers = stale.forecasts.map { "<a href=\"#forecast-\(e($0))\">\(e($0))</a>" }.joined(separator: ", ")
                html +=
                    "<tr class=\"stale\"><td>\(e(stale.id))</td><td>\(stale.latest?.description ?? "none")</td>"
                    + "<td class=\"num\" data-sort=\"\(stale.ageDays)\">\(stale.ageDays) days</td><td class=\"num\" data-sort=\"\(stale.limitDays)\">"
                    + "\(stale.limitDays) days</td><td>\(readers.isEmpty ? "none" : readers)</td></tr>"
            }
            html += "</tbody></table>"
        }
        html += "</section>\n"
        return html
    }

    /// The overview's change cell: the probability's change in points and the status before, since the latest run before the day.
    private func change(_ section: WorkspaceReport.Section) -> String {
        guard let previous = section.previous else { return "<td class=\"num\" data-sort=\"0\">no earlier run</td>" }
        var parts: [String] = []
        var delta = 0.0
        if let now = section.evaluation.probability, let before = previous.probability {
            delta = (now - before) * 100
            let rounded = delta.rounded()
            parts.append(rounded == 0 ? "±0 pts" : "\(rounded > 0 ? "+" : "−")\(Int(abs(rounded))) pts")
        }
        if previous.status != section.evaluation.status { parts.append("was \(previous.status.rawValue)") }
        return
            "<td class=\"num\" data-sort=\"\(delta)\" title=\"since the run of \(previous.asOf)\">\(parts.isEmpty ? "–" : parts.joined(separator: ", "))</td>"
    }

    private func section(_ section: WorkspaceReport.Section, asOf: Day, stale: [String: WorkspaceReport.StaleIndicator]) -> String {
        let prediction = section.prediction
        let evaluation = section.evaluation
        var html = "<section class=\"forecast\" id=\"forecast-\(e(prediction.id))\" data-forecast=\"\(e(prediction.id))\">\n"
        html += "<h2>\(e(prediction.id)) \(badge(evaluation.status))</h2>\n"
        html += "<p class=\"statement\">\(e(prediction.statement))</p>\n<dl class=\"facts\">"
        let sourceText =
            section.source.map { source in
                let title = e(source.title) + (source.publisher.map { " (" + e($0) + ")" } ?? "")
                return link(source.url, title)
            } ?? e(prediction.source)
        let left = section.daysLeft >= 0 ? "\(section.daysLeft) days left" : "\(-section.daysLeft) days overdue"
        html += fact("Source", sourceText)
        html += fact("Made", prediction.made.description)
        html += fact("Deadline", e(Self.deadline(prediction.deadline, left: left)))
        html += fact("Stated probability", prediction.probability?.percent ?? "not stated")
        html += fact("Tracked probability", evaluation.probability?.percent ?? "none")
        if let crowd = section.others.crowdText { html += fact("Crowd probability", e(crowd)) }
        let said = section.others.forecasters.filter { !$0.stated }
        if !said.isEmpty {
            html += fact("Forecasters", e(said.map { "\($0.by) \($0.probability.percent) (\($0.on))" }.joined(separator: ", ")))
        }
        if let resolution = prediction.resolution {
            html += fact(
                "Resolution", "\(resolution.outcome.rawValue) on \(resolution.date), " + link(resolution.source, e(resolution.source)))
        }
        html += "</dl>\n"
        html += "<p class=\"summary-text\">\(e(evaluation.summary))</p>\n"
        if let reasoning = evaluation.reasoning {
            html += "<details class=\"criteria\"><summary>Why</summary><p>\(e(reasoning))</p></details>\n"
        }
        html += "<details class=\"criteria\"><summary>Criteria</summary><p>\(e(prediction.criteria))</p></details>\n"
        if let assessment = evaluation.assessment, !assessment.parts.isEmpty {
            html += "<ul class=\"parts\">" + parts(assessment) + "</ul>\n"
        }
        let evidence = evaluation.evidence
        if !evidence.isEmpty {
            html += "<table class=\"evidence\"><thead><tr><th>Evidence</th><th>Value</th><th>Date</th><th>Source</th></tr></thead><tbody>"
            for item in evidence {
                html +=
                    "<tr><td>\(e(item.label))</td><td>\(e(item.value))</td><td class=\"date\">\(item.date?.description ?? "")</td>"
                    + "<td>\(item.source.map { link($0, e($0)) } ?? "computed")</td></tr>"
            }
            html += "</tbody></table>\n"
        }
        html += "<div class=\"charts\">"
        for (indicator, chart) in section.indicatorCharts {
            html +=
                "<figure class=\"chart indicator-chart\" data-indicator=\"\(e(indicator))\">\(chart.render(layerDefinedElsewhere: true))"
                + "<figcaption>\(e(indicator)): observations to \(asOf)" + thinning(chart.layer)
                + (stale[indicator].map { item in
                    "; <strong class=\"stale\">stale</strong>: no observation since \(item.latest?.description ?? "-") (limit \(item.limitDays) days)"
                } ?? "") + "</figcaption></figure>"
        }
        let runs = Self.runCount(section)
        html +=
            "<figure class=\"chart probability-chart\">\(section.probabilityChart.render())<figcaption>Probability over time: \(runs)</figcaption></figure>"
        html += "</div>\n</section>\n"
        return html
    }

    /// "2027-06-30 (205 days left)", or "2027-Q3 (2027-09-30; 297 days left)" when the deadline was written otherwise.
    static func deadline(_ deadline: Deadline, left: String) -> String {
        deadline.description == deadline.day.description ? "\(deadline.day) (\(left))" : "\(deadline) (\(deadline.day); \(left))"
    }

    /// "12 runs of this forecast (1 recorded, 11 backtests)", or how to get some.
    static func runCount(_ section: WorkspaceReport.Section) -> String {
        let count = section.historyCount
        guard count > 0 else {
            return "no runs of this forecast stored yet (track evaluate records one; track evaluate --backfill computes past ones)"
        }
        let recorded = section.history.count { $0.kind == .recorded }
        let backtests = count - recorded
        let kinds = [
            recorded > 0 ? "\(recorded) recorded" : nil, backtests > 0 ? "\(backtests) backtest\(backtests == 1 ? "" : "s")" : nil,
        ].compactMap { $0 }
        return "\(count) run\(count == 1 ? "" : "s") of this forecast (\(kinds.joined(separator: ", ")))"
    }

    /// What a thinned layer leaves out, as `ReportLayers` thins.
    private func thinning(_ layer: SVGLayer?) -> String {
        guard let layer, layer.pointCount < layer.sourceCount else { return "" }
        return "; \(layer.pointCount) of \(layer.sourceCount) drawn (each series' first, last and record values and an even sample)"
    }

    private func parts(_ assessment: Assessment) -> String {
        assessment.parts.map { part in
            let probability = part.assessment.probability.map { " " + $0.percent } ?? ""
            let nested = part.assessment.parts.isEmpty ? "" : "<ul>" + parts(part.assessment) + "</ul>"
            return
                "<li><strong>\(e(part.label))</strong>: \(e(part.assessment.verdict.rawValue))\(probability), \(e(part.assessment.summary))\(nested)</li>"
        }.joined()
    }

    private func scores(_ scores: ScoreReport) -> String {
        let scoreboard = scores.scoreboard
        var html = "<section id=\"scores\" class=\"scores\"><h2>Scores and calibration</h2>\n"
        html +=
            "<p>\(scores.items.count) forecast\(scores.items.count == 1 ? "" : "s") resolved yes or no, \(scores.unresolved) unresolved.</p>"
        html += "<table class=\"scoreboard\"><thead><tr>"
        let table = scoreboard.table(scoreboard.rows)
        for column in table.columns {
            html +=
                "<th\(column.alignment == .right ? " class=\"num\"" : "")>\(e(column.header.prefix(1) + column.header.dropFirst().lowercased()))</th>"
        }
        html += "</tr></thead><tbody>"
        for (row, cells) in zip(scoreboard.rows, table.rows) {
            html += "<tr data-scorer=\"\(e(row.scorer))\" data-kind=\"\(row.kind.rawValue)\">"
            for (column, cell) in zip(table.columns, cells) {
                html += "<td\(column.alignment == .right ? " class=\"num\"" : "")>\(e(cell.text))</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table><p class=\"legend\">\(e(scoreboard.legend))</p><div class=\"charts side-by-side\">"
        for row in scoreboard.rows where !row.calibration.isEmpty {
            let name = scoreboard.label(row)
            html +=
                "<figure class=\"chart calibration-chart\" data-scorer=\"\(e(row.scorer))\">"
                + ReportCharts.reliability(row.calibration, title: "Reliability of \(name)'s probabilities").render()
                + "<figcaption>Reliability of \(e(name))'s probabilities: bins of 0.1, n = forecasts in each bin</figcaption></figure>"
        }
        html += "</div></section>\n"
        return html
    }

    private func badge(_ status: Status) -> String {
        "<span class=\"status \(status.rawValue)\">\(status.rawValue)</span>"
    }

    private func fact(_ name: String, _ valueHTML: String) -> String {
        "<dt>\(e(name))</dt><dd>\(valueHTML)</dd>"
    }

    /// A link when `target` is a web address, else the text alone (citations are not links).
    private func link(_ target: String?, _ textHTML: String) -> String {
        guard let target, target.hasPrefix("https://") || target.hasPrefix("http://") else { return textHTML }
        return "<a href=\"\(e(target))\" rel=\"noopener noreferrer\">\(textHTML)</a>"
    }

    private func e(_ text: String) -> String { SVGChart.escape(text) }

    /// Sorts a `sortable` table by the column whose header is clicked (again: the other way), by each cell's
    /// `data-sort` (numbers as numbers) or its text. The page reads the same without it.
    static let sortScript = """
        document.querySelectorAll("table.sortable th").forEach(th => th.addEventListener("click", () => {
          const column = th.cellIndex;
          const body = th.closest("table").tBodies[0], way = th.dataset.way === "up" ? -1 : 1;
          th.dataset.way = way > 0 ? "up" : "down";
          const key = row => { const cell = row.cells[column]; return cell.dataset.sort ?? cell.textContent; };
          [...body.rows].sort((a, b) => { const x = key(a), y = key(b), p = parseFloat(x), q = parseFloat(y);
            return way * (isNaN(p) || isNaN(q) ? x.localeCompare(y) : p - q); }).forEach(row => body.appendChild(row));
        }));
        """

    static let css = """
        :root{color-scheme:light;--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--good:#047857;--warn:#b45309;--bad:#b91c1c;--err:#7c3aed}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#f9fafb}
        header,main,footer{max-width:980px;margin:0 auto;padding:0 20px}
        header{padding-top:24px}
        h1{font-size:28px;margin:0 0 4px}
        h2{font-size:20px;margin:0 0 8px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
        h3{font-size:15px;margin:18px 0 6px;color:#374151}
        .as-of{color:var(--muted);margin:0 0 16px}
        section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px}
        .counts{list-style:none;padding:0;margin:0;display:flex;gap:8px;flex-wrap:wrap}
        .counts li{padding:6px 12px;border-radius:999px}
        .count{font-weight:700;font-size:17px;margin-right:2px}
        .status{display:inline-block;padding:1px 9px;border-radius:999px;font-size:13px;font-weight:600;background:#f3f4f6;color:#374151}
        .status.met,.status.ahead,.status.on-track{background:#d1fae5;color:var(--good)}
        .status.at-risk{background:#fef3c7;color:var(--warn)}
        .status.behind,.status.missed{background:#fee2e2;color:var(--bad)}
        .status.error{background:#ede9fe;color:var(--err)}
        .statement{font-size:17px;margin:0 0 10px}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 10px}
        .facts dt{color:var(--muted)}
        .facts dd{margin:0}
        .summary-text{background:#f3f4f6;border-radius:6px;padding:8px 12px}
        table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13.5px}
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
        td .status{overflow-wrap:normal;white-space:nowrap}
        th{color:#374151;font-weight:600;background:#f9fafb}
        .num{text-align:right;white-space:nowrap}
        .date{white-space:nowrap}
        .none{color:var(--muted);margin:0}
        .legend{color:var(--muted);font-size:12.5px}
        .sortable th{cursor:pointer}
        .statement-short,.stated{color:var(--muted);font-size:12.5px}
        strong.stale{color:var(--warn)}
        .parts{margin:0 0 10px;padding-left:20px;font-size:14px}
        .criteria summary{cursor:pointer;color:#374151}
        .charts{display:flex;flex-direction:column;gap:12px;margin-top:12px}
        figure{margin:0}
        figure svg.chart{width:100%;height:auto;border:1px solid var(--line);border-radius:6px}
        figcaption{color:var(--muted);font-size:12.5px}
        .calibration-chart svg.chart{max-width:560px}
        .side-by-side{flex-direction:row;flex-wrap:wrap}
        .side-by-side figure{flex:1 1 400px;max-width:560px}
        a{color:#1d4ed8}
        footer{color:var(--muted);font-size:12.5px;padding-bottom:30px}
        @media print{body{background:#fff}section{break-inside:avoid;border:none}}
        """
}
