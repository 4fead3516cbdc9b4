import TrackCore
import TrackEngine

/// `track due`: forecasts past their deadline without a resolution, each with the outcome the
/// evaluator proposes and the command that confirms it.
public struct DueReport: Sendable, Encodable {
    public struct Item: Sendable, Encodable {
        public var evaluation: EvaluationRecord
        /// `yes` when the evaluation is met, `no` when missed; nil when the data do not decide.
        @EncodedAsNull public var proposal: String?
        /// The `track resolve` command that confirms the proposal.
        @EncodedAsNull public var confirm: String?
    }

    public var asOf: Day
    public var due: [Item]

    public init(engine: EvaluationEngine, asOf: Day) {
        self.asOf = asOf
        let overdue = engine.workspace.predictions.filter { $0.resolution == nil && $0.deadline.day < asOf }
        due = zip(overdue, engine.evaluate(overdue, asOf: asOf)).map { prediction, evaluation in
            let proposal: String? =
                switch evaluation.status {
                case .met: "yes"
                case .missed: "no"
                default: nil
                }
            return Item(
                evaluation: EvaluationRecord(
                    prediction: prediction, evaluation: evaluation, others: OtherProbabilities(prediction, in: engine.workspace, asOf: asOf)
                ),
                proposal: proposal,
                confirm: proposal.map { "track resolve \(prediction.id) \($0) --date \(prediction.deadline.day) --source SOURCE" })
        }
    }

    /// The list for a terminal, folded to `width` columns when given.
    public func text(style: TerminalStyle, width: Int? = nil) -> String {
        guard !due.isEmpty else { return "nothing due as of \(asOf)" }
        var lines: [String] = []
        for item in due {
            let record = item.evaluation
            var head = ProseWrap.lines(
                "\(record.id): due \(record.deadline) (\(record.deadlineDay)); proposed: \(item.proposal ?? "undetermined")", width: width)
            // The id leads the first line; only it is styled, after the fold has measured it plain.
            if let first = head.first, first.hasPrefix(record.id) {
                head[0] = style.apply(.header, to: record.id) + first.dropFirst(record.id.count)
            }
            lines += head
            var body = ["  \(record.summary)"]
            for evidence in record.evidence {
                let details = [evidence.date?.description, evidence.source].compactMap { $0 }.joined(separator: ", ")
                body.append("  - \(evidence.label): \(evidence.display)" + (details.isEmpty ? "" : " (\(details))"))
            }
            if let confirm = item.confirm { body.append("  confirm: \(confirm)") }
            lines += body.flatMap { ProseWrap.lines($0, width: width) }
        }
        return lines.joined(separator: "\n")
    }
}

/// `track validate --format json`: every problem, with its place, and the counts.
public struct ValidationReport: Sendable, Encodable {
    public struct Item: Sendable, Encodable {
        public var file: String
        @EncodedAsNull public var line: Int?
        @EncodedAsNull public var column: Int?
        public var severity: String
        public var message: String
    }

    public var predictions: Int
    public var indicators: Int
    public var observations: Int
    public var errors: Int
    public var warnings: Int
    public var diagnostics: [Item]

    /// `displayPath` shortens file paths as the terminal output does.
    public init(workspace: Workspace, diagnostics: [Diagnostic], displayPath: (String) -> String = { $0 }) {
        predictions = workspace.predictions.count
        indicators = workspace.indicators.count
        observations = workspace.indicators.reduce(0) { $0 + $1.observations.count }
        errors = diagnostics.count { $0.severity == .error }
        warnings = diagnostics.count - errors
        self.diagnostics = diagnostics.map {
            Item(
                file: displayPath($0.file), line: $0.mark?.line, column: $0.mark?.column, severity: $0.severity.rawValue,
                message: $0.message)
        }
    }
}
