import TrackCore
import TrackEngine

/// What changed since the previous recorded run: what `track evaluate` prints.
public struct ChangeReport: Sendable, Encodable {
    public struct Transition: Sendable, Encodable {
        public var id: String
        public var from: Status
        public var to: Status
        public var summary: String
    }

    public struct Move: Sendable, Encodable {
        public var id: String
        public var from: Double
        public var to: Double
    }

    public struct Stale: Sendable, Encodable {
        public var indicator: String
        @EncodedAsNull public var latest: Day?
        public var limitDays: Int
    }

    /// The as-of day of the previous recorded run, if any.
    @EncodedAsNull public var previousAsOf: Day?
    public var asOf: Day
    public var transitions: [Transition] = []
    public var moves: [Move] = []
    /// Forecasts whose deadline passed since the previous run, unresolved.
    public var newlyOverdue: [String] = []
    /// Indicators that went stale since the previous run.
    public var newlyStale: [Stale] = []

    public var isEmpty: Bool { transitions.isEmpty && moves.isEmpty && newlyOverdue.isEmpty && newlyStale.isEmpty }

    public init(
        evaluations: [Evaluation], previous: (run: HistoryStore.Run, points: [String: HistoryStore.Point])?, workspace: Workspace,
        asOf: Day, probabilityThreshold: Double
    ) {
        self.asOf = asOf
        previousAsOf = previous?.run.asOf
        let before = previous?.run.asOf ?? asOf.adding(days: -1)
        for evaluation in evaluations {
            guard let old = previous?.points[evaluation.predictionID] else { continue }
            if old.status != evaluation.status {
                transitions.append(
                    Transition(id: evaluation.predictionID, from: old.status, to: evaluation.status, summary: evaluation.summary))
            } else if let from = old.probability, let to = evaluation.probability, abs(to - from) >= probabilityThreshold {
                moves.append(Move(id: evaluation.predictionID, from: JSONNumber.probability(from)!, to: JSONNumber.probability(to)!))
            }
        }
        newlyOverdue = workspace.predictions
            .filter { $0.resolution == nil && $0.deadline.day >= before && $0.deadline.day < asOf }
            .map(\.id)
        for indicator in workspace.indicators {
            let limit = indicator.staleAfterDays ?? workspace.settings.staleAfterDays
            let latest = indicator.observations.filter { $0.date <= asOf }.map(\.date).max()
            func isStale(on day: Day) -> Bool {
                guard let seen = indicator.observations.filter({ $0.date <= day }).map(\.date).max() else { return false }
                return seen.days(until: day) > limit
            }
            if isStale(on: asOf), !isStale(on: before) {
                newlyStale.append(Stale(indicator: indicator.id, latest: latest, limitDays: limit))
            }
        }
    }

    /// Lines for the terminal.
    public func lines(style: TerminalStyle) -> [String] {
        var lines: [String] = []
        for change in transitions {
            lines.append(
                "\(change.id): \(change.from.rawValue) -> " + style.apply(TerminalStyle.role(for: change.to), to: change.to.rawValue)
                    + " (\(TerminalText.escaped(change.summary)))")
        }
        for move in moves {
            lines.append("\(move.id): probability \(move.from.percent) -> \(move.to.percent)")
        }
        for id in newlyOverdue { lines.append("\(id): past its deadline, unresolved (track due)") }
        for stale in newlyStale {
            lines.append(
                "\(stale.indicator): stale, no observation since \(stale.latest?.description ?? "-") (limit \(stale.limitDays) days)")
        }
        return lines
    }
}
