import Foundation
import TrackCore
import TrackEngine

/// The cost of serving a model, as a roofline with utilizations and partial overlap.
///
/// Decode: each step generates one token for each of `batch` sequences. Its terms are compute
/// (2 N_active FLOP per token at the weights' precision, plus attention over the context at BF16),
/// memory (the weights every token reads, the experts the batch touches, the KV cache), and
/// communication (the all-to-all of expert parallelism: routed experts only, shared experts are
/// local; or the tensor-parallel all-reduce, two per layer, over the scale-up link). The step takes
/// `max + (1 - overlap) x (sum - max)` of the three.
///
/// Prefill: compute per prompt token (weights plus attention over the prompt so far) at its own
/// utilization, against the all-to-all (node-limited routing over the network) or the
/// all-reduce; prompt tokens found in the cache cost no compute but count as input served.
public struct InferenceCostModel: Sendable {
    /// The one set of defaults, fitted once against the calibration table (calibration/deployments.yaml,
    /// run by Tests/TrackEvaluatorsTests/CalibrationTests.swift; docs/models.md, "Inference model calibration"): every published
    /// deployment there is run with these values and no other tuning.
    public struct Utilization: Sendable {
        /// Weight GEMMs in decode, of the weights' precision peak: small batches per expert keep it
        /// low (fitted: 0.4).
        public var decodeCompute = 0.4
        /// Attention kernels, of the BF16 peak (fitted: 0.4; FlashMLA's own best is 660 of 989 TFLOP/s on H800).
        public var attention = 0.4
        /// Prefill, of the weights' precision peak (fitted: 0.6; FasterTransformer's 13B prefill runs at 0.68 of A100 peak).
        public var prefillCompute = 0.6
        /// HBM bandwidth reached by a whole decode step (fitted: 0.75; single kernels reach 0.9).
        public var memory = 0.75
        /// Links, of their one-way bandwidth: DeepEP's low-latency all-to-all reaches 39 of ~50 GB/s over
        /// 400 Gb/s InfiniBand at EP 128-256 (deepseek-ai/DeepEP README, H800): 0.78.
        public var network = 0.78
        /// Share of the smaller terms hidden under the largest (0: they add up, 1: perfect overlap).
        /// Fitted: 0.3; DeepSeek's two-micro-batch overlap hides much of the all-to-all, dense kernels run in sequence.
        public var overlap = 0.3
        /// Fixed cost of one tensor-parallel all-reduce, seconds (fitted: 30 us, from FasterTransformer's
        /// 13.5 ms per token on two A100s against 9 ms of weight reads).
        public var allReduceLatencySeconds = 30e-6
        public init() {}
    }

    /// How the model is spread over the GPUs.
    public enum Parallelism: String, Sendable, CaseIterable {
        /// Routed experts sharded over the GPUs; attention, dense layers and shared experts on every GPU
        /// (data-parallel), as DeepSeek and SGLang serve V3.
        case expert
        /// Every weight sharded evenly, with two all-reduces per layer (the usual way for dense models).
        case tensor
    }

    /// One decode step's terms, in seconds.
    public struct Step: Sendable {
        public var computeSeconds: Double
        public var memorySeconds: Double
        public var communicationSeconds: Double
        public var seconds: Double
        /// Which term is largest: "compute", "memory" or "communication".
        public var bound: String
        public var expectedExpertsPerLayer: Double
    }

    /// Prefill figures per GPU.
    public struct Prefill: Sendable {
        public var computeSecondsPerToken: Double
        public var communicationSecondsPerToken: Double
        /// Prompt tokens computed per second per GPU.
        public var computedTokensPerSecond: Double
        /// Prompt tokens served (computed plus cache hits) per second per GPU.
        public var servedTokensPerSecond: Double
    }

