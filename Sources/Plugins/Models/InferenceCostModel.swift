import Foundation
import Tracker

/// The cost of serving a model: a roofline per decode step. Each step generates one token for
/// each of `batch` sequences and takes the longest of (or, without overlap, the sum of):
/// compute (2 N_active FLOP per token plus attention over the context), memory (the weights
/// every token reads, the experts the batch touches, the KV cache), and the all-to-all of
/// expert parallelism (dispatch and combine per MoE layer over NVLink or InfiniBand).
public struct InferenceCostModel: Sendable {
    /// Utilization defaults: llm-analysis's flops efficiency 0.7 and memory efficiency 0.9, which
    /// reproduce FasterTransformer's 13B A100 timings (NUMBERS.md); the network at full speed, as in
    /// DeepSeek's own all-to-all estimate ("Insights into DeepSeek-V3", ISCA 2025).
    public struct Utilization: Sendable {
        public var compute = 0.7
        public var memory = 0.9
        public var network = 1.0
        public init() {}
    }

    /// How the model is spread over the GPUs.
    public enum Parallelism: String, Sendable, CaseIterable {
        /// Experts sharded over the GPUs, attention and dense weights on every GPU (DeepSeek's serving).
        case expert
        /// Every weight sharded evenly (tensor parallelism), the usual way for dense models.
        case tensor
    }

    public struct Step: Sendable {
        public var computeSeconds: Double
        public var memorySeconds: Double
        public var allToAllSeconds: Double
        public var seconds: Double
        /// Which term sets the step time: "compute", "memory" or "all-to-all".
        public var bound: String
        public var expectedExpertsPerLayer: Double
    }

    public var model: ModelArchitecture
    public var accelerator: Accelerator
    public var gpus: Int
    /// Tokens held in the KV cache per sequence.
    public var context: Int
    public var utilization = Utilization()
    /// Whether compute, memory traffic and communication overlap (the step is the slowest) or not (their sum).
    public var overlap = true
    public var parallelism: Parallelism
    /// KV cache precision: 2 bytes (BF16).
    public var kvBytesPerValue = 2.0
    /// DeepSeek dispatches in FP8 (1 byte) and combines in BF16 (2 bytes).
    public var dispatchBytes = 1.0
    public var combineBytes = 2.0
    public var pricePerHourUSD: Double?
    /// Share of HBM usable for weights and KV cache (the rest: activations, runtime).
    public var usableMemoryFraction = 0.9

    public init(model: ModelArchitecture, accelerator: Accelerator, gpus: Int, context: Int, parallelism: Parallelism? = nil, pricePerHourUSD: Double? = nil) {
        self.model = model
        self.accelerator = accelerator
        self.gpus = max(1, gpus)
        self.context = context
        self.parallelism = parallelism ?? (model.isMixtureOfExperts ? .expert : .tensor)
        self.pricePerHourUSD = pricePerHourUSD ?? accelerator.pricePerHourUSD
    }

    /// Peak FLOP/s for the weights' precision (FP8 weights run FP8 where the chip can).
    var peakFLOPS: Double {
        let precision: Accelerator.Precision = model.weightBytes <= 1 ? .fp8 : .bf16
        return accelerator.peak(precision) ?? accelerator.peakFLOPS.values.max() ?? 1
    }

    /// E (1 - (1 - k/E)^B): the distinct experts `batch` tokens touch in one MoE layer.
    public static func expectedExperts(experts: Int, perToken: Int, batch: Double) -> Double {
        guard experts > 0 else { return 0 }
        return Double(experts) * (1 - pow(1 - Double(perToken) / Double(experts), batch))
    }

    public var kvCacheBytesPerToken: Double { model.kvCacheBytesPerToken(bytesPerValue: kvBytesPerValue) }

    /// Weight bytes each GPU holds.
    public var weightBytesPerGPU: Double {
        let total = model.totalParameters * model.weightBytes
        guard parallelism == .expert, model.isMixtureOfExperts, gpus > 1 else { return total / Double(gpus) }
        let experts = Double(model.moeLayers * model.routedExperts) * model.parametersPerExpert * model.weightBytes
        return model.alwaysActiveParameters * model.weightBytes + experts / Double(gpus)
    }

    /// Whether weights and the KV cache of `batch` sequences fit in the GPUs' memory.
    public func fits(batch: Int) -> Bool {
        let kv = Double(batch) / Double(gpus) * Double(context) * kvCacheBytesPerToken
        return weightBytesPerGPU + kv <= accelerator.memoryBytes * usableMemoryFraction
    }

