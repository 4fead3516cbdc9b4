import Foundation
import TrackCore
import TrackEngine

/// The cost of serving a model, as a roofline with utilizations and partial overlap.
///
/// Decode: each step generates one token for each of `batch` sequences. Its terms are compute
/// (2 N_active FLOP per token at the weights' compute precision, the routed experts' share on the busiest
/// GPU of an expert-parallel group (`ExpertLoadImbalance`), plus attention over the context at BF16),
/// memory (the weights every token reads, the experts the batch touches, the KV cache), and
/// communication (the all-to-all of expert parallelism: routed experts only, shared experts are
/// local; or the tensor-parallel all-reduce, two per layer, over the scale-up link). The step takes
/// `max + (1 - overlap) x (sum - max)` of the three.
///
/// Prefill: compute per prompt token (weights plus attention over the prompt so far) at its own
/// utilization, against the all-to-all (node-limited routing over the network) or the
/// all-reduce; prompt tokens found in the cache cost no compute but count as input served.
public struct InferenceCostModel: Sendable {
    /// The one set of defaults, fitted once to the calibration table (calibration/deployments.yaml) by
    /// `InferenceCalibration.fit` with every publication weighted equally, and cross-validated by leaving each
    /// publication out (`swift run -c release --package-path Tools TrackCostModelBenchmark`; docs/models.md,
    /// "Inference model calibration"). No deployment gets values of its own.
    public struct Utilization: Sendable, Equatable {
        /// Dense weight GEMMs in decode (attention projections, dense FFNs, shared experts), of the peak at the
        /// weights' compute precision (`Accelerator.realisedPeak`). Fitted.
        public var decodeCompute = 0.42
        /// Routed-expert GEMMs in decode: grouped GEMMs over few tokens per expert run below dense ones. Fitted.
        public var expertCompute = 0.39
        /// Attention kernels, of the BF16 peak. Fitted, bounded by FlashMLA's best, 660 of 989 TFLOP/s on H800 (0.67).
        public var attention = 0.42
        /// Prefill, of the weights' compute-precision peak (FasterTransformer's 13B prefill runs at 0.68 of
        /// A100 peak). Fitted.
        public var prefillCompute = 0.61
        /// HBM bandwidth reached by a whole decode step (single kernels reach 0.9). Fitted.
        public var memory = 0.70
        /// HBM bandwidth reached reading routed experts' weights in decode: grouped GEMMs over a few tokens per
        /// expert, with the routing and permutation kernels around them, stream weights more slowly than dense
        /// GEMMs (DeepGEMM's dense FP8 GEMMs at 64 rows reach 1.7-2.5 of H800's 3.35 TB/s). Fitted.
        public var expertMemory = 0.33
        /// Links, of their one-way bandwidth: DeepEP's low-latency all-to-all reaches 39 of ~50 GB/s over
        /// 400 Gb/s InfiniBand at EP 128-256 (deepseek-ai/DeepEP README, H800): 0.78. Measured, not fitted.
        public var network = 0.78
        /// Share of the smaller decode terms hidden under the largest (0: they add up, 1: perfect overlap). Fitted.
        public var overlap = 0.50
        /// Fixed cost of one tensor-parallel all-reduce, seconds: 30 us, from FasterTransformer's 13.5 ms per
        /// token on two A100s against 9 ms of weight reads. Measured, not fitted.
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

        /// `expert` or `ep`, `tensor` or `tp`.
        public init?(name: String) {
            switch name {
            case "expert", "ep": self = .expert
            case "tensor", "tp": self = .tensor
            default: return nil
            }
        }

        /// The names `init(name:)` accepts.
        public static let names = ["tp", "ep", "tensor", "expert"]
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
    /// KV cache precision as set; nil takes `defaultKVPrecision(for:)` of the weights.
    public var kvPrecisionSetting: Accelerator.Precision?
    /// DeepSeek dispatches in FP8 (1 byte) and combines in BF16 (2 bytes); the all-reduce moves BF16.
    public var dispatchBytes = 1.0
    public var combineBytes = 2.0
    /// Share of prompt tokens whose KV cache is already stored (prefix cache hits).
    public var cacheHitRate = 0.0
    public var pricePerHourUSD: Double?
    /// Share of each GPU's memory that weights and the KV cache may take; the rest holds activations, CUDA graphs
    /// and the runtime. 0.9: vLLM's `--gpu-memory-utilization` default, a fraction of the GPU's total memory
    /// (docs.vllm.ai); TensorRT-LLM's `kv_cache_free_gpu_mem_fraction` default is also 0.9, of the memory left
    /// after the weights.
    public var usableMemoryFraction = InferenceCostModel.defaultUsableMemoryFraction
    public static let defaultUsableMemoryFraction = 0.9
    /// Whether an expert-parallel deployment spreads redundant copies of busy experts (EPLB); nil: it does above
    /// `ExpertLoadImbalance.largeScaleGPUs` GPUs.
    public var expertLoadBalancing: Bool?

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