    public var model: ModelArchitecture
    public var accelerator: Accelerator
    public var gpus: Int
    /// Tokens held in the KV cache per sequence during decode.
    public var context: Int
    public var utilization = Utilization()
    public var parallelism: Parallelism
    /// Weight precision as served (default: the catalog's).
    public var weightPrecision: Accelerator.Precision
    /// KV cache precision: BF16 unless the deployment says otherwise.
    public var kvPrecision: Accelerator.Precision = .bf16
    /// DeepSeek dispatches in FP8 (1 byte) and combines in BF16 (2 bytes); the all-reduce moves BF16.
    public var dispatchBytes = 1.0
    public var combineBytes = 2.0
    /// Share of prompt tokens whose KV cache is already stored (prefix cache hits).
    public var cacheHitRate = 0.0
    public var pricePerHourUSD: Double?
    /// Share of HBM usable for weights and KV cache (the rest: activations, runtime).
    public var usableMemoryFraction = 0.9

    public init(
        model: ModelArchitecture, accelerator: Accelerator, gpus: Int, context: Int, parallelism: Parallelism? = nil,
        pricePerHourUSD: Double? = nil
    ) {
        self.model = model
        self.accelerator = accelerator
        self.gpus = max(1, gpus)
        self.context = context
        // A dense model has no experts to spread: its GPUs always share the weights tensor-parallel.
        self.parallelism = model.isMixtureOfExperts ? parallelism ?? .expert : .tensor
        self.weightPrecision = model.weightPrecision
        self.pricePerHourUSD = pricePerHourUSD ?? accelerator.pricePerHourUSD
    }

    var weightBytes: Double { weightPrecision.bytes }
    var isExpertParallel: Bool { parallelism == .expert && model.isMixtureOfExperts && gpus > 1 }
    var isTensorParallel: Bool { !isExpertParallel && gpus > 1 }

    /// Peak FLOP/s for the weight GEMMs: FP8 weights run FP8 where the chip can, wider ones at BF16/FP16.
    var weightPeakFLOPS: Double {
        let precision: Accelerator.Precision = weightPrecision.bytes <= 1 ? .fp8 : weightPrecision
        return accelerator.peak(precision) ?? accelerator.peakFLOPS.values.max() ?? 1
    }

    /// Peak FLOP/s for attention, which runs at BF16.
    var attentionPeakFLOPS: Double { accelerator.peak(.bf16) ?? weightPeakFLOPS }

    /// The link the all-to-all or all-reduce crosses: NVLink within a domain, the network beyond it.
    var linkBytesPerSecond: Double {
        gpus > accelerator.gpusPerNode ? accelerator.scaleOutBytesPerSecond : accelerator.scaleUpBytesPerSecond
    }

    /// E (1 - (1 - k/E)^B): the distinct experts `batch` tokens touch in one MoE layer.
    public static func expectedExperts(experts: Int, perToken: Int, batch: Double) -> Double {
        guard experts > 0 else { return 0 }
        return Double(experts) * (1 - pow(1 - Double(perToken) / Double(experts), batch))
    }

    public var kvCacheBytesPerToken: Double { model.kvCacheBytesPerToken(bytesPerValue: kvPrecision.bytes) }

    /// Weight bytes each GPU holds.
    public var weightBytesPerGPU: Double {
        let total = model.totalParameters * weightBytes
        guard isExpertParallel else { return total / Double(gpus) }
        let experts = Double(model.moeLayers * model.routedExperts) * model.parametersPerExpert * weightBytes
        return model.alwaysActiveParameters * weightBytes + experts / Double(gpus)
    }

    /// Whether weights and the KV cache of `batch` sequences at `context` fit in the GPUs' memory.
    public func fits(batch: Int, context: Int? = nil) -> Bool {
        let kv = Double(batch) / Double(gpus) * Double(context ?? self.context) * kvCacheBytesPerToken
        return weightBytesPerGPU + kv <= accelerator.memoryBytes * usableMemoryFraction
    }

