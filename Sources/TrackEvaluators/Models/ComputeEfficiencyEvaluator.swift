import Foundation
import TrackCore
import TrackDomain
import TrackEngine

/// `compute-efficiency`: a model matches the frontier of its day on every named benchmark with a
/// fraction of a frontier model's training compute, and whether that multiplier reaches a target
/// by the deadline.
struct ComputeEfficiencyEvaluator: Evaluator {
    static let identifier = "compute-efficiency"

    static let description = EvaluatorDescription(
        summary: """
            From training compute and benchmark scores per model. A pair counts when the efficient model is newer than \
            the matched one, the matched one was at the frontier on the efficient one's release day (within 'tolerance' \
            of the best score on record on every benchmark), the efficient one scores at most 'tolerance' points below it \
            on every benchmark, and both clear each benchmark's chance level by 'above-chance' points; its multiplier is \
            the matched model's compute over the efficient one's. The forecast comes true when a model released from the \
            day it was made reaches 'target'. Until then the best multiplier on record (history included) is a record \
            series, projected by the record model (Poisson record arrivals, exponential steps on the log scale); with \
            fewer than two records, by compute for a fixed score halving at the time fitted from the same data \
            (ln C on logit score and date), or Epoch AI's 8 months (5-14; Ho et al. 2024) when no fit is possible, \
            lognormal over its 95% interval. The fitted halving time is shown beside Epoch AI's.
            """,
        parameters: [
            .init("compute", "indicator id", default: "training-compute", "training FLOP per model (subject), dated to its release"),
            .init(
                "scores", "list of indicator ids or {indicator, chance}",
                "the benchmarks, all of which must match; chance: the score of guessing (25 for four-choice MMLU and GPQA)"),
            .init(
                "same-model", "{compute subject: score subject or list}", default: "none",
                "score subjects naming the same model as a compute subject"),
            .init("subject", "string", default: "any model", "only this model's multipliers count"),
            .init(
                "tolerance", "points", default: "2",
                "how far below the matched model's score still counts as matching it, and how far below the best on record still counts as the frontier"
            ),
            .init("above-chance", "points", default: "10", "how far above chance both models must score on every benchmark"),
            .init("target", "multiplier", "the efficiency multiplier to reach (100: 1/100th of the compute)"),
            .init(
                "halving-months", "months", default: "8",
                "the published halving time shown beside the fitted one, and used when none can be fitted"),
        ],
        examples: [
            .init(
                "reached by a model released after the forecast was made",
                evaluate: "compute-efficiency: {compute: flop, scores: [{indicator: score, chance: 25}], target: 5}",
                indicators: ["flop": Examples.compute, "score": Examples.matched], made: "2024-11-01", deadline: "2027-12-31",
                asOf: "2025-06-01", status: .ahead, probability: 1...1),
            .init(
                // 30 months from the pair at 8 (5-14) months a halving: z = ln((30 / log2 10) / 8) / (ln(14 / 5) / 3.92) = 0.46, P = 0.68.
                "a tenfold pair from before the forecast is history: one record, the halving projection gives the chance",
                evaluate: "compute-efficiency: {compute: flop, scores: [{indicator: score, chance: 25}], target: 100}",
                indicators: ["flop": Examples.compute, "score": Examples.matched], made: "2025-03-01", deadline: "2027-06-01",
                asOf: "2025-06-01", status: .onTrack, probability: 0.6...0.75),
            .init(
                "a chance-level pair does not count",
                evaluate: "compute-efficiency: {compute: flop, scores: [{indicator: score, chance: 25}], target: 5}",
                indicators: ["flop": Examples.compute, "score": Examples.nearChance], deadline: "2027-01-01", asOf: "2025-06-01",
                status: .untestable, probability: nil),
            .init(
                "a model that matches an old frontier, not the frontier of its day, does not count",
                evaluate: "compute-efficiency: {compute: flop, scores: [{indicator: score, chance: 25}], target: 5}",
                indicators: ["flop": Examples.compute, "score": Examples.frontierMoved], made: "2024-11-01", deadline: "2027-01-01",
                asOf: "2025-06-01", status: .atRisk, probability: 0.5...0.5),
        ])

    /// A benchmark and the score of guessing on it.
    struct Benchmark {
        let indicator: IndicatorDefinition
        let chance: Double
    }

