import Foundation
import TrackCore
import TrackDomain
import TrackEngine

/// `training-compute`: checks a claim about a training run against the training compute model.
struct TrainingComputeEvaluator: Evaluator {
    static let identifier = "training-compute"

    /// What the claim is about.
    enum Quantity: String, CaseIterable, Sendable {
        case flop
        case gpuHours = "gpu-hours"
        case days
        case costUSD = "cost-usd"
        case energyMWh = "energy-mwh"
        /// Training throughput at FP8 over BF16 on the same hardware and MFU.
        case fp8Speedup = "fp8-speedup"
        /// Memory per weight at FP8 over BF16.
        case fp8Memory = "fp8-memory"

        /// In words, for summaries.
        var label: String {
            switch self {
            case .flop: "training FLOP"
            case .gpuHours: "GPU-hours"
            case .days: "days"
            case .costUSD: "cost (USD)"
            case .energyMWh: "energy (MWh)"
            case .fp8Speedup: "FP8 speed-up over BF16"
            case .fp8Memory: "FP8 memory over BF16"
            }
        }
    }

    static let description = EvaluatorDescription(
        summary: """
            Checks a claim about a training run against the model C = 6 N D, GPU-hours = C / (3600 peak MFU), \
            energy = GPU-hours x board power x PUE, the MFU by default fitted to published runs by hardware, size and kind \
            (dense or MoE) times an availability of \(TrainingUtilization.availability.formatted) for downtime. The \
            probability is that the true value lies within the claim (widened by the tolerance factor), the true value \
            lognormal around the modelled one: a factor of \(Self.factor(.trainingFLOP)) for FLOP, \
            \(Self.factor(.trainingTime)) for GPU-hours, days, cost and energy (the training table's cross-validated \
            spread), 1.25 for the FP8 ratios; times the prior chance that the run is confirmed at all, when one is \
            given. FP8 or FP4 on hardware without units for it is an error. A model cannot settle a claim about an \
            unpublished run: at the deadline the forecast is untestable unless resolved from published figures.
            """,
        parameters: [
            .init("model", "model id", default: "none", "a catalog model: its active parameters and training tokens"),
            .init("parameters", "number", default: "the model's", "active parameters N"),
            .init("tokens", "number", default: "the model's", "training tokens D"),
            .init("hardware", "accelerator id", default: "none", "needed for GPU-hours, days, cost and energy"),
            .init(
                "precision", "bf16 | fp8 | ...", default: "bf16", "the precision whose peak the run uses (the hardware needs units for it)"),
            .init("kind", "dense | moe", default: "the model's, else dense", "a Mixture-of-Experts run reaches a lower MFU"),
            .init(
                "mfu", "fraction", default: "fitted by hardware, size and kind, times the availability (track model training shows it)",
                "model FLOPs utilization over the whole run, of the precision's peak"),
            .init(
                "availability", "fraction", default: "\(TrainingUtilization.availability.formatted)",
                "share of the run's GPU time spent training (1: steady-state throughput)"),
            .init("pue", "number", default: "1.2", "data-centre power overhead"),
            .init("gpus", "whole number", default: "none", "for days"),
            .init("check", "flop | gpu-hours | days | cost-usd | energy-mwh | fp8-speedup | fp8-memory", "the quantity claimed"),
            .init("claimed", "number or [low, high]", "the claim"),
            .init(
                "relative-to", "{indicator, subject}", default: "none",
                "compare the quantity divided by this series' latest value (\"60x GPT-4o\")"),
            .init(
                "measured", "indicator id", default: "none",
                "for fp8-speedup: published end-to-end speed-ups; the best on record is checked, the datasheet ratio shown as its ceiling"),
            .init("tolerance", "factor", default: "1.5", "how far outside the claim the true value may land and still count"),
            .init("prior", "probability", default: "1", "chance the run is confirmed (published) by the deadline at all"),
        ],
        examples: [
            .init(
                "a claim that matches the arithmetic",
                evaluate: "training-compute: {parameters: 37e9, tokens: 14.8e12, check: flop, claimed: 3.3e24}",
                deadline: "2026-12-31", asOf: "2025-01-01", status: .onTrack, probability: 0.95...0.99),
            .init(
                "a claim ten times off is very unlikely, not impossible",
                evaluate: "training-compute: {parameters: 37e9, tokens: 14.8e12, check: flop, claimed: 3.3e25}",
                deadline: "2026-12-31", asOf: "2025-01-01", status: .behind, probability: 0.009...0.011),
            // 2.67M modelled (track model training) against 2.22-3.20M counted, lognormal with sigma ln 1.26:
            // Phi(ln(3.197 / 2.672) / 0.231) - Phi(ln(2.220 / 2.672) / 0.231) = Phi(0.78) - Phi(-0.80) = 0.57.
            .init(
                "DeepSeek-V3's published 2.664M H800-hours, at the default MFU for an FP8 MoE run on H800",
                evaluate:
                    "training-compute: {model: deepseek-v3, hardware: h800, precision: fp8, check: gpu-hours, claimed: 2.664e6, tolerance: 1.2}",
                deadline: "2026-12-31", asOf: "2025-01-01", status: .atRisk, probability: 0.54...0.6),
            // The best measured 1.64 against a claim of 1.8-2.0, lognormal with sigma ln 1.25:
            // Phi(ln(2 / 1.64) / 0.2231) - Phi(ln(1.8 / 1.64) / 0.2231) = Phi(0.889) - Phi(0.417) = 0.813 - 0.662 = 0.151.
            .init(
                "a speed-up claim against measured runs, the datasheet ratio as the ceiling",
                evaluate:
                    "training-compute: {parameters: 37e9, tokens: 14.8e12, hardware: h800, check: fp8-speedup, claimed: [1.8, 2.0], tolerance: 1, measured: speedup}",
                indicators: ["speedup": Examples.fp8Speedups], deadline: "2026-12-31", asOf: "2025-06-01", status: .behind,
                probability: 0.14...0.16),
            .init(
                "a model cannot settle a claim about an unpublished run",
                evaluate: "training-compute: {parameters: 37e9, tokens: 14.8e12, check: flop, claimed: 3.3e24}",
                deadline: "2026-12-31", asOf: "2027-01-02", status: .untestable, probability: nil),
        ])

