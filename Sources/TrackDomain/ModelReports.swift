import Foundation
import TrackCore
import TrackEngine

/// `track model training`: the training model's numbers for one run, as JSON or text.
public struct TrainingReport: Encodable, Sendable {
    public var activeParameters: Double
    public var tokens: Double
    @EncodedAsNull public var hardware: String?
    public var precision: String
    public var mfu: Double
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
        mfu = run.mfu
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
            "hardware           \(hardware ?? "none"), \(precision), MFU \(mfu.formatted), PUE \(pue.formatted)",
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

/// `track model inference`: the inference model's breakdown for one deployment. A deployment
/// whose weights and KV cache do not fit says so (`fits: false`) and gets no price.
public struct InferenceReport: Encodable, Sendable {
    public var model: String
    public var hardware: String
    public var gpus: Int
    public var parallelism: String
    public var weightPrecision: String
    public var kvPrecision: String
    public var batch: Int
    public var context: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheHitRate: Double
    public var overlap: Double
    public var computeSeconds: Double
    public var memorySeconds: Double
    public var communicationSeconds: Double
    public var stepSeconds: Double
    public var bound: String
    public var decodeTokensPerSecondPerGPU: Double
    public var tokensPerSecondPerUser: Double
    /// Prompt tokens computed per second per GPU (cache hits excluded).
    public var prefillComputedTokensPerSecondPerGPU: Double
    /// Prompt tokens served per second per GPU (cache hits included).
    public var prefillTokensPerSecondPerGPU: Double
    public var kvCacheBytesPerToken: Double
    public var expectedExpertsPerLayer: Double
    public var weightBytesPerGPU: Double
    public var fits: Bool
    public var largestBatchInMemory: Int
    @EncodedAsNull public var costPerMillionOutputTokensUSD: Double?
    @EncodedAsNull public var costPerMillionInputTokensUSD: Double?
    @EncodedAsNull public var costPerRequestUSD: Double?

    public init(deployment: InferenceCostModel, batch: Int, inputTokens: Int, outputTokens: Int) {
        let step = deployment.decodeStep(batch: batch)
        let prefill = deployment.prefill(inputTokens: inputTokens)
        model = deployment.model.id
        hardware = deployment.accelerator.id
        gpus = deployment.gpus
        parallelism = deployment.parallelism.rawValue
        weightPrecision = deployment.weightPrecision.rawValue
        kvPrecision = deployment.kvPrecision.rawValue
        self.batch = batch
        context = deployment.context
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        cacheHitRate = deployment.cacheHitRate
        overlap = deployment.utilization.overlap
        computeSeconds = step.computeSeconds
        memorySeconds = step.memorySeconds
        communicationSeconds = step.communicationSeconds
        stepSeconds = step.seconds
        bound = step.bound
        decodeTokensPerSecondPerGPU = deployment.decodeTokensPerSecondPerGPU(batch: batch)
        tokensPerSecondPerUser = deployment.tokensPerSecondPerUser(batch: batch)
        prefillComputedTokensPerSecondPerGPU = prefill.computedTokensPerSecond
        prefillTokensPerSecondPerGPU = prefill.servedTokensPerSecond
        kvCacheBytesPerToken = deployment.kvCacheBytesPerToken
        expectedExpertsPerLayer = step.expectedExpertsPerLayer
        weightBytesPerGPU = deployment.weightBytesPerGPU
        fits = deployment.fits(batch: batch)
        largestBatchInMemory = deployment.largestBatchInMemory
        costPerMillionOutputTokensUSD = deployment.costPerMillionOutputTokensUSD(batch: batch)
        costPerMillionInputTokensUSD = fits ? deployment.costPerMillionInputTokensUSD(inputTokens: inputTokens) : nil
        if let output = costPerMillionOutputTokensUSD, let input = costPerMillionInputTokensUSD {
            costPerRequestUSD = (output * Double(outputTokens) + input * Double(inputTokens)) / 1e6
        }
    }

    public func text() -> String {
        func ms(_ seconds: Double) -> String { "\((seconds * 1000).formatted(digits: 3)) ms" }
        func dollars(_ value: Double?) -> String { value.map { "$" + $0.formatted(digits: 4) } ?? "-" }
        let cost =
            !fits
            ? "none: the deployment does not fit in memory (add GPUs, a smaller batch or context, or narrower precisions)"
            : costPerMillionOutputTokensUSD == nil
                ? "- (needs a price: --price or the catalog's)"
                : "\(dollars(costPerMillionOutputTokensUSD)) per M output tokens, \(dollars(costPerMillionInputTokensUSD)) per M input tokens, "
                    + "\(dollars(costPerRequestUSD)) per request of \(inputTokens) in + \(outputTokens) out"
        return [
            "deployment         \(model) on \(gpus) x \(hardware) (\(parallelism) parallel, \(weightPrecision) weights, \(kvPrecision) KV cache), "
                + "batch \(batch), context \(context)",
            "decode step        \(ms(stepSeconds)), \(bound)-bound: compute \(ms(computeSeconds)), memory \(ms(memorySeconds)), "
                + "communication \(ms(communicationSeconds)); overlap \(overlap.formatted)",
            "experts per layer  \(expectedExpertsPerLayer.formatted(digits: 1)) touched by the batch",
            "decode             \(decodeTokensPerSecondPerGPU.formatted(digits: 1)) tokens/s per GPU, \(tokensPerSecondPerUser.formatted(digits: 1)) tokens/s per user",
            "prefill            \(prefillComputedTokensPerSecondPerGPU.formatted(digits: 0)) tokens/s per GPU computed, "
                + "\(prefillTokensPerSecondPerGPU.formatted(digits: 0)) served (\(inputTokens)-token prompts, cache hit rate \(cacheHitRate.formatted))",
            "memory             \((weightBytesPerGPU / 1e9).formatted(digits: 1)) GB of weights per GPU; KV \(kvCacheBytesPerToken.formatted) bytes/token; "
                + (fits ? "fits" : "does NOT fit") + " (largest batch \(largestBatchInMemory))",
            "cost               \(cost)",
        ].joined(separator: "\n")
    }
}
