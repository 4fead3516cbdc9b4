import Foundation
import TrackCore
import TrackDomain
import TrackEngine

/// `moe-cost`: the modelled cost per million tokens of a deployment, against a baseline deployment
/// or an observed price.
struct MoECostEvaluator: Evaluator {
    static let identifier = "moe-cost"

    enum Tokens: String, CaseIterable, Sendable { case output, input }

    static let description = EvaluatorDescription(
        summary: """
            Models the cost per million tokens of a model served on given hardware (compute, memory and communication \
            per decode step or prefill token with partial overlap; see track model inference) and compares it with a \
            baseline deployment or an observed price: the chance that the true cost is at most (or at least) the given \
            ratio of it, the true cost lognormal around the modelled one with the calibration tables' cross-validated \
            spread (output tokens: a factor of \(Self.factor(.decode)) per deployment, input tokens: \(Self.factor(.prefill)); \
            times sqrt(2) on the log scale for a ratio of two). A deployment that does not fit in memory has no cost: \
            untestable, with the reason. A model cannot settle the claim: at the deadline the forecast is untestable \
            unless resolved from published figures.
            """,
        parameters: Deployment.parameters + [
            .init("tokens", "output | input", default: "output", "which tokens' cost"),
            .init("baseline", "a deployment {model, hardware, ...}", default: "none", "what the cost is compared with"),
            .init("observed", "{indicator, subject}", default: "none", "or an observed $/M-token price series"),
            .init("at-most", "ratio", default: "none", "the claim: cost <= ratio x the baseline (0.1: ten times cheaper)"),
            .init("at-least", "ratio", default: "none", "or: cost >= ratio x the baseline"),
            .init(
                "uncertainty", "factor",
                default: "the calibration tables' cross-validated spread (decode or prefill; x sqrt 2 against a baseline)",
                "the model's error, as a factor (one standard deviation)"),
            .init(
                "designs", "{experts-per-token: [k, ...]}", default: "the catalog's design",
                "an unknown design as a range: for each k, the expert width and count solved so that the model still counts its stated total and active parameters; the probability is the mean over the designs"
            ),
        ],
        examples: [
            .init(
                "a dense 405B costs more than DeepSeek-V3 to serve",
                evaluate: """
                    moe-cost:
                      model: llama-3.1-405b
                      hardware: h800
                      gpus: 16
                      baseline: {model: deepseek-v3, hardware: h800, gpus: 16}
                      at-least: 2
                    """,
                deadline: "2026-12-31", asOf: "2025-06-01", status: .onTrack, probability: 0.6...1),
            .init(
                "a tenfold cut from hardware alone is unlikely",
                evaluate: """
                    moe-cost:
                      model: deepseek-v3
                      hardware: h200
                      gpus: 16
                      price: 2.0
                      baseline: {model: deepseek-v3, hardware: h800, gpus: 16}
                      at-most: 0.1
                    """,
                deadline: "2026-12-31", asOf: "2025-06-01", status: .behind, probability: 0...0.1),
            // 37B active against 405B dense: the ratio is well under 1 for any expert count, so P(ratio <= 1) is near 1.
            .init(
                "an unknown design taken over a range that counts to the same sizes",
                evaluate: """
                    moe-cost:
                      model: deepseek-v3
                      hardware: h800
                      gpus: 16
                      designs: {experts-per-token: [4, 8, 16]}
                      baseline: {model: llama-3.1-405b, hardware: h800, gpus: 16}
                      at-most: 1
                    """,
                deadline: "2026-12-31", asOf: "2025-06-01", status: .onTrack, probability: 0.9...1),
            .init(
                "a model cannot settle a cost claim at the deadline",
                evaluate: """
                    moe-cost:
                      model: llama-3.1-405b
                      hardware: h800
                      gpus: 16
                      baseline: {model: deepseek-v3, hardware: h800, gpus: 16}
                      at-least: 2
                    """,
                deadline: "2026-12-31", asOf: "2027-01-02", status: .untestable, probability: nil),
        ])

