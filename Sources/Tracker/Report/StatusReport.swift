/// `track status`: one row per forecast as of a day.
public struct StatusReport: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var id: String
        public var statement: String
        /// The deadline as written (`2027-Q3`).
        public var deadline: Deadline
        /// The deadline's last day.
        public var deadlineDay: Day
        /// Days from the as-of day to the deadline (negative once overdue).
        public var daysLeft: Int
        @EncodedAsNull public var statedProbability: Double?
        public var status: Status
        @EncodedAsNull public var probability: Double?
        public var summary: String
        public var tags: [String]
        /// The observations and computed values the status rests on.
        public var evidence: [Evidence]
        @EncodedAsNull public var projection: Projection?
        /// The newest observation of the stalest indicator read.
        @EncodedAsNull public var dataAsOf: Day?
        /// Whether any indicator read is older than its `stale-after-days`.
        public var stale: Bool
        public var staleIndicators: [String]
    }

    public var asOf: Day
    public var predictions: [Row]

    /// The report for every prediction (or those with `tag`), evaluated by `engine` as of `asOf`.
    public init(engine: EvaluationEngine, asOf: Day, tag: String? = nil) {
        self.asOf = asOf
        predictions = engine.workspace.predictions
            .filter { tag == nil || $0.tags.contains(tag!) }
            .map { prediction in
                let evaluation = engine.evaluate(prediction, asOf: asOf)
                return Row(
                    id: prediction.id, statement: prediction.statement, deadline: prediction.deadline,
                    deadlineDay: prediction.deadline.day, daysLeft: asOf.days(until: prediction.deadline.day),
                    statedProbability: prediction.probability, status: evaluation.status, probability: evaluation.probability,
                    summary: evaluation.summary, tags: prediction.tags, evidence: evaluation.evidence,
                    projection: evaluation.assessment?.projection, dataAsOf: evaluation.dataAsOf, stale: evaluation.stale,
                    staleIndicators: evaluation.staleIndicators)
            }
    }

    /// The aligned table for a terminal.
    public func table() -> TextTable {
        var table = TextTable(columns: [
            .init("ID"), .init("DEADLINE"), .init("LEFT", .right), .init("STATED", .right),
            .init("STATUS"), .init("P", .right), .init("DATA"), .init("SUMMARY"),
        ])
        for row in predictions {
            table.append([
                .init(row.id), .init(row.deadline.description),
                .init(Self.timeLeft(row.daysLeft), style: row.daysLeft < 0 ? .bad : nil),
                .init(row.statedProbability?.percent ?? "-"),
                .init(row.status.rawValue, style: TerminalStyle.role(for: row.status)),
                .init(row.probability?.percent ?? "-"),
                .init(row.dataAsOf.map { row.stale ? "\($0) stale" : $0.description } ?? "-", style: row.stale ? .bad : nil),
                .init(row.summary),
            ])
        }
        return table
    }

    /// `412d`, `today`, or `30d over`.
    static func timeLeft(_ days: Int) -> String {
        days == 0 ? "today" : days > 0 ? "\(days)d" : "\(-days)d over"
    }
}