    let activeParameters: Double
    let tokens: Double
    let model: ModelArchitecture?
    let accelerator: Accelerator?
    let precision: Accelerator.Precision
    let mixtureOfExperts: Bool
    /// The whole run's MFU when given; nil takes the fitted default.
    let mfu: Double?
    let availability: Double
    let pue: Double
    let gpus: Int?
    let quantity: Quantity
    let claimed: ClosedRange<Double>
    let relativeTo: SeriesSelector?
    let tolerance: Double
    let prior: Prior?
    let measured: SeriesSelector?

    init(parameters: EvaluatorParameters) throws {
        var fields = try parameters.fields([
            "model", "parameters", "tokens", "hardware", "precision", "kind", "mfu", "availability", "pue", "gpus", "check", "claimed",
            "relative-to", "tolerance", "prior", "measured",
        ])
        let catalog = Catalog(parameters)
        model = fields.optional("model") { try parameters.model($0, in: catalog) }
        let active = fields.optional("parameters") { try $0.positive() } ?? model?.nominalActiveParameters
        let tokens = fields.optional("tokens") { try $0.positive() } ?? model?.trainingTokens
        accelerator = fields.optional("hardware") { try parameters.accelerator($0, in: catalog) }
        let precision = fields.optional("precision") { try $0.oneOf(Accelerator.Precision.self) } ?? .bf16
        self.precision = precision
        mixtureOfExperts =
            fields.optional("kind") { node throws(Diagnostic) -> Bool in
                let kind = try node.string()
                guard ["dense", "moe"].contains(kind) else { throw Diagnostic("'kind' is dense or moe", at: node.mark) }
                return kind == "moe"
            } ?? model?.isMixtureOfExperts ?? false
        mfu = fields.optional("mfu") { node throws(Diagnostic) -> Double in
            let mfu = try node.probability()
            guard mfu > 0 else { throw Diagnostic("'mfu' is a fraction above 0, e.g. 0.35", at: node.mark) }
            return mfu
        }
        availability =
            fields.optional("availability") { node throws(Diagnostic) -> Double in
                let share = try node.probability()
                guard share > 0 else { throw Diagnostic("'availability' is a fraction above 0, e.g. 0.75", at: node.mark) }
                return share
            } ?? TrainingUtilization.availability
        pue = fields.optional("pue") { try $0.positive() } ?? TrainingComputeModel.defaultPUE
        gpus = fields.optional("gpus") { try $0.positiveInt() }
        let quantity = fields.required("check") { try $0.oneOf(Quantity.self) }
        let claimed = fields.required("claimed", Self.readRange)
        relativeTo = fields.optional("relative-to") { try SeriesSelector.read($0, parameters, context: "relative-to") }
        tolerance =
            fields.optional("tolerance") { node throws(Diagnostic) in
                let factor = try node.double()
                guard factor >= 1 else {
                    throw Diagnostic("'tolerance' is a factor of 1 or more (1.5: within 50% either way)", at: node.mark)
                }
                return factor
            } ?? 1.5
        prior = fields.optional("prior") { try $0.probability() }.map { Prior(probability: $0) }
        measured = fields.optional("measured") { try parameters.numericIndicator($0) }
            .map { SeriesSelector(indicator: $0, subject: nil, aggregate: .best) }
        if measured != nil, let quantity, quantity != .fp8Speedup {
            fields.report(Diagnostic("'measured' goes with 'check: fp8-speedup'", at: fields.mark))
        }
        if active == nil { fields.report(Diagnostic("give 'parameters' (active parameters) or a catalog 'model'", at: fields.mark)) }
        if tokens == nil { fields.report(Diagnostic("give 'tokens' or a catalog 'model' with 'training-tokens'", at: fields.mark)) }
        if let quantity, [.gpuHours, .days, .costUSD, .energyMWh, .fp8Speedup].contains(quantity), accelerator == nil {
            fields.report(Diagnostic("'check: \(quantity.rawValue)' needs 'hardware'", at: fields.mark))
        }
        if let accelerator,
            let problem = TrainingComputeModel(
                activeParameters: 1, tokens: 1, accelerator: accelerator, precision: precision
            ).precisionProblem
        {
            fields.report(Diagnostic(problem, at: fields.node("precision")?.mark ?? fields.mark))
        }
        try fields.finishOrThrow()
        self.activeParameters = try fields.unwrap(active)
        self.tokens = try fields.unwrap(tokens)
        self.quantity = try fields.unwrap(quantity)
        self.claimed = try fields.unwrap(claimed)
    }