    /// The KV cache precision a deployment with `weights` usually stores: FP8 beside FP8 or FP4 weights, as
    /// NVIDIA's Model Optimizer recipes and the calibration table's FP8 and NVFP4 deployments do (TensorRT-LLM's
    /// Llama 3.1 405B "FP8 recipe with FP8 KV cache", DeepSeek-R1 NVFP4 "FP8 KV cache", SGLang's NVFP4 MoE with FP8
    /// attention); the weights' own 16-bit format otherwise.
    public static func defaultKVPrecision(for weights: Accelerator.Precision) -> Accelerator.Precision {
        switch weights {
        case .fp8, .fp4: .fp8
        case .fp16: .fp16
        case .bf16, .tf32, .fp32: .bf16
        }
    }

    /// KV cache precision: as set, else the usual one for the weights' precision.
    public var kvPrecision: Accelerator.Precision {
        get { kvPrecisionSetting ?? Self.defaultKVPrecision(for: weightPrecision) }
        set { kvPrecisionSetting = newValue }
    }

    var weightBytes: Double { weightPrecision.bytes }
    var isExpertParallel: Bool { parallelism == .expert && model.isMixtureOfExperts && gpus > 1 }
    var isTensorParallel: Bool { !isExpertParallel && gpus > 1 }

    /// The precision the weight GEMMs run at: FP4 weights on FP4 units, else the next wider units the chip has.
    public var computePrecision: Accelerator.Precision { accelerator.computePrecision(for: weightPrecision) }

    /// FLOP/s of the weight GEMMs at the utilisation they would reach in BF16 (`Accelerator.realisedPeak`).
    var weightPeakFLOPS: Double {
        accelerator.realisedPeak(computePrecision) ?? accelerator.peakFLOPS.values.max() ?? 1
    }

    /// Peak FLOP/s for attention, which runs at BF16.
    var attentionPeakFLOPS: Double { accelerator.peak(.bf16) ?? weightPeakFLOPS }

    /// The link the all-to-all or all-reduce crosses: NVLink within a domain, the network beyond it.
    var linkBytesPerSecond: Double {
        gpus > accelerator.gpusPerNode ? accelerator.scaleOutBytesPerSecond : accelerator.scaleUpBytesPerSecond
    }

    /// Whether the expert-parallel group places redundant experts: as set, else above `ExpertLoadImbalance.largeScaleGPUs`.
    public var balancesExpertLoad: Bool { expertLoadBalancing ?? (gpus > ExpertLoadImbalance.largeScaleGPUs) }

