import Foundation
import TrackCore
import TrackEngine

/// How far the series a forecast is about stands from its target on the report's day: the latest value of
/// the chart's subject series against its first target line (a "best so far" line is no target of the
/// forecast's own, so it gives no gap).
public struct TargetGap: Sendable {
    public var now: Double
    public var target: Double
    public var unit: String
    /// Which way is better (nil: not declared): a value on the better side of the target has reached it.
    public var better: Indicator.Direction?
    /// The indicator charted, whose unit writes the values for readers (`$0.087/M`); nil: the chart's unit.
    var definition: IndicatorDefinition?

    init?(chart: SVGChart, definition: IndicatorDefinition? = nil) {
        self.definition = definition
        better = definition?.better
        guard let rule = chart.rules.first(where: { $0.kind == .target && !$0.name.hasPrefix("best so far") }),
            let now = chart.series.first(where: \.isSubject)?.points.last?.y
        else { return nil }
        self.now = now
        target = rule.y
        switch chart.yAxis {
        case .linear(let unit), .log(let unit): self.unit = unit
        case .categories, .probability: return nil
        }
    }

    /// Whether the latest value is at the target or on its better side.
    public var reached: Bool {
        switch better {
        case .lower?: now <= target
        case .higher?: now >= target
        case nil: now == target
        }
    }

    /// The distance for sorting: 0 once reached, else orders of magnitude when both are positive, else the difference.
    public var distance: Double {
        reached ? 0 : now > 0 && target > 0 ? abs(log10(now / target)) : abs(now - target)
    }

    /// "$1.2/M now, target $0.087/M (13.8× apart)", or the difference when the two are close or not both positive.
    public var text: String {
        func shown(_ value: Double) -> String {
            definition?.shown(value) ?? value.readable + (unit.isEmpty ? "" : " " + unit)
        }
        let apart =
            now > 0 && target > 0 && max(now, target) / min(now, target) >= 2
            ? "\((max(now, target) / min(now, target)).formatted(digits: 1))× apart" : "\(shown(abs(now - target))) apart"
        return "\(shown(now)) now, target \(shown(target)) (\(reached ? "reached" : apart))"
    }
}
