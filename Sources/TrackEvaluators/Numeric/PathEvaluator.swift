import Foundation
import TrackCore
import TrackEngine

/// `path`: an expected path from a baseline to a target, OKR style, with a tolerance band.
struct PathEvaluator: Evaluator {
    static let identifier = "path"

    enum Shape: String, CaseIterable, Sendable {
        /// Equal steps in value per day.
        case linear
        /// Equal factors per day (a price halving every year).
        case exponential
    }

    static let description = EvaluatorDescription(
        summary: """
            An expected path from a baseline to a target (linear or exponential in time). The latest observation's \
            progress along the path is compared with the time elapsed: on the path the chance is 0.7, a tolerance \
            behind it about 0.24, a tolerance ahead about 0.95 (p = logistic(ln(7/3) + 2 deviation / tolerance)).
            """,
        parameters: SeriesSelector.parameters + [
            .init("baseline", "{date, value}", "where the path starts; without 'value', the series' value on that day"),
            .init("target", "{value, date}", "where the path ends; 'date' defaults to the deadline"),
            .init("shape", "linear | exponential", default: "linear", "how the path runs between them"),
            .init("tolerance", "fraction of the whole change", default: "0.1", "the width of the on-track band"),
        ],
        examples: [
            .init(
                "on the path",
                evaluate: "path: {indicator: price, baseline: {date: 2025-01-01, value: 2}, target: {value: 0.25}, shape: exponential}",
                indicators: ["price": Examples.falling], deadline: "2026-06-30", asOf: "2025-12-15", status: .onTrack,
                probability: 0.6...0.99),
            .init(
                "behind the path",
                evaluate:
                    "path: {indicator: price, baseline: {date: 2025-01-01, value: 2}, target: {value: 0.01, date: 2026-01-01}, shape: exponential}",
                indicators: ["price": Examples.falling], deadline: "2026-06-30", asOf: "2025-12-15", status: .behind,
                probability: 0...0.3),
            .init(
                "target reached", evaluate: "path: {indicator: price, baseline: {date: 2025-01-01}, target: {value: 0.5}}",
                indicators: ["price": Examples.falling], deadline: "2026-06-30", asOf: "2025-12-15", status: .ahead, probability: 1...1),
        ])

    let series: SeriesSelector
    let baselineDay: Day
    let baselineValue: Double?
    let targetValue: Double
    let targetDay: Day?
    let shape: Shape
    let tolerance: Double

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(SeriesSelector.fields + ["baseline", "target", "shape", "tolerance"])
        let series = SeriesSelector.read(&fields, parameters)
        let baseline = fields.required("baseline") { node -> (Day, Double?) in
            var point = try FieldReader(node, context: "baseline", fields: ["date", "value"])
            let day = point.required("date") { try $0.day() }
            let value = point.optional("value") { try $0.double() }
            try point.finishOrThrow()
            return (try point.unwrap(day), value)
        }
        let target = fields.required("target") { node -> (Double, Day?) in
            var point = try FieldReader(node, context: "target", fields: ["value", "date"])
            let value = point.required("value") { try $0.double() }
            let day = point.optional("date") { try $0.day() }
            try point.finishOrThrow()
            return (try point.unwrap(value), day)
        }
        shape = fields.optional("shape") { try $0.oneOf(Shape.self) } ?? .linear
        tolerance =
            fields.optional("tolerance") { node throws(Diagnostic) in
                let value = try node.double()
                guard value > 0 else {
                    throw Diagnostic("'tolerance' must be above 0 (0.1 is a band of 10% of the whole change)", at: node.mark)
                }
                return value
            } ?? 0.1
        try fields.finishOrThrow()
        self.series = try fields.unwrap(series)
        (baselineDay, baselineValue) = try fields.unwrap(baseline)
        (targetValue, targetDay) = try fields.unwrap(target)
        if shape == .exponential, targetValue <= 0 || (baselineValue ?? 1) <= 0, let node = parameters.node.mappingView?["shape"] {
            throw Diagnostic("an exponential path needs positive values at both ends", at: node.value.mark)
        }
    }

    var reads: [SeriesKey] { [series.key] }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let points = series.points(in: context.data)
        guard let start = baselineValue ?? points.last(where: { $0.day <= baselineDay })?.value else {
            return .untestable("no value of \(series.label) on the baseline day \(baselineDay)")
        }
        let end = targetDay ?? context.deadline
        if let reached = points.first(where: { $0.day >= baselineDay && series.meets($0.value, targetValue) }) {
            return .happened(
                "\(series.label) reached \(reached.value.formatted) on \(reached.day), the path's target \(targetValue.formatted)",
                evidence: [Evidence.observation(reached.observation, of: series.indicator)])
        }
        guard let latest = points.last, latest.day > baselineDay else {
            return .untestable("no observation of \(series.label) after the baseline day \(baselineDay)")
        }
        if context.isPastDeadline {
            return .failed(
                "\(series.label) at \(latest.value.formatted) did not reach \(targetValue.formatted) by \(context.deadline)",
                evidence: [Evidence.observation(latest.observation, of: series.indicator)])
        }
        let scale: (Double) -> Double = shape == .exponential ? { log(max($0, .leastNonzeroMagnitude)) } : { $0 }
        let progress = (scale(latest.value) - scale(start)) / (scale(targetValue) - scale(start))
        let elapsed = min(1, Double(baselineDay.days(until: latest.day)) / Double(max(1, baselineDay.days(until: end))))
        let expected =
            shape == .exponential
            ? exp(scale(start) + elapsed * (scale(targetValue) - scale(start))) : start + elapsed * (targetValue - start)
        let deviation = progress - elapsed
        let probability = 1 / (1 + exp(-(log(7.0 / 3.0) + 2 * deviation / tolerance)))
        let position = abs(deviation) <= tolerance ? "within the band of" : deviation > 0 ? "ahead of" : "behind"
        let shown = series.indicator.shown
        return .pending(
            probability,
            "\(series.label) \(shown(latest.value)) (\(latest.day)), \(position) the path; needs \(series.sign) \(shown(targetValue)) by \(end)",
            reasoning: "\(series.label) at \(latest.value.formatted) on \(latest.day) is \(position) the \(shape.rawValue) path "
                + "(expected \(expected.formatted(digits: 3)); \((progress * 100).rounded().formatted)% of the way after \((elapsed * 100).rounded().formatted)% of the time)",
            evidence: [
                Evidence.observation(latest.observation, of: series.indicator),
                .computed("path", "\(start.formatted) on \(baselineDay) to \(targetValue.formatted) on \(end), \(shape.rawValue)"),
                .computed("expected on \(latest.day)", expected.formatted(digits: 3)),
                .computed("progress minus time elapsed", deviation.formatted(digits: 3)),
            ])
    }
}
