import Foundation
import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

/// The two analytical models against public numbers (../shared/reference/NUMBERS.md) and closed forms.
@Suite("Training compute and MoE inference models")
struct ModelTests {
    static let catalog = Catalog(WorkspaceLoader.load(root: TrackProcess.repositoryRoot).workspace)

    private func model(_ id: String) throws -> ModelArchitecture { try #require(Self.catalog.model(id)) }
    private func accelerator(_ id: String) throws -> Accelerator { try #require(Self.catalog.accelerator(id)) }

    private func within(_ value: Double, _ expected: Double, _ fraction: Double) -> Bool {
        abs(value / expected - 1) <= fraction
    }

    @Test("DeepSeek-V3: 6 x 37e9 x 14.8e12 = 3.29e24 FLOP; 2.664M H800-hours imply 17.3% FP8 / 34.6% BF16 MFU")
    func deepSeekV3Training() throws {
        let h800 = try accelerator("h800")
        let run = TrainingComputeModel(activeParameters: 37e9, tokens: 14.8e12, accelerator: h800, precision: .fp8)
        #expect(within(run.trainingFLOP, 3.2856e24, 1e-4))
        #expect(abs(try #require(run.impliedMFU(gpuHours: 2.664e6)) - 0.173) < 0.001)
        let bf16 = TrainingComputeModel(activeParameters: 37e9, tokens: 14.8e12, accelerator: h800, precision: .bf16)
        #expect(abs(try #require(bf16.impliedMFU(gpuHours: 2.664e6)) - 0.346) < 0.001)
        // And back: at that MFU, $2 per hour gives DeepSeek's 2.664M hours and $5.3M.
        let priced = TrainingComputeModel(activeParameters: 37e9, tokens: 14.8e12, accelerator: h800, precision: .fp8, mfu: 0.1731)
        #expect(within(try #require(priced.gpuHours), 2.664e6, 0.002))
        #expect(within(try #require(priced.costUSD), 5.328e6, 0.002))
    }

    @Test("the default MFU puts DeepSeek-V3 (FP8, MoE) and Llama 3.1 405B (BF16, dense) within the stated spread of their hours")
    func defaultMFU() throws {
        // DeepSeek-V3: 2.664M H800-hours of pre-training (NUMBERS.md), FP8, MoE.
        let run = TrainingComputeModel(
            activeParameters: 37e9, tokens: 14.8e12, accelerator: try accelerator("h800"), precision: .fp8, mixtureOfExperts: true)
        #expect(abs(log(try #require(run.gpuHours) / 2.664e6)) < ModelError.trainingTime.sigma, "\(run.gpuHours ?? 0)")
        // Llama 3.1 405B: 30.84M H100-hours ("The Llama 3 Herd of Models") at BF16.
        let llama = TrainingComputeModel(activeParameters: 405e9, tokens: 15.6e12, accelerator: try accelerator("h100"), precision: .bf16)
        #expect(abs(log(try #require(llama.gpuHours) / 30.84e6)) < ModelError.trainingTime.sigma, "\(llama.gpuHours ?? 0)")
    }

    @Test("FP8 and FP4 run faster than BF16, by the same realised share of their peak in training and inference")
    func lowPrecisionIsConsistent() throws {
        let h100 = try accelerator("h100")
        let b200 = try accelerator("b200")
        // Transformer Engine's 1.4-1.6x for FP8 GEMMs where the peak doubles: 0.75 of the doubled peak.
        let fp8Peak = try #require(h100.realisedPeak(.fp8))
        let expectedFP8: Double = 1979e12 * pow(0.75, log2(1979.0 / 989))
        #expect(abs(fp8Peak / expectedFP8 - 1) < 1e-12)
        let fp4Peak = try #require(b200.realisedPeak(.fp4))
        let bf16Peak = try #require(b200.realisedPeak(.bf16))
        #expect(abs(fp4Peak / bf16Peak - 4 * 0.75 * 0.75) < 1e-9)
        func hours(_ precision: Accelerator.Precision, on chip: Accelerator) throws -> Double {
            try #require(TrainingComputeModel(activeParameters: 405e9, tokens: 15.6e12, accelerator: chip, precision: precision).gpuHours)
        }
        let speedup = try hours(.bf16, on: h100) / hours(.fp8, on: h100)
        #expect(abs(speedup - fp8Peak / 989e12) < 1e-9)
        let (fp4, fp8, bf16) = (try hours(.fp4, on: b200), try hours(.fp8, on: b200), try hours(.bf16, on: b200))
        #expect(fp4 < fp8 && fp8 < bf16)
        // Inference: the weight GEMMs of a compute-bound prefill gain the same factor.
        var deployment = InferenceCostModel(model: try model("llama-3.1-405b"), accelerator: h100, gpus: 8, context: 2048)
        deployment.weightPrecision = .fp8
        let prefillFP8 = deployment.prefill(inputTokens: 1).computeSecondsPerToken
        deployment.weightPrecision = .bf16
        let prefillBF16 = deployment.prefill(inputTokens: 1).computeSecondsPerToken
        #expect(abs(prefillBF16 / prefillFP8 - speedup) < 0.01)
    }

    @Test("FP4 weights run on FP4 units where the chip has them (B200), else at FP8 (H100), else BF16 (A100)")
    func fp4Units() throws {
        var deployment = InferenceCostModel(model: try model("llama-3.1-70b"), accelerator: try accelerator("b200"), gpus: 1, context: 2048)
        deployment.weightPrecision = .fp4
        #expect(deployment.computePrecision == .fp4)
        deployment.accelerator = try accelerator("h100")
        #expect(deployment.computePrecision == .fp8)
        deployment.accelerator = try accelerator("a100")
        #expect(deployment.computePrecision == .bf16)
    }

    @Test("a datasheet's 80 GB of HBM is 80 GiB: 85.9e9 bytes (nvidia-smi reports 81,920 MiB on an A100 80GB)")
    func memoryIsBinary() throws {
        #expect(try accelerator("a100").memoryBytes == 81_920 * 1_048_576)
        // A published deployment read as 80e9 bytes was refused: Llama 2 7B in BF16 on one A100 at batch 52 of
        // 2,048 + 128 tokens holds 13.5 GB of weights and 52 x 2,176 x 524,288 = 59.3 GB of KV cache, 72.8 GB, above
        // 0.9 x 80e9 but below 0.9 x 85.9e9.
        let deployment = InferenceCostModel(model: try model("llama-2-7b"), accelerator: try accelerator("a100"), gpus: 1, context: 2176)
        #expect(deployment.fits(batch: 52))
        #expect(deployment.fitProblem(batch: 52) == nil)
    }

    @Test("KV cache precision: FP8 beside FP8 or FP4 weights, the weights' own 16-bit format otherwise, unless set")
    func kvPrecisionDefault() throws {
        var deployment = InferenceCostModel(model: try model("deepseek-v3"), accelerator: try accelerator("h800"), gpus: 32, context: 4096)
        #expect(deployment.kvPrecision == .fp8)
        #expect(deployment.kvCacheBytesPerToken == 70_272 / 2)
        deployment.weightPrecision = .bf16
        #expect(deployment.kvPrecision == .bf16)
        deployment.kvPrecision = .fp8
        #expect(deployment.kvPrecision == .fp8)
        let opt = InferenceCostModel(model: try model("opt-13b"), accelerator: try accelerator("a100"), gpus: 1, context: 512)
        #expect(opt.kvPrecision == .fp16)
    }

    @Test(
        "expert-parallel imbalance from TensorRT-LLM's measurement: 1 + 1.564 x sqrt(8 / experts per GPU), 1.115 with redundant experts",
        arguments: [(256, 32, false, 2.564), (256, 8, false, 1.782), (128, 8, false, 2.105_915_9), (256, 144, true, 1.115)]
            as [(Int, Int, Bool, Double)])
    func expertImbalance(experts: Int, gpus: Int, balanced: Bool, expected: Double) {
        // 128 experts on 8 GPUs: 1 + 1.564 x sqrt(0.5) = 2.1059159.
        #expect(abs(ExpertLoadImbalance.busiestOverMean(experts: experts, gpus: gpus, balanced: balanced) - expected) < 1e-6)
    }

    @Test("redundant experts by default above 8 GPUs; none without expert parallelism")
    func expertBalancingDefault() throws {
        let v3 = try model("deepseek-v3")
        #expect(InferenceCostModel(model: v3, accelerator: try accelerator("h800"), gpus: 8, context: 4096).expertImbalance > 1.5)
        #expect(
            abs(InferenceCostModel(model: v3, accelerator: try accelerator("h800"), gpus: 144, context: 4096).expertImbalance - 1.115)
                < 1e-12)
        let tensor = InferenceCostModel(model: v3, accelerator: try accelerator("h800"), gpus: 8, context: 4096, parallelism: .tensor)
        #expect(tensor.expertImbalance == 1)
    }

    @Test("refusals: more expert-parallel GPUs than experts, a dense model spread by experts, a speed no batch reaches")
    func refusals() throws {
        let v3 = try model("deepseek-v3")
        let wide = InferenceCostModel(model: v3, accelerator: try accelerator("h800"), gpus: 4096, context: 4096)
        #expect(try #require(wide.setupProblem).contains("256"))
        #expect(try #require(InferenceCostModel.parallelismProblem(.expert, for: try model("opt-13b"))).contains("dense"))
        let opt = InferenceCostModel(model: try model("opt-13b"), accelerator: try accelerator("a100"), gpus: 1, context: 512)
        #expect(opt.speedProblem(userTokensPerSecond: 20) == nil)
        let problem = try #require(opt.speedProblem(userTokensPerSecond: 1000))
        #expect(problem.contains("no batch reaches 1000 tokens/s per user"))
        #expect(opt.largestBatch(userTokensPerSecond: 1000) == 0)
        let unfit = InferenceCostModel(model: try model("llama-3.1-405b"), accelerator: try accelerator("h100"), gpus: 8, context: 4096)
        #expect(try #require(unfit.fitProblem(batch: 1)).contains("does not fit"))
    }

    @Test("usable memory: the largest batch grows with the usable share, as weights + batch x context x KV bytes = share x memory")
    func usableMemory() throws {
        var deployment = InferenceCostModel(model: try model("llama-3.1-8b"), accelerator: try accelerator("h100"), gpus: 1, context: 2176)
        deployment.weightPrecision = .fp8
        let free = deployment.accelerator.memoryBytes * 0.9 - deployment.weightBytesPerGPU
        #expect(abs(Double(deployment.largestBatchInMemory) - (free / (2176 * 65_536)).rounded(.down)) <= 1)
        deployment.usableMemoryFraction = 0.95
        #expect(deployment.largestBatchInMemory > Int((free / (2176 * 65_536)).rounded(.down)))
    }

    @Test("parameter counts from the architecture match the published totals")
    func parameterCounts() throws {
        #expect(within(try model("deepseek-v3").totalParameters, 671e9, 0.01))
        #expect(within(try model("deepseek-v3").activeParameters, 37e9, 0.03))
        #expect(within(try model("llama-3.1-405b").totalParameters, 405e9, 0.01))
        #expect(within(try model("llama-3.1-70b").totalParameters, 70.6e9, 0.01))
        #expect(within(try model("llama-2-70b").totalParameters, 69e9, 0.01))
        #expect(within(try model("deepseek-v4-rumoured").totalParameters, 5e12, 0.02))
        #expect(within(try model("deepseek-v4-rumoured").activeParameters, 400e9, 0.03))
    }

    @Test("KV cache bytes per token: MLA 70,272 (V3); GQA 516,096 (Llama-3.1-405B) and 327,680 (Qwen2.5-72B)")
    func kvCache() throws {
        #expect(try model("deepseek-v3").kvCacheBytesPerToken() == 70_272)
        #expect(try model("llama-3.1-405b").kvCacheBytesPerToken() == 516_096)
        var qwen = try model("llama-3.1-70b")  // Qwen2.5-72B has the same attention shape: 80 layers, 8 KV heads of 128
        qwen.attention = .groupedQuery(kvHeads: 8, headDimension: 128)
        #expect(qwen.kvCacheBytesPerToken() == 327_680)
        #expect(try model("opt-13b").kvCacheBytesPerToken() == 2 * 40 * 40 * 128 * 2)
    }

    @Test(
        "attention FLOP per context token: MLA's absorbed decode kernel 2 x (576 + 512) per head, un-absorbed prefill 2 x (192 + 128); MHA 4 x head dim"
    )
    func attentionFLOP() throws {
        let v3 = try model("deepseek-v3")
        #expect(v3.decodeAttentionFLOPsPerContextToken == 61 * 128 * 2 * (576 + 512))
        #expect(v3.prefillAttentionFLOPsPerContextToken == 61 * 128 * 2 * (192 + 128))
        let opt = try model("opt-13b")
        #expect(opt.decodeAttentionFLOPsPerContextToken == 4 * 40 * 40 * 128)
        // Training, multi-head with heads x head dim = d: Kaplan's 6 L ctx d per token.
        #expect(opt.trainingAttentionFLOPsPerToken(context: 2048) == 6 * 40 * 2048 * 5120)
        #expect(v3.trainingAttentionFLOPsPerToken(context: 4096) == 3 * 61 * 128 * 640 * 4096 / 2)
    }

    @Test("expected distinct experts E (1 - (1 - k/E)^B) for E = 256, k = 8", arguments: [(1.0, 8.0), (32, 163.3), (64, 222), (128, 252)])
    func expectedExperts(batch: Double, expected: Double) {
        #expect(abs(InferenceCostModel.expectedExperts(experts: 256, perToken: 8, batch: batch) - expected) < 0.5)
    }

    @Test("the all-to-all carries the 8 routed experts only (shared ones are local), over InfiniBand beyond a node, to the busiest GPU")
    func allToAll() throws {
        let deployment = InferenceCostModel(model: try model("deepseek-v3"), accelerator: try accelerator("h800"), gpus: 256, context: 4096)
        let step = deployment.decodeStep(batch: 64 * 256)
        // 58 MoE layers x 64 tokens x 8 experts x 7168 x (1 + 2 bytes) over 50 GB/s at DeepEP's 0.78, times the
        // busiest GPU's 1.115 with redundant experts (above 8 GPUs).
        let expected = 58.0 * 64 * 8 * 7168 * 3 / (50e9 * 0.78) * 1.115
        #expect(within(step.communicationSeconds, expected, 1e-9))
        // Within one NVLink domain the same bytes cross H800's 200 GB/s each way; 8 GPUs hold 32 experts each,
        // without redundant experts: 1 + 1.564 x sqrt(8 / 32).
        let node = InferenceCostModel(model: try model("deepseek-v3"), accelerator: try accelerator("h800"), gpus: 8, context: 4096)
        #expect(within(node.decodeStep(batch: 8).communicationSeconds, 58.0 * 1 * 8 * 7168 * 3 / (200e9 * 0.78) * (1 + 1.564 * 0.5), 1e-9))
    }

    @Test("overlap: 1 takes the largest term, 0 their sum, in between max + (1 - overlap) x (sum - max)")
    func overlap() throws {
        var deployment = InferenceCostModel(model: try model("deepseek-v3"), accelerator: try accelerator("h800"), gpus: 144, context: 4096)
        for overlap in [0.0, 0.3, 1.0] {
            deployment.utilization.overlap = overlap
            let step = deployment.decodeStep(batch: 144 * 64)
            let terms = [step.computeSeconds, step.memorySeconds, step.communicationSeconds]
            let largest = terms.max()!
            #expect(within(step.seconds, largest + (1 - overlap) * (terms.reduce(0, +) - largest), 1e-12))
        }
    }

    @Test("tensor parallelism pays two all-reduces per layer over NVLink: 13B on two A100s")
    func tensorParallel() throws {
        let deployment = InferenceCostModel(model: try model("opt-13b"), accelerator: try accelerator("a100-40gb"), gpus: 2, context: 512)
        // Ring all-reduce of 5120 BF16 values: 2 (n - 1) / n x bytes over 300 GB/s at 0.78, plus 30 us, twice per layer.
        let perAllReduce = 5120.0 * 2 / (300e9 * 0.78) + 30e-6
        #expect(within(deployment.decodeStep(batch: 1).communicationSeconds, 80 * perAllReduce, 1e-9))
        let single = InferenceCostModel(model: try model("opt-13b"), accelerator: try accelerator("a100-40gb"), gpus: 1, context: 512)
        #expect(single.decodeStep(batch: 1).communicationSeconds == 0)
        #expect(single.decodeStep(batch: 1).bound == "memory")
    }

    @Test("cached prompt tokens cost no compute but count as served")
    func cacheHits() throws {
        var deployment = InferenceCostModel(model: try model("llama-3.1-70b"), accelerator: try accelerator("h100"), gpus: 1, context: 2048)
        deployment.weightPrecision = .fp8
        let cold = deployment.prefill(inputTokens: 2048)
        deployment.cacheHitRate = 0.5
        let warm = deployment.prefill(inputTokens: 2048)
        #expect(within(warm.servedTokensPerSecond, warm.computedTokensPerSecond * 2, 1e-12))
        // Half the tokens computed, each attending to more context: served more than cold, less than twice.
        #expect(warm.servedTokensPerSecond > cold.servedTokensPerSecond)
        #expect(warm.servedTokensPerSecond < 2 * cold.servedTokensPerSecond)
    }

    @Test("a deployment that does not fit gets no price: Llama-3.1-405B in BF16 on 8 H100s (810 GB of weights, 576 GB usable)")
    func doesNotFit() throws {
        let deployment = InferenceCostModel(
            model: try model("llama-3.1-405b"), accelerator: try accelerator("h100"), gpus: 8, context: 4096)
        #expect(!deployment.fits(batch: 1))
        #expect(deployment.largestBatchInMemory == 0)
        #expect(deployment.costPerMillionOutputTokensUSD(batch: 1) == nil)
        #expect(deployment.costPerMillionInputTokensUSD(inputTokens: 4096) == nil)
    }

    @Test("the Epoch refit puts the compute-optimal model for Chinchilla's 5.76e23 FLOP at about 72B parameters, D/N about 18")
    func computeOptimal() {
        let refit = ScalingLaw.epochRefit.computeOptimal(flop: 5.76e23)
        #expect(within(refit.parameters, 72e9, 0.03))
        #expect(abs(refit.tokens / refit.parameters - 18) < 1)
        // Hoffmann's rounded constants give about 32B: the known inconsistency of the rounded fit.
        #expect(within(ScalingLaw.hoffmann.computeOptimal(flop: 5.76e23).parameters, 32e9, 0.1))
        #expect(ScalingLaw.epochRefit.loss(parameters: 70e9, tokens: 1.4e12) < ScalingLaw.epochRefit.loss(parameters: 7e9, tokens: 1.4e12))
    }

    @Test("1/100th of the compute for a fixed result takes about 53 months at an 8-month halving time")
    func algorithmicEfficiency() throws {
        let start = try #require(Day("2024-01-01"))
        let later = start.adding(days: Int(8 * log2(100) * 30.4375))
        #expect(within(TrainingComputeModel.computeForFixedResult(1e25, from: start, to: later), 1e23, 0.01))
    }

    @Test("more batch: more tokens per GPU, fewer per user; the largest batch for a speed target meets it")
    func batching() throws {
        let deployment = InferenceCostModel(model: try model("deepseek-v3"), accelerator: try accelerator("h800"), gpus: 32, context: 4096)
        #expect(deployment.decodeTokensPerSecondPerGPU(batch: 256) > deployment.decodeTokensPerSecondPerGPU(batch: 16))
        #expect(deployment.tokensPerSecondPerUser(batch: 256) < deployment.tokensPerSecondPerUser(batch: 16))
        let batch = deployment.largestBatch(userTokensPerSecond: 30)
        #expect(batch > 0)
        #expect(deployment.tokensPerSecondPerUser(batch: batch) >= 30)
        #expect(deployment.tokensPerSecondPerUser(batch: batch + 1) < 30 || batch == deployment.largestBatchInMemory)
        #expect(deployment.fits(batch: batch))
        #expect(try #require(deployment.costPerMillionOutputTokensUSD(batch: batch)) > 0)
        let single = InferenceCostModel(model: try model("deepseek-v3"), accelerator: try accelerator("h800"), gpus: 1, context: 4096)
        #expect(!single.fits(batch: 1))  // 671 GB of FP8 weights do not fit in 80 GB
    }

    @Test("model error: a lognormal with the stated spread; never exactly 0 or 1")
    func modelError() {
        let error = ModelError(factor: 1.3)
        // One standard deviation above the modelled value: Phi(1) = 0.8413.
        #expect(abs(error.probability(atMost: 1.3, modelled: 1) - 0.8413) < 1e-3)
        #expect(abs(error.probability(within: (1 / 1.3)...1.3, modelled: 1) - 0.6827) < 1e-3)
        #expect(error.probability(atMost: 1e-9, modelled: 1) > 0)
        #expect(error.probability(atMost: 1e9, modelled: 1) < 1)
        #expect(abs(error.ofRatio.sigma - log(1.3) * 2.0.squareRoot()) < 1e-12)
    }
}