    let compute: IndicatorDefinition
    let benchmarks: [Benchmark]
    let aliases: [String: [String]]
    let subject: String?
    let tolerance: Double
    let aboveChance: Double
    let target: Double
    let halvingMonths: Double

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields([
            "compute", "scores", "same-model", "subject", "tolerance", "above-chance", "target", "halving-months",
        ])
        var compute = fields.optional("compute") { try parameters.numericIndicator($0) }
        if fields.node("compute") == nil {
            compute = parameters.indicator(named: "training-compute")
            if compute == nil { fields.report(Diagnostic("give 'compute', the indicator of training FLOP per model", at: fields.mark)) }
        }
        let benchmarks = fields.required("scores") { node in
            try node.sequence().map { item in
                if item.scalar != nil { return Benchmark(indicator: try parameters.numericIndicator(item), chance: 0) }
                var entry = try FieldReader(item, context: "score", fields: ["indicator", "chance"])
                let indicator = entry.required("indicator") { try parameters.numericIndicator($0) }
                let chance = entry.optional("chance") { try $0.double() } ?? 0
                try entry.finishOrThrow()
                return Benchmark(indicator: try entry.unwrap(indicator), chance: chance)
            }
        }
        aliases =
            fields.optional("same-model") { node in
                var map: [String: [String]] = [:]
                for entry in try node.mapping().entries {
                    map[entry.key] = entry.value.scalar != nil ? [try entry.value.string()] : try entry.value.strings()
                }
                return map
            } ?? [:]
        subject = fields.optional("subject") { try $0.string() }
        tolerance = fields.optional("tolerance") { try $0.double() } ?? 2
        aboveChance = fields.optional("above-chance") { try $0.double() } ?? 10
        let target = fields.required("target") { try $0.positive() }
        halvingMonths = fields.optional("halving-months") { try $0.positive() } ?? TrainingComputeModel.algorithmicHalvingMonths
        try fields.finishOrThrow()
        self.compute = try fields.unwrap(compute)
        self.benchmarks = try fields.unwrap(benchmarks)
        self.target = try fields.unwrap(target)
    }

    var reads: [SeriesKey] {
        [SeriesKey(indicator: compute.id, subject: nil)] + benchmarks.map { SeriesKey(indicator: $0.indicator.id, subject: nil) }
    }

    /// A model with its compute and a score on every benchmark, as of the cut-off.
    struct Model {
        let subject: String
        let flop: Observation
        let scores: [Observation]
        var day: Day { flop.date }
        var flopValue: Double { flop.value.number! }
    }

    /// An efficient model matching a frontier model of its day.
    struct Pair {
        let efficient: Model
        let matched: Model
        var multiplier: Double { matched.flopValue / efficient.flopValue }
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let models = self.models(context)
        let frontiers = benchmarks.map { Frontier(context.observations(of: $0.indicator)) }
        let strictPairs = matchingPairs(models, frontiers: frontiers)
        // Until a model matches the frontier of its day, history is measured against the frontier of the models
        // whose compute is on record (a frontier model without a compute estimate cannot be compared).
        let relaxed = strictPairs.isEmpty
        let pairs =
            relaxed
            ? matchingPairs(
                models,
                frontiers: benchmarks.indices.map { index in
                    Frontier(ArraySlice(models.map { $0.scores[index] }.sorted { $0.date < $1.date }))
                })
            : strictPairs
        let made = context.forecast.made
        let names = benchmarks.map(\.indicator.id).joined(separator: " and ")
        let fit = progressFit(models)
        let halving =
            fit.map {
                "halving time fitted from \($0.models) models' \(benchmarks[0].indicator.id), compute and date: \($0.description); Epoch AI: \(halvingMonths.formatted) months (5-14)"
            }
            ?? "too few models to fit a halving time; Epoch AI: \(halvingMonths.formatted) months (5-14)"
        let fitEvidence = Evidence.computed("halving time of compute for a fixed score", halving)

        if let event = strictPairs.filter({ $0.efficient.day >= made }).max(by: { $0.multiplier < $1.multiplier }),
            event.multiplier >= target
        {
            return .happened(
                "\(headline(event)); needed \(target.formatted)x",
                reasoning: "\(describe(event, names)), past the target \(target.formatted)x",
                evidence: evidence(event) + [fitEvidence])
        }
        let best = pairs.max { $0.multiplier < $1.multiplier }
        if context.isPastDeadline {
            guard let best = strictPairs.max(by: { $0.multiplier < $1.multiplier }) else {
                return .untestable(
                    "no model matched the frontier of its day with less compute by \(context.deadline)",
                    reasoning:
                        "no model matched a frontier model of its day on \(names) with less compute: no data to decide by the deadline")
            }
            return .failed(
                "\(headline(best)); needed \(target.formatted)x by \(context.deadline)",
                reasoning: "\(describe(best, names)); the target \(target.formatted)x was not reached by \(context.deadline)",
                evidence: evidence(best)
            )
        }
        guard let best else {
            return .untestable(
                "no model in \(compute.id) matches a frontier model of its day on \(names) (within \(tolerance.formatted) points, "
                    + "both at least \(aboveChance.formatted) points above chance) with less compute; \(halving)",
                evidence: [fitEvidence])
        }
        // The best multiplier on record, one point per new record, as a record series on the log scale.
        var records: [SeriesSelector.Point] = []
        for pair in pairs.sorted(by: { ($0.efficient.day, $0.multiplier) < ($1.efficient.day, $1.multiplier) })
        where pair.multiplier > (records.last?.value ?? 1) {
            if records.last?.day == pair.efficient.day { records.removeLast() }
            records.append(.init(day: pair.efficient.day, value: pair.multiplier, observation: pair.efficient.flop))
        }
        let newest =
            ([compute] + benchmarks.map(\.indicator)).compactMap { context.observations(of: $0).last?.date }.max() ?? best.efficient.day
        let seed = "\(context.forecast.id)|\(context.cutoff)|compute-efficiency"
        if let series = ScaledSeries(points: records, scale: .log, higherIsBetter: true),
            let forecast = SeriesForecast.records(series, goal: target, deadline: context.deadline, lastObservation: newest, seed: seed)
        {
            let projection = Projection(
                day: context.deadline, value: forecast.median, low: forecast.low, high: forecast.high, coverage: 0.8)
            let median: String = forecast.median.formatted(digits: 0)
            let interval: String = "\(forecast.low.formatted(digits: 0))-\(forecast.high.formatted(digits: 0))x"
            let summary: String =
                "\(describe(best, names, relaxed: relaxed)), the best of \(records.count) records; \(forecast.method) projects "
                + "\(median)x by \(context.deadline) (80%: \(interval)) against a target of \(target.formatted)x; \(halving)"
            return .pending(
                forecast.probabilityBy, "\(headline(best)); needs \(target.formatted)x by \(context.deadline)", reasoning: summary,
                evidence: evidence(best) + forecast.details + [fitEvidence], projection: projection)
        }
        if best.multiplier >= target {
            // Passed before the forecast, or only against the frontier of the models with compute on record: a model
            // released in the window must do it against the frontier of its day, and nothing here says how often that happens.
            return .pending(
                0.5, "\(headline(best)); needs \(target.formatted)x by \(context.deadline)",
                reasoning: "\(describe(best, names, relaxed: relaxed)), past \(target.formatted)x but "
                    + (relaxed ? "not against the frontier of its day" : "before the forecast was made")
                    + "; no model of how often that recurs: P = 0.5; \(halving)",
                evidence: evidence(best) + [fitEvidence])
        }
        // One record: compute for a fixed score halving every h months, h lognormal: the workspace's own fit (its
        // spread from the 95% interval, or from its lower half when the data set no upper bound), else Epoch AI's.
        let median = fit?.halvingMonths ?? halvingMonths
        let sigma: Double =
            if let fit { fit.high.map { log($0 / fit.low) / (2 * 1.96) } ?? log(fit.halvingMonths / fit.low) / 1.96 } else {
                log(TrainingComputeModel.algorithmicHalvingInterval.high / TrainingComputeModel.algorithmicHalvingInterval.low) / (2 * 1.96)
            }
        let source = fit == nil ? "Epoch AI's" : "the fitted"
        let months = TrainingComputeModel.months(from: best.efficient.day, to: context.deadline)
        let doublingsNeeded = log2(target / best.multiplier)
        let z = (log(months / doublingsNeeded) - log(median)) / sigma
        let probability = ModelError.bounded(months > 0 ? ModelError.normalCDF(z) : 0)
        let projected = best.multiplier * pow(2, months / median)
        return .pending(
            probability, "\(headline(best)); needs \(target.formatted)x by \(context.deadline)",
            reasoning:
                "\(describe(best, names, relaxed: relaxed)); \(target.formatted)x by \(context.deadline) needs compute for a fixed score to halve every "
                + "\((months / doublingsNeeded).formatted(digits: 1)) months or faster; at \(source) \(median.formatted(digits: 1)) months it would "
                + "reach \(projected.formatted(digits: 0))x (lognormal, one standard deviation a factor \(exp(sigma).formatted(digits: 2))); \(halving)",
            evidence: evidence(best) + [
                fitEvidence, .computed("projected multiplier at \(context.deadline)", "\(projected.formatted(digits: 0))x"),
            ])
    }

    /// Every model with compute and a score on every benchmark (its own subject's, else a same-model alias's).
    func models(_ context: EvaluationContext) -> [Model] {
        func latest(_ indicator: IndicatorDefinition) -> [String: Observation] {
            var values: [String: Observation] = [:]
            for observation in context.observations(of: indicator) {
                guard let subject = observation.subject, observation.value.number != nil else { continue }
                values[subject] = observation
            }
            return values
        }
        let scoreTables = benchmarks.map { latest($0.indicator) }
        return latest(compute).sorted { $0.key < $1.key }.compactMap { subject, flop in
            guard flop.value.number.map({ $0 > 0 }) == true else { return nil }
            let names = [subject] + (aliases[subject] ?? [])
            let scores = scoreTables.compactMap { table in names.lazy.compactMap { table[$0] }.first }
            return scores.count == benchmarks.count ? Model(subject: subject, flop: flop, scores: scores) : nil
        }
    }

    /// The best score on record on each day, for "at the frontier on that day".
    struct Frontier {
        let records: [(day: Day, value: Double)]

        init(_ observations: ArraySlice<Observation>) {
            var records: [(day: Day, value: Double)] = []
            for observation in observations {
                guard let value = observation.value.number, value > (records.last?.value ?? -.infinity) else { continue }
                records.append((observation.date, value))
            }
            self.records = records
        }

        func best(on day: Day) -> Double? { records.last { $0.day <= day }?.value }
    }

    func matchingPairs(_ models: [Model], frontiers: [Frontier]) -> [Pair] {
        var pairs: [Pair] = []
        for efficient in models where subject == nil || efficient.subject == subject {
            for matched in models where matched.day < efficient.day && matched.flopValue > efficient.flopValue {
                let counts = benchmarks.indices.allSatisfy { index in
                    let floor = benchmarks[index].chance + aboveChance
                    let mine = efficient.scores[index].value.number!
                    let theirs = matched.scores[index].value.number!
                    let frontier = frontiers[index].best(on: efficient.day) ?? theirs
                    return mine >= floor && theirs >= floor && mine >= theirs - tolerance && theirs >= frontier - tolerance
                }
                if counts { pairs.append(Pair(efficient: efficient, matched: matched)) }
            }
        }
        return pairs
    }

    /// Compute for a fixed score against time, fitted on the models pairs come from (compute and every benchmark),
    /// those clearly above chance on the first benchmark.
    func progressFit(_ models: [Model]) -> AlgorithmicProgressFit? {
        let benchmark = benchmarks[0]
        let origin = Day(daysSinceEpoch: 0)
        return AlgorithmicProgressFit(
            models.compactMap { model in
                let score = model.scores[0].value.number!
                guard score >= benchmark.chance + aboveChance else { return nil }
                return .init(
                    flop: model.flopValue, fraction: (score - benchmark.chance) / (100 - benchmark.chance),
                    years: Double(origin.days(until: model.day)) / ScaledSeries.daysPerYear)
            })
    }

    /// A pair in plain words: "deepseek-v3 7.9x less compute than claude-3.5-sonnet (2024-12-24)".
    private func headline(_ pair: Pair) -> String {
        "\(pair.efficient.subject) \(pair.multiplier.formatted(digits: 1))x less compute than \(pair.matched.subject) (\(pair.efficient.day))"
    }

    private func describe(_ pair: Pair, _ names: String, relaxed: Bool = false) -> String {
        let scores = benchmarks.indices.map {
            "\(pair.efficient.scores[$0].value.number!.formatted) vs \(pair.matched.scores[$0].value.number!.formatted)"
        }
        let frontier =
            relaxed
            ? "no model has matched the frontier of its day yet; against the frontier of the models with compute on record, "
            : ""
        return frontier + "\(pair.efficient.subject) (\(pair.efficient.day)) matched \(pair.matched.subject), at the frontier of its day"
            + (relaxed ? " among them" : "") + ", on \(names) "
            + "(\(scores.joined(separator: "; "))) with \(pair.multiplier.formatted(digits: 1))x less compute"
    }

    private func evidence(_ pair: Pair) -> [Evidence] {
        [Evidence.observation(pair.efficient.flop, of: compute), Evidence.observation(pair.matched.flop, of: compute)]
            + benchmarks.indices.flatMap {
                [
                    Evidence.observation(pair.efficient.scores[$0], of: benchmarks[$0].indicator),
                    Evidence.observation(pair.matched.scores[$0], of: benchmarks[$0].indicator),
                ]
            }
            + [
                .computed(
                    "efficiency multiplier",
                    "\(pair.multiplier.formatted(digits: 1))x (\(pair.efficient.subject) vs \(pair.matched.subject))")
            ]
    }
}