    /// The largest batch that fits in memory at `context` (0 when the weights alone do not).
    public func largestBatchInMemory(context: Int? = nil) -> Int {
        let free = accelerator.memoryBytes * usableMemoryFraction - weightBytesPerGPU
        guard free > 0 else { return 0 }
        let batch = (free / (Double(context ?? self.context) * kvCacheBytesPerToken) * Double(gpus)).rounded(.down)
        // Memory is no limit past a billion sequences (`memory-gb: 1e20`): keep the count an Int.
        return batch.isFinite ? Int(min(batch, 1e9)) : 1_000_000_000
    }

    /// The largest batch that fits at the deployment's context.
    public var largestBatchInMemory: Int { largestBatchInMemory() }

    /// `max + (1 - overlap) x (sum - max)`.
    func combine(_ terms: [Double]) -> Double {
        let largest = terms.max() ?? 0
        return largest + (1 - utilization.overlap) * (terms.reduce(0, +) - largest)
    }

    /// Seconds of one ring all-reduce of `bytes` over the group's link (NVLink within a domain), latency included.
    func allReduceSeconds(bytes: Double) -> Double {
        let n = Double(gpus)
        return 2 * (n - 1) / n * bytes / (linkBytesPerSecond * utilization.network) + utilization.allReduceLatencySeconds
    }

