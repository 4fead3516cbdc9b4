import TrackCore
import TrackEngine

extension Scoreboard {
    /// The scorers' rows as a table: forecasts covered, time-averaged scores, skill, and the difference from the
    /// tracker with its interval. On a narrow terminal the log-score columns go first, then the pairs, the
    /// Brier difference and the skill.
    public func table(_ rows: [Row], style: TerminalStyle? = nil) -> TextTable {
        var table = TextTable(columns: [
            .init("SCORER"), .init("N", .right), .init("BRIER", .right), .init("LOG", .right, dropPriority: 2),
            .init("SKILL", .right, dropPriority: 5), .init("PAIRED", .right, dropPriority: 3),
            .init("Δ BRIER VS TRACKER [95%]", .right, dropPriority: 4), .init("Δ LOG VS TRACKER [95%]", .right, dropPriority: 1),
        ])
        for row in rows {
            let comparison = row.againstTracker
            table.append([
                .init(label(row)), .init(String(row.forecasts)), .init(row.brier?.formatted(digits: 3) ?? "-"),
                .init(row.logScore?.formatted(digits: 3) ?? "-"),
                .init(row.skill?.formatted(digits: 2) ?? "-", style: row.skill.map { $0 > 0 ? .good : .bad }),
                .init(comparison.map { String($0.forecasts) } ?? "-"),
                .init(comparison.map { Self.difference($0.brier, $0.brierInterval) } ?? "-"),
                .init(comparison.map { Self.difference($0.logScore, $0.logScoreInterval) } ?? "-"),
            ])
        }
        return table
    }

    /// A scorer's name as its row shows it: forecasters by name, the tracker with where its probabilities come from.
    func label(_ row: Row) -> String {
        guard row.kind == .tracker, !trackerFrom.isEmpty else { return row.scorer }
        return row.scorer + " (" + trackerFrom.map(\.rawValue).joined(separator: "+") + ")"
    }

    /// `-0.031 [-0.080, 0.012]`.
    static func difference(_ value: Double, _ interval: [Double]) -> String {
        let bounds = interval.map { $0.formatted(digits: 3) }.joined(separator: ", ")
        return "\(value.formatted(digits: 3)) [\(bounds)]"
    }

    /// What the columns mean, in one paragraph.
    public var legend: String {
        "Scores are time-averaged over each forecast's window (from the day it was made to the day before it resolved), "
            + "with \(prior.formatted(digits: 2)) standing in before a scorer's first probability; N: forecasts covered; "
            + "SKILL: 1 - Brier / 0.25; Δ: the scorer minus the tracker on the PAIRED forecasts both covered (Brier: below 0 is "
            + "better; log: above 0 is better), with a \(Int((bootstrap.level * 100).rounded()))% paired bootstrap interval "
            + "(\(bootstrap.draws) seeded draws)."
    }

    /// Each scorer's calibration table, for the scorers that have one.
    public func calibrationTables() -> [(scorer: String, table: TextTable)] {
        rows.filter { !$0.calibration.isEmpty }.map { row in
            var table = TextTable(columns: [
                .init("CALIBRATION (\(label(row)))"), .init("N", .right), .init("MEAN P", .right), .init("HAPPENED", .right),
            ])
            for bin in row.calibration {
                table.append([
                    .init("\(bin.lower.formatted(digits: 1))-\(bin.upper.formatted(digits: 1))"), .init(String(bin.count)),
                    .init(bin.meanProbability.formatted(digits: 2)), .init(bin.observedFrequency.formatted(digits: 2)),
                ])
            }
            return (label(row), table)
        }
    }

    /// RFC 4180 CSV: one line per scorer, for all forecasts (`group` empty) and for each group.
    public func csv() -> String {
        var lines = [
            CSV.line([
                "group", "scorer", "kind", "forecasts", "brier", "log_score", "skill", "paired", "brier_difference", "brier_low",
                "brier_high", "log_difference", "log_low", "log_high",
            ])
        ]
        func number(_ value: Double?) -> String { value.map { "\(JSONNumber.clean($0))" } ?? "" }
        for (group, rows) in [("", rows)] + groups.map({ ($0.name, $0.rows) }) {
            for row in rows {
                let comparison = row.againstTracker
                lines.append(
                    CSV.line([
                        group, row.scorer, row.kind.rawValue, String(row.forecasts), number(row.brier), number(row.logScore),
                        number(row.skill), comparison.map { String($0.forecasts) } ?? "", number(comparison?.brier),
                        number(comparison?.brierInterval.first), number(comparison?.brierInterval.last), number(comparison?.logScore),
                        number(comparison?.logScoreInterval.first), number(comparison?.logScoreInterval.last),
                    ]))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The scoreboard, the groups' scoreboards and the calibration tables as Markdown.
    public func markdown() -> String {
        var parts = ["## Scoreboard", "", table(rows).renderMarkdown(), "", legend]
        for group in groups {
            parts += ["", "### \(MarkdownReportRenderer.escaped(group.name))", "", table(group.rows).renderMarkdown()]
        }
        for (_, calibration) in calibrationTables() { parts += ["", calibration.renderMarkdown()] }
        return parts.joined(separator: "\n")
    }
}
