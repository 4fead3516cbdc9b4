import TrackCore
import TrackEngine

/// `track status`: one row per forecast as of a day.
public struct StatusReport: Sendable, Encodable {
    public var asOf: Day
    /// One record per forecast: the same key (`forecasts`) as the report's JSON.
    public var forecasts: [EvaluationRecord]

    /// A problem in the workspace that no forecast's row shows: where it is and what it is.
    public struct Problem: Sendable, Encodable {
        public var place: String
        public var message: String
    }

    /// The workspace's errors that no row shows (a forecast its file's error kept out, a broken indicator
    /// file): each an error row, so that one bad entry does not hide the others.
    public var errors: [Problem] = []

    /// The report for every prediction (or those with `tag`), evaluated by `engine` as of `asOf`; `errors`
    /// (the workspace's, paths as `displayPath` shows them) become error rows unless a forecast's row says
    /// the same already.
    public init(
        engine: EvaluationEngine, asOf: Day, tag: String? = nil, errors: [Diagnostic] = [], displayPath: (String) -> String = { $0 }
    ) {
        self.asOf = asOf
        let chosen = engine.workspace.predictions.filter { tag == nil || $0.tags.contains(tag!) }
        forecasts = zip(chosen, engine.evaluate(chosen, asOf: asOf)).map { prediction, evaluation in
            EvaluationRecord(
                prediction: prediction, evaluation: evaluation, others: OtherProbabilities(prediction, in: engine.workspace, asOf: asOf))
        }
        let shown = forecasts.filter { $0.status == .error }.map(\.summary)
        self.errors = errors.filter { error in !shown.contains { $0.contains(error.message) } }.map { error in
            let place = error.mark.map { "\(displayPath(error.file)):\($0.line):\($0.column)" } ?? displayPath(error.file)
            return Problem(place: place, message: error.message)
        }
    }

    /// The aligned table for a terminal. CROWD and SAID (each forecaster's latest) follow P when any forecast has them.
    public func table() -> TextTable {
        let crowd = forecasts.contains { $0.crowd != nil }
        let said = forecasts.contains { row in row.forecasters.contains { !$0.stated } }
        // On a narrow terminal the stated probability goes first, then what the forecasters said, the data's
        // age, the crowd, the deadline and the days left; ids are cut; the summary moves under its row.
        var table = TextTable(
            columns: [
                .init("ID", minimumWidth: 18), .init("DEADLINE", dropPriority: 5), .init("LEFT", .right, dropPriority: 6),
                .init("STATED", .right, dropPriority: 1), .init("STATUS"), .init("P", .right),
            ] + (crowd ? [.init("CROWD", .right, dropPriority: 4)] : []) + (said ? [.init("SAID", dropPriority: 2, minimumWidth: 12)] : [])
                + [.init("DATA", dropPriority: 3), .init("SUMMARY")])
        for row in forecasts {
            var cells: [TextTable.Cell] = [
                .init(row.id), .init(row.deadline.description),
                .init(Self.timeLeft(row.daysLeft), style: row.daysLeft < 0 ? .bad : nil),
                .init(row.statedProbability?.percent ?? "-"),
                .init(row.status.rawValue, style: TerminalStyle.role(for: row.status)),
                .init(row.probability?.percent ?? "-"),
            ]
            if crowd { cells.append(.init(row.crowd?.probability.percent ?? "-")) }
            if said {
                let others = row.forecasters.filter { !$0.stated }.map { "\($0.by) \($0.probability.percent)" }
                cells.append(.init(others.isEmpty ? "-" : others.joined(separator: " ")))
            }
            cells += [
                .init(row.dataAsOf.map { row.stale ? "\($0) stale" : $0.description } ?? "-", style: row.stale ? .bad : nil),
                .init(row.summary),
            ]
            table.append(cells)
        }
        for problem in errors {
            var cells = table.columns.map { _ in TextTable.Cell("-") }
            // No id to show: the place leads the summary, which the error printed above gives in full.
            cells[0] = .init("?")
            cells[table.columns.firstIndex { $0.header == "STATUS" }!] = .init(
                Status.error.rawValue, style: TerminalStyle.role(for: .error))
            cells[cells.count - 1] = .init(problem.place + ": " + problem.message)
            table.append(cells)
        }
        return table
    }

    /// RFC 4180 CSV, one line per forecast; probabilities as numbers (empty when there is none).
    public func csv() -> String {
        var lines = [CSV.line(["id", "deadline", "deadline_day", "days_left", "stated_probability", "status", "probability", "summary"])]
        for row in forecasts {
            lines.append(
                CSV.line([
                    row.id, row.deadline.description, row.deadlineDay.description, String(row.daysLeft),
                    CSV.number(row.statedProbability), row.status.rawValue, CSV.number(row.probability), row.summary,
                ]))
        }
        return lines.joined(separator: "\n")
    }

    /// `412d`, `today`, or `30d over`.
    static func timeLeft(_ days: Int) -> String {
        days == 0 ? "today" : days > 0 ? "\(days)d" : "\(-days)d over"
    }
}
