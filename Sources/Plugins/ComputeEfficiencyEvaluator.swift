import Foundation
import Tracker

/// `compute-efficiency`: how much less training compute a model needed than another that scores
/// no better, and whether that multiplier reaches a target by the deadline.
struct ComputeEfficiencyEvaluator: Evaluator {
    static let identifier = "compute-efficiency"

    static let description = EvaluatorDescription(
        summary: """
            From training compute and benchmark scores per model: for each model, the compute of any model it matches \
            (scores at most 'tolerance' points higher) divided by its own - the efficiency multiplier. The best \
            multiplier is projected to the deadline with compute for a fixed result halving every 'halving-months' \
            (8, 95% CI 5-14: Ho et al. 2024), and the probability is that of reaching 'target' given that uncertainty.
            """,
        parameters: [
            .init("compute", "indicator id", default: "training-compute", "training FLOP per model (subject)"),
            .init("score", "indicator id", "a benchmark, one score per model (subject)"),
            .init("subject", "string", default: "any model", "only this model's multipliers count"),
            .init("tolerance", "points", default: "0.5", "how far below the other model's score still counts as matching it"),
            .init("target", "multiplier", "the efficiency multiplier to reach (100: 1/100th of the compute)"),
            .init("halving-months", "months", default: "8", "median halving time of the compute for a fixed result"),
        ],
        examples: [
            .init(
                "reached", evaluate: "compute-efficiency: {compute: flop, score: score, target: 5}",
                indicators: ["flop": Examples.compute, "score": Examples.matched], deadline: "2027-12-31", asOf: "2025-06-01",
                status: .ahead, probability: 1...1),
            .init(
                "a hundredfold within 30 months of a tenfold", evaluate: "compute-efficiency: {compute: flop, score: score, target: 100}",
                indicators: ["flop": Examples.compute, "score": Examples.matched], deadline: "2027-06-01", asOf: "2025-06-01",
                status: .onTrack, probability: 0.65...0.7),
            .init(
                "no pair of models to compare", evaluate: "compute-efficiency: {compute: flop, score: score, subject: c, target: 100}",
                indicators: ["flop": Examples.compute, "score": Examples.matched], deadline: "2027-01-01", asOf: "2025-06-01",
                status: .untestable, probability: nil),
        ])

    let compute: Indicator
    let score: Indicator
    let subject: String?
    let tolerance: Double
    let target: Double
    let halvingMonths: Double

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(["compute", "score", "subject", "tolerance", "target", "halving-months"])
        var compute = fields.optional("compute") { try parameters.numericIndicator($0) }
        if fields.node("compute") == nil {
            compute = parameters.indicator(named: "training-compute")
            if compute == nil { fields.report(Diagnostic("give 'compute', the indicator of training FLOP per model", at: fields.mark)) }
        }
        let score = fields.required("score") { try parameters.numericIndicator($0) }
        subject = fields.optional("subject") { try $0.string() }
        tolerance = fields.optional("tolerance") { try $0.double() } ?? 0.5
        let target = fields.required("target") { try $0.positive() }
        halvingMonths = fields.optional("halving-months") { try $0.positive() } ?? TrainingComputeModel.algorithmicHalvingMonths
        try fields.finishOrThrow()
        self.compute = try fields.unwrap(compute)
        self.score = try fields.unwrap(score)
        self.target = try fields.unwrap(target)
    }

    /// A model's latest compute and score as of a day.
    struct Entry {
        let subject: String
        let flop: Observation
        let score: Observation
        var day: Day { max(flop.date, score.date) }
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        func latest(_ indicator: Indicator) -> [String: Observation] {
            var values: [String: Observation] = [:]
            for observation in context.observations(of: indicator) {
                guard let subject = observation.subject, observation.value.number.map({ $0 > 0 }) == true else { continue }
                if (values[subject]?.date ?? .init(daysSinceEpoch: .min)) <= observation.date { values[subject] = observation }
            }
            return values
        }
        let flops = latest(compute), scores = latest(score)
        let entries = flops.keys.sorted().compactMap { key in scores[key].map { Entry(subject: key, flop: flops[key]!, score: $0) } }
        let higherIsBetter = score.better != .lower
        var best: (multiplier: Double, efficient: Entry, matched: Entry)?
        for efficient in entries where subject == nil || efficient.subject == subject {
            for matched in entries where matched.subject != efficient.subject {
                let (mine, theirs) = (efficient.score.value.number!, matched.score.value.number!)
                let matches = higherIsBetter ? mine >= theirs - tolerance : mine <= theirs + tolerance
                let multiplier = matched.flop.value.number! / efficient.flop.value.number!
                if matches, multiplier > (best?.multiplier ?? 1) { best = (multiplier, efficient, matched) }
            }
        }
        guard let best else {
            return .untestable("no model in \(compute.id) and \(score.id) matches another's \(score.id) with less compute"
                + (context.isPastDeadline ? ": no data to decide by the deadline" : ""))
        }
        let evidence = [
            Evidence.observation(best.efficient.flop, of: compute), Evidence.observation(best.efficient.score, of: score),
            Evidence.observation(best.matched.flop, of: compute), Evidence.observation(best.matched.score, of: score),
            .computed("efficiency multiplier", "\(best.multiplier.formatted(digits: 1))x (\(best.efficient.subject) vs \(best.matched.subject))"),
        ]
        let pair = "\(best.efficient.subject) matched \(best.matched.subject) on \(score.id) with \(best.multiplier.formatted(digits: 1))x less compute"
        if best.multiplier >= target {
            return .happened("\(pair), past the target \(target.formatted)x", evidence: evidence)
        }
        if context.isPastDeadline {
            return .failed("\(pair); the target \(target.formatted)x was not reached by \(context.deadline)", evidence: evidence)
        }
        // Halving time h is lognormal: median `halvingMonths`, 95% interval 5-14 months scaled to it.
        let months = TrainingComputeModel.months(from: best.efficient.day, to: context.deadline)
        let doublingsNeeded = log2(target / best.multiplier)
        let sigma = log(TrainingComputeModel.algorithmicHalvingInterval.high / TrainingComputeModel.algorithmicHalvingInterval.low) / (2 * 1.96)
        let z = (log(months / doublingsNeeded) - log(halvingMonths)) / sigma
        // A model of progress, not an observation: never 0 or 1 before the deadline.
        let probability = ModelError.bounded(months > 0 ? ModelError.normalCDF(z) : 0)
        let projected = best.multiplier / TrainingComputeModel.computeForFixedResult(
            1, from: best.efficient.day, to: context.deadline, halvingMonths: halvingMonths)
        return .pending(
            probability,
            "\(pair); halving every \(halvingMonths.formatted) months projects \(projected.formatted(digits: 0))x by \(context.deadline) "
                + "against a target of \(target.formatted)x",
            evidence: evidence + [.computed("projected multiplier at \(context.deadline)", "\(projected.formatted(digits: 0))x")])
    }
}