    /// The largest batch that fits in memory (0 when the weights alone do not).
    public var largestBatchInMemory: Int {
        let free = accelerator.memoryBytes * usableMemoryFraction - weightBytesPerGPU
        guard free > 0 else { return 0 }
        return Int(free / (Double(context) * kvCacheBytesPerToken) * Double(gpus))
    }

    /// One decode step for `batch` concurrent sequences.
    public func decodeStep(batch: Int) -> Step {
        let b = Double(max(1, batch)), n = Double(gpus)
        let flopPerToken = 2 * model.activeParameters + model.attentionFLOPsPerContextToken * Double(context)
        let compute = flopPerToken * b / n / (peakFLOPS * utilization.compute)

        let expected = Self.expectedExperts(experts: model.routedExperts, perToken: model.expertsPerToken, batch: b)
        let expertBytes = Double(model.moeLayers) * expected * model.parametersPerExpert * model.weightBytes
        let alwaysBytes = model.alwaysActiveParameters * model.weightBytes
        let weightBytesPerGPU: Double = parallelism == .expert && model.isMixtureOfExperts && gpus > 1
            ? alwaysBytes + expertBytes / n
            : (alwaysBytes + expertBytes) / n
        let kvBytesPerGPU = b / n * Double(context) * kvCacheBytesPerToken
        let memory = (weightBytesPerGPU + kvBytesPerGPU) / (accelerator.memoryBandwidthBytesPerSecond * utilization.memory)

        var allToAll = 0.0
        if model.isMixtureOfExperts, gpus > 1, parallelism == .expert {
            // Per MoE layer, each GPU's tokens go to k routed experts and the shared ones, and come back.
            let link = gpus > accelerator.gpusPerNode ? accelerator.scaleOutBytesPerSecond : accelerator.scaleUpBytesPerSecond
            let bytes = b / n * Double(model.expertsPerToken + model.sharedExperts) * Double(model.modelDimension) * (dispatchBytes + combineBytes)
            allToAll = Double(model.moeLayers) * bytes / (link * utilization.network)
        }
        let terms = [("compute", compute), ("memory", memory), ("all-to-all", allToAll)]
        let slowest = terms.max { $0.1 < $1.1 }!
        return Step(
            computeSeconds: compute, memorySeconds: memory, allToAllSeconds: allToAll,
            seconds: overlap ? slowest.1 : compute + memory + allToAll, bound: slowest.0, expectedExpertsPerLayer: expected)
    }

    /// Output tokens per second per GPU at `batch`.
    public func decodeTokensPerSecondPerGPU(batch: Int) -> Double {
        Double(batch) / decodeStep(batch: batch).seconds / Double(gpus)
    }

    /// Tokens per second one user sees at `batch`.
    public func tokensPerSecondPerUser(batch: Int) -> Double { 1 / decodeStep(batch: batch).seconds }

    /// The largest batch at which each user still gets `speed` tokens per second and the cache fits; 0 if none.
    public func largestBatch(userTokensPerSecond speed: Double) -> Int {
        var best = 0
        var batch = 1
        let limit = max(1, largestBatchInMemory)
        // Speed per user falls as the batch grows: double, then bisect.
        while batch <= limit, tokensPerSecondPerUser(batch: batch) >= speed {
            best = batch
            batch *= 2
        }
        var (low, high) = (best, min(batch, limit + 1))
        while high - low > 1 {
            let middle = (low + high) / 2
            if tokensPerSecondPerUser(batch: middle) >= speed { low = middle } else { high = middle }
        }
        return low
    }

    /// Prompt tokens per second per GPU for prompts of `inputTokens` (compute-bound).
    public func prefillTokensPerSecondPerGPU(inputTokens: Int) -> Double {
        let flopPerToken = 2 * model.activeParameters + model.attentionFLOPsPerContextToken * Double(inputTokens) / 2
        return peakFLOPS * utilization.compute / flopPerToken
    }

    /// Seconds to prefill one prompt of `inputTokens` on the deployment.
    public func prefillSeconds(inputTokens: Int) -> Double {
        Double(inputTokens) / (prefillTokensPerSecondPerGPU(inputTokens: inputTokens) * Double(gpus))
    }

    /// $ per million output tokens at `batch`.
    public func costPerMillionOutputTokensUSD(batch: Int) -> Double? {
        pricePerHourUSD.map { $0 / (decodeTokensPerSecondPerGPU(batch: batch) * 3600) * 1e6 }
    }

    /// $ per million input (prompt) tokens.
    public func costPerMillionInputTokensUSD(inputTokens: Int) -> Double? {
        pricePerHourUSD.map { $0 / (prefillTokensPerSecondPerGPU(inputTokens: inputTokens) * 3600) * 1e6 }
    }
}
