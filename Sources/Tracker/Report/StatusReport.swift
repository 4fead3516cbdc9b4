import TrackCore
import TrackEngine

/// `track status`: one row per forecast as of a day.
public struct StatusReport: Sendable, Encodable {
    public var asOf: Day
    public var predictions: [EvaluationRecord]

    /// The report for every prediction (or those with `tag`), evaluated by `engine` as of `asOf`.
    public init(engine: EvaluationEngine, asOf: Day, tag: String? = nil) {
        self.asOf = asOf
        let chosen = engine.workspace.predictions.filter { tag == nil || $0.tags.contains(tag!) }
        predictions = zip(chosen, engine.evaluate(chosen, asOf: asOf)).map { prediction, evaluation in
            EvaluationRecord(
                prediction: prediction, evaluation: evaluation, others: OtherProbabilities(prediction, in: engine.workspace, asOf: asOf))
        }
    }

    /// The aligned table for a terminal. CROWD and SAID (each forecaster's latest) follow P when any forecast has them.
    public func table() -> TextTable {
        let crowd = predictions.contains { $0.crowd != nil }
        let said = predictions.contains { row in row.forecasters.contains { !$0.stated } }
        var table = TextTable(
            columns: [
                .init("ID"), .init("DEADLINE"), .init("LEFT", .right), .init("STATED", .right),
                .init("STATUS"), .init("P", .right),
            ] + (crowd ? [.init("CROWD", .right)] : []) + (said ? [.init("SAID")] : []) + [.init("DATA"), .init("SUMMARY")])
        for row in predictions {
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
        return table
    }

    /// RFC 4180 CSV, one line per forecast; probabilities as numbers (empty when there is none).
    public func csv() -> String {
        var lines = [CSV.line(["id", "deadline", "deadline_day", "days_left", "stated_probability", "status", "probability", "summary"])]
        for row in predictions {
            lines.append(
                CSV.line([
                    row.id, row.deadline.description, row.deadlineDay.description, String(row.daysLeft),
                    row.statedProbability.map { "\($0)" } ?? "", row.status.rawValue, row.probability.map { "\($0)" } ?? "", row.summary,
                ]))
        }
        return lines.joined(separator: "\n")
    }

    /// `412d`, `today`, or `30d over`.
    static func timeLeft(_ days: Int) -> String {
        days == 0 ? "today" : days > 0 ? "\(days)d" : "\(-days)d over"
    }
}