    /// One decode step for `batch` concurrent sequences holding `context` tokens each (default: the deployment's).
    public func decodeStep(batch: Int, context: Int? = nil) -> Step {
        let b = Double(max(1, batch))
        let n = Double(gpus)
        let context = Double(context ?? self.context)
        let perGPU = b / n
        let weightSeconds = 2 * model.activeParameters * perGPU / (weightPeakFLOPS * utilization.decodeCompute)
        let attentionSeconds = model.decodeAttentionFLOPsPerContextToken * context * perGPU / (attentionPeakFLOPS * utilization.attention)
        let compute = weightSeconds + attentionSeconds

        let expected = Self.expectedExperts(experts: model.routedExperts, perToken: model.expertsPerToken, batch: b)
        let expertBytes = Double(model.moeLayers) * expected * model.parametersPerExpert * weightBytes
        let alwaysBytes = model.alwaysActiveParameters * weightBytes
        let weightBytesRead = isExpertParallel ? alwaysBytes + expertBytes / n : (alwaysBytes + expertBytes) / n
        let kvBytes = perGPU * context * kvCacheBytesPerToken
        let memory = (weightBytesRead + kvBytes) / (accelerator.memoryBandwidthBytesPerSecond * utilization.memory)

        var communication = 0.0
        if isExpertParallel {
            // Per MoE layer each GPU sends its tokens to their k routed experts and gets them back.
            let bytes = perGPU * Double(model.expertsPerToken * model.modelDimension) * (dispatchBytes + combineBytes)
            communication = Double(model.moeLayers) * bytes / (linkBytesPerSecond * utilization.network)
        } else if isTensorParallel {
            communication = 2 * Double(model.layers) * allReduceSeconds(bytes: b * Double(model.modelDimension) * 2)
        }
        let terms = [("compute", compute), ("memory", memory), ("communication", communication)]
        return Step(
            computeSeconds: compute, memorySeconds: memory, communicationSeconds: communication,
            seconds: combine(terms.map(\.1)), bound: terms.max { $0.1 < $1.1 }!.0, expectedExpertsPerLayer: expected)
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

    /// Prefill of prompts of `inputTokens`, `cacheHitRate` of them already cached.
    public func prefill(inputTokens: Int) -> Prefill {
        let prompt = Double(inputTokens)
        let hit = min(max(cacheHitRate, 0), 0.999)
        // The computed tokens are the prompt's tail: each attends to the cached prefix and half the rest.
        let averageContext = hit * prompt + (1 - hit) * prompt / 2
        let compute =
            2 * model.activeParameters / (weightPeakFLOPS * utilization.prefillCompute)
            + model.prefillAttentionFLOPsPerContextToken * averageContext / (attentionPeakFLOPS * utilization.prefillCompute)
        var communication = 0.0
        var secondsPerToken: Double
        if isExpertParallel {
            let domains = Double((gpus + accelerator.gpusPerNode - 1) / accelerator.gpusPerNode)
            let copies: Double
            if domains > 1 {
                // Bulk all-to-all (DeepEP normal kernels) sends a token once to each other node holding its
                // experts, at most `routedNodeLimit` of them, and forwards it over NVLink inside the node.
                copies = min(Double(model.routedNodeLimit ?? model.expertsPerToken), domains) * (1 - 1 / domains)
            } else {
                copies = Double(model.expertsPerToken) * (1 - 1 / Double(gpus))
            }
            communication =
                Double(model.moeLayers) * copies * Double(model.modelDimension) * (dispatchBytes + combineBytes)
                / (linkBytesPerSecond * utilization.network)
            secondsPerToken = combine([compute, communication])
        } else if isTensorParallel {
            // One prompt at a time over the group: compute split, two all-reduces per layer of its activations.
            let tokens = (1 - hit) * prompt
            communication = 2 * Double(model.layers) * allReduceSeconds(bytes: tokens * Double(model.modelDimension) * 2) / tokens
            secondsPerToken = combine([compute / Double(gpus), communication]) * Double(gpus)
        } else {
            secondsPerToken = compute
        }
        let computed = 1 / secondsPerToken
        return Prefill(
            computeSecondsPerToken: compute, communicationSecondsPerToken: communication, computedTokensPerSecond: computed,
            servedTokensPerSecond: computed / (1 - hit))
    }

    /// Prompt tokens served per second per GPU for prompts of `inputTokens`.
    public func prefillTokensPerSecondPerGPU(inputTokens: Int) -> Double {
        prefill(inputTokens: inputTokens).servedTokensPerSecond
    }

    /// Seconds to prefill one prompt of `inputTokens` on the deployment.
    public func prefillSeconds(inputTokens: Int) -> Double {
        Double(inputTokens) / (prefillTokensPerSecondPerGPU(inputTokens: inputTokens) * Double(gpus))
    }

    /// Output tokens per second per GPU when the same GPUs prefill and decode `batch` requests of
    /// `inputTokens` in and `outputTokens` out (in-flight batching: the two phases share the GPUs'
    /// time; decode at the mean context `inputTokens + outputTokens / 2`).
    public func servingOutputTokensPerSecondPerGPU(batch: Int, inputTokens: Int, outputTokens: Int) -> Double {
        let b = Double(max(1, batch))
        let prefillSeconds = b * Double(inputTokens) / (prefillTokensPerSecondPerGPU(inputTokens: inputTokens) * Double(gpus))
        let decodeSeconds = Double(outputTokens) * decodeStep(batch: max(1, batch), context: inputTokens + outputTokens / 2).seconds
        return b * Double(outputTokens) / (prefillSeconds + decodeSeconds) / Double(gpus)
    }

    /// $ per million output tokens at `batch`; nil without a price or when the batch does not fit.
    public func costPerMillionOutputTokensUSD(batch: Int) -> Double? {
        guard fits(batch: batch) else { return nil }
        return pricePerHourUSD.map { $0 / (decodeTokensPerSecondPerGPU(batch: batch) * 3600) * 1e6 }
    }

    /// $ per million input (prompt) tokens served; nil without a price or when the weights do not fit.
    public func costPerMillionInputTokensUSD(inputTokens: Int) -> Double? {
        guard largestBatchInMemory(context: inputTokens) > 0 else { return nil }
        return pricePerHourUSD.map { $0 / (prefillTokensPerSecondPerGPU(inputTokens: inputTokens) * 3600) * 1e6 }
    }
}