    let deployment: Deployment
    let tokens: Tokens
    let baseline: Deployment?
    let observed: SeriesSelector?
    let bound: (ratio: Double, atMost: Bool)
    let error: ModelError
    /// Experts per token of the designs to take the verdict over; empty: the catalog's design alone.
    let designs: [Int]

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields(
            Deployment.fields + ["tokens", "baseline", "observed", "at-most", "at-least", "uncertainty", "designs"])
        let catalog = Catalog(parameters)
        let deployment = Deployment.read(&fields, parameters, catalog: catalog)
        tokens = fields.optional("tokens") { try $0.oneOf(Tokens.self) } ?? .output
        baseline = fields.optional("baseline") { node in
            var base = try FieldReader(node, context: "baseline", fields: Deployment.fields)
            let deployment = Deployment.read(&base, parameters, catalog: catalog)
            try base.finishOrThrow()
            return try base.unwrap(deployment)
        }
        observed = fields.optional("observed") { try SeriesSelector.read($0, parameters, context: "observed") }
        designs =
            fields.optional("designs") { node in
                var entry = try FieldReader(node, context: "designs", fields: ["experts-per-token"])
                let values = entry.required("experts-per-token") { try $0.sequence().map { try $0.positiveInt() } }
                try entry.finishOrThrow()
                return try entry.unwrap(values)
            } ?? []
        let atMost = fields.optional("at-most") { try $0.positive() }
        let atLeast = fields.optional("at-least") { try $0.positive() }
        let uncertainty = fields.optional("uncertainty") { node throws(Diagnostic) in
            let factor = try node.double()
            guard factor > 1 else { throw Diagnostic("'uncertainty' is a factor above 1 (2: good to a factor of two)", at: node.mark) }
            return factor
        }
        let stated: ModelError = tokens == .output ? .decode : .prefill
        error = uncertainty.map { ModelError(factor: $0) } ?? (baseline == nil ? stated : stated.ofRatio)
        if (baseline == nil) == (observed == nil) {
            fields.report(
                Diagnostic("give one of 'baseline' (a deployment) or 'observed' (a price series) to compare with", at: fields.mark))
        }
        if (atMost == nil) == (atLeast == nil) {
            fields.report(Diagnostic("give one of 'at-most' or 'at-least' (the claimed ratio to the baseline)", at: fields.mark))
        }
        try fields.finishOrThrow()
        self.deployment = try fields.unwrap(deployment)
        bound = atMost.map { ($0, true) } ?? (atLeast!, false)
    }

    /// "1.17": a stated error as a factor, for the description.
    static func factor(_ error: ModelError) -> String { exp(error.sigma).formatted(digits: 2) }

    /// The modelled $ per million tokens, or why there is none: the deployment does not fit, or has no price.
    func cost(_ deployment: Deployment) -> (value: Double?, problem: String?) {
        if let problem = deployment.costProblem { return (nil, problem) }
        let value =
            switch tokens {
            case .output: deployment.model.costPerMillionOutputTokensUSD(batch: deployment.batch)
            case .input: deployment.model.costPerMillionInputTokensUSD(inputTokens: deployment.inputTokens)
            }
        return value.map { ($0, nil) } ?? (
            nil, "no price per hour for \(deployment.model.accelerator.id): set 'price' or add it to the catalog"
        )
    }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        guard !designs.isEmpty else { return try assess(deployment, context) }
        // An unknown design: every design in the range counts to the model's stated sizes; the chance is their mean.
        var results: [(design: ModelArchitecture, assessment: Assessment)] = []
        for k in designs {
            guard let design = deployment.model.model.redesigned(expertsPerToken: k), let served = deployment.serving(design) else {
                return .untestable(
                    "no design of \(deployment.model.model.id) with \(k) experts per token counts to its stated sizes and fits \(deployment.model.gpus) x \(deployment.model.accelerator.id)"
                )
            }
            results.append((design, try assess(served, context)))
        }
        let model = deployment.model.model
        let range =
            "\(results.count) designs of \(model.id) that all count \((model.declaredTotalParameters ?? 0).readable) total and "
            + "\((model.declaredActiveParameters ?? 0).readable) active parameters ("
            + results.map {
                "\($0.design.expertsPerToken) experts of width \($0.design.expertFFNDimension) per token, \($0.design.routedExperts) routed"
            }
            .joined(separator: "; ") + ")"
        let evidence = results.flatMap { result in
            [Evidence.computed("design: \(result.design.expertsPerToken) experts per token", result.assessment.summary)]
        }
        let probabilities = results.compactMap(\.assessment.probability)
        guard probabilities.count == results.count, let low = probabilities.min(), let high = probabilities.max() else {
            return .untestable(
                results[0].assessment.summary,
                reasoning: "over \(range): \(results[0].assessment.reasoning ?? results[0].assessment.summary)", evidence: evidence)
        }
        let mean = probabilities.reduce(0, +) / Double(probabilities.count)
        let ratios = results.compactMap { result in
            result.assessment.evidence.first { $0.label == "ratio to the baseline" }.flatMap { Double($0.value) }
        }
        let spread =
            ratios.min() == ratios.max()
            ? "\(ratios.first?.formatted(digits: 2) ?? "?")x"
            : "\(ratios.min()!.formatted(digits: 2))x-\(ratios.max()!.formatted(digits: 2))x"
        let versus = baseline.map { "\($0.model.model.id)'s" } ?? "the list price"
        return .pending(
            mean,
            "\(model.id)'s modelled serving cost \(spread) \(versus) (\(results.count) designs); "
                + "needs \(bound.atMost ? "≤" : "≥") \(bound.ratio.formatted)x",
            reasoning:
                "over \(range): modelled $/M \(tokens.rawValue) tokens \(results.map { ratioText($0.assessment) }.joined(separator: ", ")) "
                + "\(baseline.map { $0.label } ?? observed.map { $0.label } ?? ""); claim \(bound.atMost ? "<=" : ">=") \(bound.ratio.formatted)x; "
                + "\(ModelError.describe(mean)), the mean over the designs taken as equally likely (\(low.formatted(digits: 2))-"
                + "\(high.formatted(digits: 2)) across them), each with the true ratio lognormal around the modelled one (one standard "
                + "deviation a factor \(exp(error.sigma).formatted(digits: 2)))",
            evidence: evidence)
    }

    /// "0.41x" from a design's summary, for the range.
    private func ratioText(_ assessment: Assessment) -> String {
        assessment.evidence.first { $0.label == "ratio to the baseline" }.map { "\($0.value)x" } ?? "?"
    }

    private func assess(_ deployment: Deployment, _ context: EvaluationContext) throws -> Assessment {
        let (value, problem) = cost(deployment)
        guard let modelled = value else {
            return .untestable(
                "no \(tokens.rawValue) cost: \(problem ?? "no price")",
                reasoning: "no \(tokens.rawValue) cost for \(deployment.label): \(problem ?? "no price")")
        }
        let step = deployment.model.decodeStep(batch: deployment.batch)
        var evidence: [Evidence] = [
            .computed("deployment", deployment.label),
            .computed(
                "decode step",
                "\((step.seconds * 1000).formatted(digits: 2)) ms, \(step.bound)-bound; "
                    + "\(deployment.model.decodeTokensPerSecondPerGPU(batch: deployment.batch).formatted(digits: 0)) tokens/s per GPU"),
            .computed("modelled $/M \(tokens.rawValue) tokens", modelled.formatted(digits: 4)),
        ]
        let reference: Double
        let against: String
        let shortAgainst: String
        if let baseline {
            let (baselineValue, baselineProblem) = cost(baseline)
            guard let value = baselineValue else {
                return .untestable("no \(tokens.rawValue) cost for the baseline \(baseline.label): \(baselineProblem ?? "no price")")
            }
            reference = value
            against = baseline.label
            shortAgainst = "\(baseline.model.model.id)'s"
            evidence.append(.computed("baseline $/M \(tokens.rawValue) tokens (\(baseline.label))", value.formatted(digits: 4)))
        } else {
            guard let observed, let latest = observed.points(in: context.data).last else {
                return .untestable("no observed price to compare with yet", evidence: evidence)
            }
            reference = latest.value
            against = "\(observed.label) on \(latest.day)"
            shortAgainst = "the list price \(observed.indicator.shown(latest.value)) (\(latest.day))"
            evidence.append(Evidence.observation(latest.observation, of: observed.indicator))
        }
        let ratio = modelled / reference
        let limit = bound.ratio
        evidence.append(.computed("ratio to the baseline", ratio.formatted(digits: 3)))
        let claim =
            "modelled $\(modelled.formatted(digits: 3))/M \(tokens.rawValue) tokens is \(ratio.formatted(digits: 3))x \(against) "
            + "($\(reference.formatted(digits: 3))); claim \(bound.atMost ? "<=" : ">=") \(limit.formatted)x"
        if context.isPastDeadline {
            return .untestable(
                "a model cannot settle serving costs at the deadline: resolve it from published figures",
                reasoning: "a model cannot settle a claim about serving costs: \(claim); resolve the forecast from published figures",
                evidence: evidence)
        }
        let below = error.probability(atMost: limit, modelled: ratio)
        let probability = bound.atMost ? below : ModelError.bounded(1 - below)
        return .pending(
            probability,
            "modelled serving cost $\(modelled.formatted(digits: 3))/M \(tokens.rawValue), \(ratio.formatted(digits: 2))x \(shortAgainst); "
                + "needs \(bound.atMost ? "≤" : "≥") \(limit.formatted)x",
            reasoning: "\(claim); \(ModelError.describe(probability)) with the true ratio lognormal around the modelled one "
                + "(one standard deviation a factor \(exp(error.sigma).formatted(digits: 2)))",
            evidence: evidence)
    }
}
