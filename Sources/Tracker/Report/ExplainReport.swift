import TrackCore
import TrackEngine

/// `track explain ID`: one forecast's full evaluation: the data used, the fitted numbers, the
/// reasoning of each part, and the sources.
public struct ExplainReport: Sendable {
    /// The forecast and its evaluation as JSON shows them (`explain --format json`).
    public let record: EvaluationRecord
    /// The evaluation, for the assessment's full reasoning and each indicator's freshness.
    let evaluation: Evaluation

    /// The explanation of `evaluation`; with `workspace`, what its forecasters and crowd say beside it.
    public init(prediction: Prediction, evaluation: Evaluation, workspace: Workspace? = nil) {
        let others = workspace.map { OtherProbabilities(prediction, in: $0, asOf: evaluation.asOf) } ?? OtherProbabilities()
        record = EvaluationRecord(prediction: prediction, evaluation: evaluation, others: others)
        self.evaluation = evaluation
    }

    /// The explanation as indented text, what comes from the data escaped for the terminal before
    /// colours are added.
    public func text(style: TerminalStyle) -> String {
        let safe: (String) -> String = { TerminalText.escaped($0) }
        let (id, statement, deadline, deadlineDay, daysLeft) = (
            record.id, safe(record.statement), record.deadline, record.deadlineDay, record.daysLeft
        )
        let (asOf, made, source, criteria, status) = (record.asOf, record.made, safe(record.source), safe(record.criteria), record.status)
        var lines = [
            style.apply(.header, to: id) + ": " + statement,
            "deadline \(deadline) (\(deadlineDay)): \(daysLeft >= 0 ? "\(daysLeft) days left" : "\(-daysLeft) days overdue") as of \(asOf); "
                + "made \(made) by \(source)"
                + (record.statedProbability.map { "; stated \($0.percent)" } ?? ""),
            "criteria: \(criteria)",
            "",
            "status: " + style.apply(TerminalStyle.role(for: status), to: status.rawValue)
                + (record.probability.map { ", probability \($0.percent)" } ?? ""),
            safe(record.summary),
        ]
        if let reasoning = record.reasoning { lines.append("reasoning: " + safe(reasoning)) }
        if let crowd = record.crowd { lines.append("crowd: \(crowd.probability.percent) (\(crowd.indicator), \(crowd.date))") }
        if record.forecasters.contains(where: { !$0.stated }) {
            lines.append("said: " + record.forecasters.map { "\($0.by) \($0.probability.percent) (\($0.on))" }.joined(separator: ", "))
        }
        for item in evaluation.freshness {
            let line = "data: \(item.indicator) newest \(item.newest) (\(item.ageDays) days before \(min(asOf, deadlineDay)))"
            lines.append(item.stale ? style.apply(.bad, to: line + ", stale") : line)
        }
        if let assessment = evaluation.assessment {
            lines.append("")
            lines += Self.describe(assessment, indent: "", style: style)
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ assessment: Assessment, indent: String, style: TerminalStyle) -> [String] {
        func safe(_ text: String) -> String { TerminalText.escaped(text) }
        var lines: [String] = []
        if let projection = assessment.projection {
            lines.append(
                indent + "projection at \(projection.day): \(projection.value.formatted(digits: 4)) "
                    + "(\(projection.coverage.percent) interval \(projection.low.formatted(digits: 4))...\(projection.high.formatted(digits: 4)))"
            )
        }
        if !assessment.evidence.isEmpty {
            lines.append(indent + "evidence:")
            for item in assessment.evidence {
                let details = [item.date?.description, item.source].compactMap { $0 }.joined(separator: ", ")
                lines.append(
                    indent + "  \(safe(item.label)): \(safe(item.value))"
                        + (details.isEmpty ? "" : style.apply(.muted, to: "  (\(details))")))
            }
        }
        for part in assessment.parts {
            let probability = part.assessment.probability.map { " \($0.percent)" } ?? ""
            lines.append(
                indent + "\(safe(part.label)): \(part.assessment.verdict.rawValue)\(probability): \(safe(part.assessment.summary))")
            if let reasoning = part.assessment.reasoning { lines.append(indent + "    reasoning: " + safe(reasoning)) }
            lines += describe(part.assessment, indent: indent + "    ", style: style)
        }
        return lines
    }
}
