import Foundation
import TrackCore
import TrackEngine

/// `track model training`: the training model's numbers for one run, as JSON or text.
public struct TrainingReport: Encodable, Sendable {
    public var activeParameters: Double
    public var tokens: Double
    @EncodedAsNull public var hardware: String?
    public var precision: String
    /// dense or moe.
    public var kind: String
    /// Whole-run MFU: the steady-state MFU times the availability (unless given).
    public var mfu: Double
    public var availability: Double
    public var pue: Double
    public var trainingFLOP: Double
    /// The attention term's share of the FLOP (0 without a context length).
    public var attentionFLOP: Double
    @EncodedAsNull public var gpuHours: Double?
    @EncodedAsNull public var gpus: Int?
    @EncodedAsNull public var days: Double?
    @EncodedAsNull public var costUSD: Double?
    @EncodedAsNull public var energyMWh: Double?
    public var scalingLaw: String
    public var chinchillaLoss: Double
    public var computeOptimalParameters: Double
    public var computeOptimalTokens: Double
    public var tokensPerParameter: Double

    public init(run: TrainingComputeModel, law: ScalingLaw) {
        activeParameters = run.activeParameters
        tokens = run.tokens
        hardware = run.accelerator?.id
        precision = run.precision.rawValue
        kind = run.mixtureOfExperts ? "moe" : "dense"
        mfu = run.mfu
        availability = run.availability
        pue = run.pue
        trainingFLOP = run.trainingFLOP
        attentionFLOP = run.trainingFLOP - 6 * run.activeParameters * run.tokens
        gpuHours = run.gpuHours
        gpus = run.gpus
        days = run.days
        costUSD = run.costUSD
        energyMWh = run.energyMWh
        scalingLaw = law.name
        chinchillaLoss = law.loss(parameters: run.activeParameters, tokens: run.tokens)
        let optimal = law.computeOptimal(flop: run.trainingFLOP)
        computeOptimalParameters = optimal.parameters
        computeOptimalTokens = optimal.tokens
        tokensPerParameter = run.tokens / run.activeParameters
    }

    public func text() -> String {
        func value(_ number: Double?, _ digits: Int = 3) -> String { number.map { $0.formatted(digits: digits) } ?? "- (needs --hardware)" }
        var lines = [
            "training FLOP      \(trainingFLOP.formatted)  (6 x \(activeParameters.formatted) active parameters x \(tokens.formatted) tokens"
                + (attentionFLOP > 0 ? " + \(attentionFLOP.formatted) for attention)" : ")"),
            "hardware           \(hardware ?? "none"), \(precision), \(kind), MFU \(mfu.formatted(digits: 3)) over the run "
                + "(\((mfu / availability).formatted(digits: 3)) steady x \(availability.formatted) availability), PUE \(pue.formatted)",
            "GPU-hours          \(value(gpuHours, 0))",
        ]
        if let gpus { lines.append("days on \(gpus) GPUs  \(value(days, 1))") }
        lines += [
            "cost               \(costUSD.map { "$" + $0.formatted(digits: 0) } ?? "- (needs a price: --price or the catalog's)")",
            "energy             \(value(energyMWh, 0)) MWh",
            "loss (\(scalingLaw))      \(chinchillaLoss.formatted(digits: 4))  (Chinchilla L(N, D) with N the active parameters)",
            "compute-optimal    \(computeOptimalParameters.formatted) parameters on \(computeOptimalTokens.formatted) tokens for the same FLOP",
            "tokens/parameter   \(tokensPerParameter.formatted(digits: 1))",
        ]
        return lines.joined(separator: "\n")
    }
}

/// `track model inference`: the inference model's breakdown for one deployment. A deployment whose weights
/// and KV cache do not fit says why (`doesNotFit`) and gets no speed and no price.
public struct InferenceReport: Encodable, Sendable {
    public var model: String
    public var hardware: String
    public var gpus: Int
    public var parallelism: String
    public var weightPrecision: String
    /// The precision the weight GEMMs run at (FP4 weights on a chip without FP4 units run FP8).
    public var computePrecision: String
    public var kvPrecision: String
    public var batch: Int
    public var context: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheHitRate: Double
    public var overlap: Double
    public var usableMemoryFraction: Double
    /// The busiest GPU's routed tokens over the mean (1 without expert parallelism).
    public var expertImbalance: Double
    public var kvCacheBytesPerToken: Double
    public var weightBytesPerGPU: Double
    public var fits: Bool
    /// Why the deployment does not fit, when it does not.
    @EncodedAsNull public var doesNotFit: String? = nil
    public var largestBatchInMemory: Int
    @EncodedAsNull public var computeSeconds: Double? = nil
    @EncodedAsNull public var memorySeconds: Double? = nil
    @EncodedAsNull public var communicationSeconds: Double? = nil
    @EncodedAsNull public var stepSeconds: Double? = nil
    @EncodedAsNull public var bound: String? = nil
    @EncodedAsNull public var expectedExpertsPerLayer: Double? = nil
    @EncodedAsNull public var decodeTokensPerSecondPerGPU: Double? = nil
    @EncodedAsNull public var tokensPerSecondPerUser: Double? = nil
    /// Prompt tokens computed per second per GPU (cache hits excluded).
    @EncodedAsNull public var prefillComputedTokensPerSecondPerGPU: Double? = nil
    /// Prompt tokens served per second per GPU (cache hits included).
    @EncodedAsNull public var prefillTokensPerSecondPerGPU: Double? = nil
    /// Output tokens per second per GPU when the same GPUs prefill and decode the requests.
    @EncodedAsNull public var servingOutputTokensPerSecondPerGPU: Double? = nil
    @EncodedAsNull public var costPerMillionOutputTokensUSD: Double? = nil
    @EncodedAsNull public var costPerMillionInputTokensUSD: Double? = nil
    @EncodedAsNull public var costPerRequestUSD: Double? = nil

