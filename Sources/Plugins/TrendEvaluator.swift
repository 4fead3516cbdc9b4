import Foundation
import Tracker

/// `trend`: fits the series and gives the chance it is past the target at the deadline.
struct TrendEvaluator: Evaluator {
    static let identifier = "trend"

    enum Fit: String, CaseIterable, Sendable {
        case linear
        case logLinear = "log-linear"
        case auto
    }

    static let description = EvaluatorDescription(
        summary: """
            Fits the series (linear, or log-linear for steady growth or decay) and gives the chance that it is past \
            the target at the deadline, from the prediction interval of the fit (Student's t on the residuals).
            """,
        parameters: SeriesSelector.parameters + [
            .init("target", "number or {factor, baseline} or {indicator, subject, factor}", "the value to pass; 'better' says which side"),
            .init("fit", "linear | log-linear | auto", default: "auto", "auto takes log-linear when every value is positive and it fits at least as well"),
            .init("min-points", "whole number", default: "3", "below this many points the forecast is untestable rather than extrapolated"),
            .init("since", "date", default: "no limit", "fit only observations on or after this day"),
        ],
        examples: [
            .init(
                "a steady fall projected past the target", evaluate: "trend: {indicator: price, target: 0.2, fit: log-linear}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2025-12-31", status: .onTrack,
                probability: 0.8...1),
            .init(
                "a target far beyond the trend", evaluate: "trend: {indicator: price, target: 0.001, fit: log-linear}",
                indicators: ["price": Examples.falling], deadline: "2026-06-30", asOf: "2025-12-31", status: .behind,
                probability: 0...0.1),
            .init(
                "too few points to extrapolate", evaluate: "trend: {indicator: price, subject: a, target: 0.2}",
                indicators: ["price": Examples.falling], deadline: "2026-12-31", asOf: "2025-12-31", status: .untestable,
                probability: nil),
            .init(
                "already past the target", evaluate: "trend: {indicator: price, target: 0.5}", indicators: ["price": Examples.falling],
                deadline: "2026-12-31", asOf: "2025-12-31", status: .ahead, probability: 1...1),
        ])

    let series: SeriesSelector
    let target: Target
    let fit: Fit
    let minimumPoints: Int
    let since: Day?

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(SeriesSelector.fields + ["target", "fit", "min-points", "since"])
        let series = SeriesSelector.read(&fields, parameters)
        let target = fields.required("target") { try Target.read($0, parameters) }
        fit = fields.optional("fit") { try $0.oneOf(Fit.self) } ?? .auto
        minimumPoints = max(3, fields.optional("min-points") { try $0.positiveInt() } ?? 3)
        since = fields.optional("since") { try $0.day() }
        try fields.finishOrThrow()
        self.series = try fields.unwrap(series)
        self.target = try fields.unwrap(target)
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let points = series.points(asOf: context.asOf).filter { since == nil || $0.day >= since! }
        guard let (goal, targetEvidence) = target.resolve(for: series, in: context) else {
            return .untestable("no value of \(series.label) on the baseline day to set the target \(target.description)")
        }
        if let reached = points.first(where: { series.meets($0.value, goal) }) {
            return .happened(
                "\(series.label) reached \(reached.value.formatted) on \(reached.day), past the target \(goal.formatted)",
                evidence: targetEvidence + [Evidence.observation(reached.observation, of: series.indicator)])
        }
        if context.isAtDeadline, let latest = points.last {
            return .failed(
                "\(series.label) did not pass \(goal.formatted) by \(context.deadline); latest \(latest.value.formatted)",
                evidence: targetEvidence + [Evidence.observation(latest.observation, of: series.indicator)])
        }
        guard points.count >= minimumPoints else {
            return .untestable("\(points.count) point\(points.count == 1 ? "" : "s") of \(series.label); the trend needs at least \(minimumPoints)")
        }
        guard let model = TrendModel(points: points, fit: fit) else {
            return .untestable("\(series.label) has all its points on one day; no trend can be fitted")
        }
        let (probability, projection) = model.chance(of: goal, at: context.deadline, higherIsBetter: series.indicator.better != .lower)
        var evidence = targetEvidence + points.suffix(8).map { Evidence.observation($0.observation, of: series.indicator) }
        evidence += [
            .computed("fit", "\(model.kind.rawValue) over \(points.count) points, R² \(model.line.rSquared.formatted(digits: 2))"),
            .computed("change per year", model.yearlyChange),
            .computed("projected at \(context.deadline)", "\(projection.value.formatted(digits: 3)) (80%: \(projection.low.formatted(digits: 3))...\(projection.high.formatted(digits: 3)))"),
        ]
        return .pending(
            probability,
            "\(model.kind.rawValue) trend of \(series.label) projects \(projection.value.formatted(digits: 3)) at \(context.deadline) "
                + "(80%: \(projection.low.formatted(digits: 3))...\(projection.high.formatted(digits: 3))) against a target of \(goal.formatted)",
            evidence: evidence, projection: projection)
    }
}

/// A fitted line in the value's own space (linear) or in its logarithm (log-linear).
struct TrendModel {
    let kind: TrendEvaluator.Fit
    let line: LinearFit
    /// The day x = 0 stands for.
    let origin: Day

    /// Fits `points`; `auto` takes log-linear when every value is positive and it fits at least as well.
    init?(points: [SeriesSelector.Point], fit: TrendEvaluator.Fit) {
        let origin = points[0].day
        self.origin = origin
        let x = points.map { Double(origin.days(until: $0.day)) }
        let values = points.map(\.value)
        let positive = values.allSatisfy { $0 > 0 }
        let linear = LinearFit(x: x, y: values)
        let logLinear = positive ? LinearFit(x: x, y: values.map(log)) : nil
        switch fit {
        case .linear:
            guard let linear else { return nil }
            (kind, line) = (.linear, linear)
        case .logLinear:
            guard let logLinear else { return nil }
            (kind, line) = (.logLinear, logLinear)
        case .auto:
            if let logLinear, logLinear.rSquared >= (linear?.rSquared ?? 0) {
                (kind, line) = (.logLinear, logLinear)
            } else if let linear {
                (kind, line) = (.linear, linear)
            } else {
                return nil
            }
        }
    }

    /// The chance that the value on `day` is past `goal` (above it when higher is better), from the
    /// fit's prediction interval (Student's t), and the projection with its 80% interval.
    func chance(of goal: Double, at day: Day, higherIsBetter: Bool) -> (probability: Double, projection: Projection) {
        let x = Double(origin.days(until: day))
        let distribution = StudentT(degreesOfFreedom: line.degreesOfFreedom)
        let center = line.value(at: x)
        let spread = max(line.predictionStandardError(at: x), 1e-9)
        let t = (transform(goal) - center) / spread
        let probability = higherIsBetter ? 1 - distribution.cdf(t) : distribution.cdf(t)
        let half = distribution.quantile(0.9) * spread
        let projection = Projection(day: day, value: inverse(center), low: inverse(center - half), high: inverse(center + half), coverage: 0.8)
        return (probability, projection)
    }

    func transform(_ value: Double) -> Double { kind == .logLinear ? log(max(value, .leastNonzeroMagnitude)) : value }
    func inverse(_ value: Double) -> Double { kind == .logLinear ? exp(value) : value }

    /// "x0.25 per year" (log-linear) or "-1.2 per year" (linear).
    var yearlyChange: String {
        kind == .logLinear ? "x\(exp(line.slope * 365.25).formatted(digits: 3))" : (line.slope * 365.25).formatted(digits: 3)
    }
}
