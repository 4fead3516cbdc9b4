import TrackCore
import TrackEngine

/// `track explain ID`: one forecast's full evaluation: the data used, the fitted numbers, the
/// reasoning of each part, and the sources.
public struct ExplainReport: Sendable {
    public var id: String
    public var statement: String
    public var source: String
    public var made: Day
    public var deadline: Deadline
    public var deadlineDay: Day
    public var daysLeft: Int
    @EncodedAsNull public var statedProbability: Double?
    public var criteria: String
    public var asOf: Day
    public var status: Status
    @EncodedAsNull public var probability: Double?
    public var summary: String
    @EncodedAsNull public var assessment: Assessment?
    /// The newest observation of the stalest indicator read.
    @EncodedAsNull public var dataAsOf: Day?
    /// Whether any indicator read is stale.
    public var stale: Bool
    /// Each indicator read, how old its newest observation is, and whether that is stale.
    public var freshness: [Evaluation.Freshness]

    public init(prediction: Prediction, evaluation: Evaluation) {
        id = prediction.id
        statement = prediction.statement
        source = prediction.source
        made = prediction.made
        deadline = prediction.deadline
        deadlineDay = prediction.deadline.day
        daysLeft = evaluation.asOf.days(until: prediction.deadline.day)
        statedProbability = prediction.probability
        criteria = prediction.criteria
        asOf = evaluation.asOf
        status = evaluation.status
        probability = evaluation.probability
        summary = evaluation.summary
        assessment = evaluation.assessment
        dataAsOf = evaluation.dataAsOf
        stale = evaluation.stale
        freshness = evaluation.freshness
    }

    /// The explanation as indented text.
    public func text(style: TerminalStyle) -> String {
        var lines = [
            style.apply(.header, to: id) + ": " + statement,
            "deadline \(deadline) (\(deadlineDay)): \(daysLeft >= 0 ? "\(daysLeft) days left" : "\(-daysLeft) days overdue") as of \(asOf); "
                + "made \(made) by \(source)"
                + (statedProbability.map { "; stated \($0.percent)" } ?? ""),
            "criteria: \(criteria)",
            "",
            "status: " + style.apply(TerminalStyle.role(for: status), to: status.rawValue)
                + (probability.map { ", probability \($0.percent)" } ?? ""),
            summary,
        ]
        for item in freshness {
            let line = "data: \(item.indicator) newest \(item.newest) (\(item.ageDays) days before \(min(asOf, deadlineDay)))"
            lines.append(item.stale ? style.apply(.bad, to: line + ", stale") : line)
        }
        if let assessment {
            lines.append("")
            lines += Self.describe(assessment, indent: "", style: style)
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ assessment: Assessment, indent: String, style: TerminalStyle) -> [String] {
        var lines: [String] = []
        if let projection = assessment.projection {
            lines.append(indent + "projection at \(projection.day): \(projection.value.formatted(digits: 4)) "
                + "(\(projection.coverage.percent) interval \(projection.low.formatted(digits: 4))...\(projection.high.formatted(digits: 4)))")
        }
        if !assessment.evidence.isEmpty {
            lines.append(indent + "evidence:")
            for item in assessment.evidence {
                let details = [item.date?.description, item.source].compactMap { $0 }.joined(separator: ", ")
                lines.append(indent + "  \(item.label): \(item.value)" + (details.isEmpty ? "" : style.apply(.muted, to: "  (\(details))")))
            }
        }
        for part in assessment.parts {
            let probability = part.assessment.probability.map { " \($0.percent)" } ?? ""
            lines.append(indent + "\(part.label): \(part.assessment.verdict.rawValue)\(probability): \(part.assessment.summary)")
            lines += describe(part.assessment, indent: indent + "    ", style: style)
        }
        return lines
    }
}