    public init(deployment: InferenceCostModel, batch: Int, inputTokens: Int, outputTokens: Int) {
        model = deployment.model.id
        hardware = deployment.accelerator.id
        gpus = deployment.gpus
        parallelism = deployment.parallelism.rawValue
        weightPrecision = deployment.weightPrecision.rawValue
        computePrecision = deployment.computePrecision.rawValue
        kvPrecision = deployment.kvPrecision.rawValue
        self.batch = batch
        context = deployment.context
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        cacheHitRate = deployment.cacheHitRate
        overlap = deployment.utilization.overlap
        usableMemoryFraction = deployment.usableMemoryFraction
        expertImbalance = deployment.expertImbalance
        kvCacheBytesPerToken = deployment.kvCacheBytesPerToken
        weightBytesPerGPU = deployment.weightBytesPerGPU
        let problem = deployment.fitProblem(batch: batch)
        fits = problem == nil
        largestBatchInMemory = deployment.largestBatchInMemory
        doesNotFit = problem
        guard problem == nil else { return }
        let step = deployment.decodeStep(batch: batch)
        let prefill = deployment.prefill(inputTokens: inputTokens)
        computeSeconds = step.computeSeconds
        memorySeconds = step.memorySeconds
        communicationSeconds = step.communicationSeconds
        stepSeconds = step.seconds
        bound = step.bound
        expectedExpertsPerLayer = step.expectedExpertsPerLayer
        decodeTokensPerSecondPerGPU = deployment.decodeTokensPerSecondPerGPU(batch: batch)
        tokensPerSecondPerUser = deployment.tokensPerSecondPerUser(batch: batch)
        prefillComputedTokensPerSecondPerGPU = prefill.computedTokensPerSecond
        prefillTokensPerSecondPerGPU = prefill.servedTokensPerSecond
        servingOutputTokensPerSecondPerGPU = deployment.servingOutputTokensPerSecondPerGPU(
            batch: batch, inputTokens: inputTokens, outputTokens: outputTokens)
        costPerMillionOutputTokensUSD = deployment.costPerMillionOutputTokensUSD(batch: batch)
        costPerMillionInputTokensUSD = deployment.costPerMillionInputTokensUSD(inputTokens: inputTokens)
        if let output = costPerMillionOutputTokensUSD, let input = costPerMillionInputTokensUSD {
            costPerRequestUSD = (output * Double(outputTokens) + input * Double(inputTokens)) / 1e6
        }
    }

    public func text() -> String {
        func ms(_ seconds: Double?) -> String { "\(((seconds ?? 0) * 1000).formatted(digits: 3)) ms" }
        func dollars(_ value: Double?) -> String { value.map { "$" + $0.formatted(digits: 4) } ?? "-" }
        func number(_ value: Double?, _ digits: Int) -> String { value.map { $0.formatted(digits: digits) } ?? "-" }
        var lines = [
            "deployment         \(model) on \(gpus) x \(hardware) (\(parallelism) parallel, \(weightPrecision) weights computed at "
                + "\(computePrecision), \(kvPrecision) KV cache), batch \(batch), context \(context)",
            "memory             \((weightBytesPerGPU / 1e9).formatted(digits: 1)) GB of weights per GPU; KV \(kvCacheBytesPerToken.formatted) bytes/token; "
                + (fits ? "fits" : "does NOT fit")
                + " (largest batch \(largestBatchInMemory), \(usableMemoryFraction.formatted) of memory usable)",
        ]
        if let doesNotFit {
            lines.append("no speed or price: \(doesNotFit)")
            return lines.joined(separator: "\n")
        }
        let cost =
            costPerMillionOutputTokensUSD == nil
            ? "- (needs a price: --price or the catalog's)"
            : "\(dollars(costPerMillionOutputTokensUSD)) per M output tokens, \(dollars(costPerMillionInputTokensUSD)) per M input tokens, "
                + "\(dollars(costPerRequestUSD)) per request of \(inputTokens) in + \(outputTokens) out"
        lines += [
            "decode step        \(ms(stepSeconds)), \(bound ?? "-")-bound: compute \(ms(computeSeconds)), memory \(ms(memorySeconds)), "
                + "communication \(ms(communicationSeconds)); overlap \(overlap.formatted)",
            "experts per layer  \(number(expectedExpertsPerLayer, 1)) touched by the batch; busiest GPU \(expertImbalance.formatted(digits: 2))x the mean load",
            "decode             \(number(decodeTokensPerSecondPerGPU, 1)) tokens/s per GPU, \(number(tokensPerSecondPerUser, 1)) tokens/s per user",
            "prefill            \(number(prefillComputedTokensPerSecondPerGPU, 0)) tokens/s per GPU computed, "
                + "\(number(prefillTokensPerSecondPerGPU, 0)) served (\(inputTokens)-token prompts, cache hit rate \(cacheHitRate.formatted))",
            "serving            \(number(servingOutputTokensPerSecondPerGPU, 1)) output tokens/s per GPU prefilling and decoding "
                + "\(inputTokens) in + \(outputTokens) out on the same GPUs",
            "cost               \(cost)",
        ]
        return lines.joined(separator: "\n")
    }
}
