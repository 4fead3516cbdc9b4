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

    @Test("the FP8 default MFU puts DeepSeek-V3 within 10% of its published 2.788M H800-hours; BF16 keeps Llama 3's 0.4")
    func perPrecisionMFU() throws {
        let run = TrainingComputeModel(activeParameters: 37e9, tokens: 14.8e12, accelerator: try accelerator("h800"), precision: .fp8)
        #expect(within(try #require(run.gpuHours), 2.788e6, 0.10), "\(run.gpuHours ?? 0)")
        // Llama 3.1 405B: 3.8e25 FLOP on H100s in 30.84M GPU-hours ("The Llama 3 Herd of Models") at BF16.
        let llama = TrainingComputeModel(activeParameters: 405e9, tokens: 15.6e12, accelerator: try accelerator("h100"), precision: .bf16)
        #expect(within(try #require(llama.gpuHours), 30.84e6, 0.30), "\(llama.gpuHours ?? 0)")
        #expect(TrainingComputeModel.defaultMFU(.fp8) < TrainingComputeModel.defaultMFU(.bf16))
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

    @Test("the all-to-all carries the 8 routed experts only (shared ones are local), over InfiniBand beyond a node")
    func allToAll() throws {
        let deployment = InferenceCostModel(model: try model("deepseek-v3"), accelerator: try accelerator("h800"), gpus: 256, context: 4096)
        let step = deployment.decodeStep(batch: 64 * 256)
        // 58 MoE layers x 64 tokens x 8 experts x 7168 x (1 + 2 bytes) over 50 GB/s at DeepEP's 0.78.
        let expected = 58.0 * 64 * 8 * 7168 * 3 / (50e9 * 0.78)
        #expect(within(step.communicationSeconds, expected, 1e-9))
        // Within one NVLink domain the same bytes cross H800's 200 GB/s each way.
        let node = InferenceCostModel(model: try model("deepseek-v3"), accelerator: try accelerator("h800"), gpus: 8, context: 4096)
        #expect(within(node.decodeStep(batch: 8).communicationSeconds, 58.0 * 1 * 8 * 7168 * 3 / (200e9 * 0.78), 1e-9))
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