    /// The busiest GPU's routed tokens over the mean (1 without expert parallelism).
    public var expertImbalance: Double {
        guard isExpertParallel else { return 1 }
        return ExpertLoadImbalance.busiestOverMean(experts: model.routedExperts, gpus: gpus, balanced: balancesExpertLoad)
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

    /// Bytes per GPU that weights and the KV cache may take.
    public var usableMemoryBytesPerGPU: Double { accelerator.memoryBytes * usableMemoryFraction }

    /// KV cache bytes per GPU for `batch` sequences of `context` tokens.
    public func kvBytesPerGPU(batch: Int, context: Int? = nil) -> Double {
        Double(batch) / Double(gpus) * Double(context ?? self.context) * kvCacheBytesPerToken
    }

    /// Whether weights and the KV cache of `batch` sequences at `context` fit in the GPUs' memory.
    public func fits(batch: Int, context: Int? = nil) -> Bool {
        weightBytesPerGPU + kvBytesPerGPU(batch: batch, context: context) <= usableMemoryBytesPerGPU
    }

    /// The largest batch that fits in memory at `context` (0 when the weights alone do not).
    public func largestBatchInMemory(context: Int? = nil) -> Int {
        let free = usableMemoryBytesPerGPU - weightBytesPerGPU
        guard free > 0 else { return 0 }
        let batch = (free / (Double(context ?? self.context) * kvCacheBytesPerToken) * Double(gpus)).rounded(.down)
        // Memory is no limit past a billion sequences (`memory-gb: 1e20`): keep the count an Int.
        return batch.isFinite ? Int(min(batch, 1e9)) : 1_000_000_000
    }

    /// The largest batch that fits at the deployment's context.
    public var largestBatchInMemory: Int { largestBatchInMemory() }

    /// Why `requested` parallelism cannot serve `model`, or nil: a dense model has no experts to spread.
    public static func parallelismProblem(_ requested: Parallelism?, for model: ModelArchitecture) -> String? {
        guard requested == .expert, !model.isMixtureOfExperts else { return nil }
        return "\(model.id) is dense: it has no experts to spread over GPUs; use tensor parallelism (tp)"
    }

    /// Why the deployment cannot be modelled as set up, or nil: more expert-parallel GPUs than routed experts.
    public var setupProblem: String? {
        guard parallelism == .expert, model.isMixtureOfExperts, gpus > model.routedExperts else { return nil }
        return "expert parallelism over \(gpus) GPUs needs at least one routed expert per GPU, and \(model.id) has "
            + "\(model.routedExperts); use at most \(model.routedExperts) GPUs per replica, or tensor parallelism"
    }

    /// Why `batch` sequences of `context` tokens do not fit in memory, or nil when they do.
    public func fitProblem(batch: Int, context: Int? = nil) -> String? {
        guard !fits(batch: batch, context: context) else { return nil }
        let gb = { (bytes: Double) in (bytes / 1e9).formatted(digits: 1) + " GB" }
        let context = context ?? self.context
        return "\(model.id) does not fit on \(gpus) x \(accelerator.id): \(gb(weightBytesPerGPU)) of \(weightPrecision.rawValue) weights "
            + "and \(gb(kvBytesPerGPU(batch: batch, context: context))) of \(kvPrecision.rawValue) KV cache per GPU for \(batch) "
            + "sequence\(batch == 1 ? "" : "s") of \(context) tokens exceed the \(gb(usableMemoryBytesPerGPU)) usable "
            + "(\(usableMemoryFraction.formatted) of \(gb(accelerator.memoryBytes))); add GPUs, or use a smaller batch, a shorter context "
            + "or narrower precisions"
    }

    /// Why no batch reaches `speed` tokens per second per user, or nil when one does.
    public func speedProblem(userTokensPerSecond speed: Double) -> String? {
        if let problem = fitProblem(batch: 1) { return problem }
        let alone = tokensPerSecondPerUser(batch: 1)
        guard alone < speed else { return nil }
        return "no batch reaches \(speed.formatted) tokens/s per user: \(model.id) on \(gpus) x \(accelerator.id) gives one "
            + "sequence alone \(alone.formatted(digits: 1)) tokens/s; ask for at most that, or add GPUs"
    }

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

    /// FLOP per token of the routed experts' GEMMs (the rest of 2 N_active is dense).
    var routedFLOPPerToken: Double { 2 * Double(model.moeLayers * model.expertsPerToken) * model.parametersPerExpert }

    /// One decode step for `batch` concurrent sequences holding `context` tokens each (default: the deployment's).
    public func decodeStep(batch: Int, context: Int? = nil) -> Step {
        let b = Double(max(1, batch))
        let n = Double(gpus)
        let context = Double(context ?? self.context)
        let perGPU = b / n
        let imbalance = expertImbalance
        let denseSeconds = (2 * model.activeParameters - routedFLOPPerToken) * perGPU / (weightPeakFLOPS * utilization.decodeCompute)
        let expertSeconds = routedFLOPPerToken * imbalance * perGPU / (weightPeakFLOPS * utilization.expertCompute)
        let attentionSeconds = model.decodeAttentionFLOPsPerContextToken * context * perGPU / (attentionPeakFLOPS * utilization.attention)
        let compute = denseSeconds + expertSeconds + attentionSeconds

        let expected = Self.expectedExperts(experts: model.routedExperts, perToken: model.expertsPerToken, batch: b)
        let expertBytes = Double(model.moeLayers) * expected * model.parametersPerExpert * weightBytes
        let alwaysBytes = model.alwaysActiveParameters * weightBytes
        // Expert-parallel GPUs each hold every always-active weight; tensor-parallel ones a share. Either way each
        // GPU reads its share of the experts the batch touches.
        let alwaysRead = isExpertParallel ? alwaysBytes : alwaysBytes / n
        let kvBytes = perGPU * context * kvCacheBytesPerToken
        let bandwidth = accelerator.memoryBandwidthBytesPerSecond
        let memory =
            (alwaysRead + kvBytes) / (bandwidth * utilization.memory) + expertBytes / n / (bandwidth * utilization.expertMemory)

        var communication = 0.0
        if isExpertParallel {
            // Per MoE layer each GPU sends its tokens to their k routed experts and gets them back; the busiest GPU
            // receives `imbalance` times the mean.
            let bytes = perGPU * Double(model.expertsPerToken * model.modelDimension) * (dispatchBytes + combineBytes)
            communication = Double(model.moeLayers) * bytes * imbalance / (linkBytesPerSecond * utilization.network)
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
        let imbalance = expertImbalance
        let compute =
            (2 * model.activeParameters + routedFLOPPerToken * (imbalance - 1)) / (weightPeakFLOPS * utilization.prefillCompute)
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
                Double(model.moeLayers) * copies * Double(model.modelDimension) * (dispatchBytes + combineBytes) * imbalance
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
