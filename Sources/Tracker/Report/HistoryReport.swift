import Foundation
import TrackCore
import TrackEngine

/// `track history ID`: a forecast's status and probability over time, recorded runs, backtests
/// and what-if runs told apart.
public struct HistoryReport: Sendable, Encodable {
    public var id: String
    public var history: [HistoryStore.Point]

    private enum CodingKeys: String, CodingKey { case id, history }

    /// The points with the keys and rounding of `EvaluationRecord`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(history.map(PointRecord.init), forKey: .history)
    }

    /// A stored run of one forecast, as JSON.
    struct PointRecord: Encodable {
        let asOf: Day
        let recordedAt: Date
        let kind: HistoryStore.RunKind
        let status: Status
        @EncodedAsNull var probability: Double?
        let summary: String

        init(_ point: HistoryStore.Point) {
            asOf = point.asOf
            recordedAt = point.recordedAt
            kind = point.kind
            status = point.status
            probability = JSONNumber.probability(point.probability)
            summary = point.summary
        }
    }

    /// The runs of forecast `id`; backtests of days before the forecast was made (`made`) are left out:
    /// the tracker could not have been asked then.
    public init(id: String, history: [HistoryStore.Point], made: Day? = nil) {
        self.id = id
        self.history = history.filter { point in point.kind != .backtest || made.map { point.asOf >= $0 } ?? true }
    }

    /// RFC 4180 CSV with a header line; probabilities rounded to four places.
    public func csv() -> String {
        var lines = [CSV.line(["as_of", "kind", "status", "probability", "summary"])]
        for point in history {
            lines.append(
                CSV.line([
                    point.asOf.description, point.kind.rawValue, point.status.rawValue,
                    CSV.number(JSONNumber.probability(point.probability)),
                    point.summary,
                ]))
        }
        return lines.joined(separator: "\n")
    }

    /// One sparkline per kind of run that has points: each its own series of runs in date order (one
    /// block a run, not a common time axis), on the scale 0% (▁) to 100% (█), with its first and last day; at `width`, the latest runs that fit.
    public func sparklines(width: Int? = nil) -> [String] {
        let lines = [HistoryStore.RunKind.recorded, .backtest, .whatIf].compactMap { kind -> String? in
            let points = history.filter { $0.kind == kind }
            guard let first = points.first, let last = points.last else { return nil }
            let runs = points.count == 1 ? "1 run" : "\(points.count) runs"
            let label = kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + " "
            // The longest description that leaves a few blocks on the line; the latest runs that fit after an ellipsis.
            let descriptions = ["  \(runs), " + (first.asOf == last.asOf ? "\(first.asOf)" : "\(first.asOf) to \(last.asOf)"), "  \(runs)"]
            let about = descriptions.first { width == nil || label.count + min(points.count, 10) + $0.count <= width! } ?? ""
            let room = width.map { max(2, $0 - label.count - about.count) } ?? points.count
            let shown = points.count <= room ? points : Array(points.suffix(room - 1))
            let line = Sparkline.render(shown.map(\.probability))
            return line.isEmpty ? nil : label + (shown.count < points.count ? "…" : "") + line + about
        }
        return lines.isEmpty ? [] : lines + ["(one block a run, ▁ 0% to █ 100%)"]
    }

    /// The rows as a table.
    public func table() -> TextTable {
        var table = TextTable(columns: [
            .init("AS OF"), .init("KIND", dropPriority: 1), .init("STATUS"), .init("P", .right), .init("SUMMARY"),
        ])
        for point in history {
            table.append([
                .init(point.asOf.description), .init(point.kind.rawValue, style: point.kind == .recorded ? nil : .muted),
                .init(point.status.rawValue, style: TerminalStyle.role(for: point.status)), .init(point.probability?.percent ?? "-"),
                .init(point.summary),
            ])
        }
        return table
    }
}

/// Probabilities as a line of block characters, 0 to 1; a gap where there is none.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ values: [Double?]) -> String {
        String(
            values.map { value in
                guard let value, value.isFinite else { return " " }
                // Clamped before the conversion: a history written by anything else may hold any number.
                return blocks[Int(min(Double(blocks.count - 1), max(0, (value * Double(blocks.count)).rounded(.down))))]
            })
    }
}