    /// A number, or `[low, high]`.
    static func readRange(_ node: YAMLNode) throws(DiagnosticsError) -> ClosedRange<Double> {
        do throws(Diagnostic) {
            if node.scalar != nil {
                let value = try node.positive()
                return value...value
            }
            let items = try node.sequence()
            guard items.count == 2 else { throw node.mismatch("a number or [low, high]") }
            let (low, high) = (try items[0].positive(), try items[1].positive())
            guard low <= high else { throw Diagnostic("[low, high] needs low <= high", at: node.mark) }
            return low...high
        } catch {
            throw DiagnosticsError([error])
        }
    }

    var run: TrainingComputeModel {
        TrainingComputeModel(
            activeParameters: activeParameters, tokens: tokens, accelerator: accelerator, precision: precision,
            mixtureOfExperts: mixtureOfExperts, mfu: mfu, availability: availability, pue: pue, gpus: gpus)
    }

    /// "1.26": a stated error as a factor, for the description.
    static func factor(_ error: ModelError) -> String { exp(error.sigma).formatted(digits: 2) }

    func assess(_ context: EvaluationContext) throws -> Assessment {
        let run = self.run
        var evidence: [Evidence] = [
            .computed("training FLOP (6 N D)", "6 x \(activeParameters.formatted) x \(tokens.formatted) = \(run.trainingFLOP.formatted)")
        ]
        if let accelerator {
            evidence.append(
                .computed(
                    "hardware",
                    "\(accelerator.name), \(precision.rawValue), \(mixtureOfExperts ? "MoE" : "dense"), MFU \(run.mfu.formatted(digits: 3)) over the run, "
                        + "PUE \(pue.formatted)"))
        }
        guard var value = modelled(run) else {
            return .untestable(
                "the model cannot compute \(quantity.rawValue): the hardware lists no peak at \(precision.rawValue) (or, for fp8-speedup, at fp8)"
            )
        }
        var what = quantity.label
        evidence.append(.computed("modelled \(quantity.label)", value.readable))
        var ceiling = ""
        var measuredBest = ""
        if let measured {
            // The datasheet ratio is what FP8 could give at equal utilisation; what runs achieved is the evidence.
            guard let best = measured.points(in: context.data).last else {
                return .untestable("no measured speed-up in \(measured.indicator.id) yet", evidence: evidence)
            }
            ceiling = "; the datasheet ratio on \(accelerator?.name ?? "the hardware"), its ceiling, is \(value.readable)"
            value = best.value
            measuredBest = "\(best.observation.subject ?? measured.indicator.id), \(best.day)"
            what = "best measured end-to-end FP8 speed-up (\(best.observation.subject ?? measured.indicator.id), \(best.day))"
            evidence += [Evidence.observation(best.observation, of: measured.indicator), .computed("datasheet ceiling", ceiling)]
        }
        if let relativeTo {
            guard let reference = relativeTo.points(in: context.data).last else {
                return .untestable("no value of \(relativeTo.label) to compare with", evidence: evidence)
            }
            value /= reference.value
            what = "\(quantity.label) relative to \(relativeTo.label)"
            evidence += [
                Evidence.observation(reference.observation, of: relativeTo.indicator), .computed("modelled ratio", value.readable),
            ]
        }
        let claim =
            claimed.lowerBound == claimed.upperBound
            ? claimed.lowerBound.formatted : "\(claimed.lowerBound.formatted)-\(claimed.upperBound.formatted)"
        let counted = (claimed.lowerBound / tolerance)...(claimed.upperBound * tolerance)
        let comparison =
            (measured == nil ? "the model gives \(what) of" : "the \(what) is") + " \(value.readable) against the claimed \(claim)"
            + (tolerance > 1 ? " (counting \(counted.lowerBound.readable)-\(counted.upperBound.readable))" : "") + ceiling
        if context.isPastDeadline {
            return .untestable(
                "a model cannot settle it at the deadline: resolve it from the published figures",
                reasoning:
                    "a model cannot settle a claim about an unpublished run: \(comparison); resolve the forecast from the published figures",
                evidence: evidence)
        }
        let headline =
            if measured != nil {
                "best measured FP8 speed-up \(value.readable)x (\(measuredBest)); claimed \(claim)x"
            } else if let relativeTo {
                "modelled \(quantity.label) \(value.readable)x \(relativeTo.subject ?? relativeTo.label)'s; claimed \(claim)x"
            } else {
                "modelled \(quantity.label) \(value.readable); claimed \(claim)"
            }
        let error = relativeTo == nil ? error : error.ofRatio
        let modelProbability = error.probability(within: counted, modelled: value)
        let confirmed = prior?.remaining(in: context) ?? 1
        let probability = ModelError.bounded(modelProbability * confirmed)
        return .pending(
            probability, headline,
            reasoning:
                "\(comparison); \(ModelError.describe(modelProbability)) that the true value lies there (lognormal, one standard deviation "
                + "a factor \(exp(error.sigma).formatted(digits: 2)))" + (prior.map { "; times \($0.explanation(in: context))" } ?? ""),
            evidence: evidence)
    }

    /// The model's error for the quantity checked.
    var error: ModelError {
        switch quantity {
        case .flop: .trainingFLOP
        case .gpuHours, .days, .costUSD, .energyMWh: .trainingTime
        case .fp8Speedup, .fp8Memory: ModelError(factor: 1.25)
        }
    }

    private func modelled(_ run: TrainingComputeModel) -> Double? {
        switch quantity {
        case .flop: return run.trainingFLOP
        case .gpuHours: return run.gpuHours
        case .days: return run.days ?? run.gpuHours.map { $0 / 24 }
        case .costUSD: return run.costUSD
        case .energyMWh: return run.energyMWh
        case .fp8Speedup:
            // Same hardware and MFU: the ratio of peaks (2x on H100/H800/B200).
            guard let fp8 = accelerator?.peakFLOPS[.fp8], let bf16 = accelerator?.peak(.bf16) else { return nil }
            return fp8 / bf16
        case .fp8Memory:
            return Accelerator.Precision.fp8.bytes / Accelerator.Precision.bf16.bytes
        }
    }
}
