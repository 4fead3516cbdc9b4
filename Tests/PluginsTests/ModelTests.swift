import Foundation
import Testing
@testable import Plugins
import Tracker

/// The two analytical models against public numbers (../shared/reference/NUMBERS.md).
@Suite("Training compute and MoE inference models")
struct ModelTests {
    static let catalog: Catalog = WorkspaceLoader.load(root: PluginWorkspace.repositoryRoot).workspace.catalog

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

    @Test("parameter counts from the architecture match the published totals")
    func parameterCounts() throws {
        #expect(within(try model("deepseek-v3").totalParameters, 671e9, 0.01))
        #expect(within(try model("deepseek-v3").activeParameters, 37e9, 0.03))
        #expect(within(try model("llama-3.1-405b").totalParameters, 405e9, 0.01))
        #expect(within(try model("llama-3.1-70b").totalParameters, 70.6e9, 0.01))
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

    @Test("expected distinct experts E (1 - (1 - k/E)^B) for E = 256, k = 8", arguments: [(1.0, 8.0), (32, 163.3), (64, 222), (128, 252)])
    func expectedExperts(batch: Double, expected: Double) {
        #expect(abs(InferenceCostModel.expectedExperts(experts: 256, perToken: 8, batch: batch) - expected) < 0.5)
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

    @Test("FasterTransformer, 13B on one A100-40GB, 512-token prompt: prefill 63.17 ms and decode 22.0 ms per token, within 25%")
    func fasterTransformerCalibration() throws {
        let deployment = InferenceCostModel(model: try model("opt-13b"), accelerator: try accelerator("a100-40gb"), gpus: 1, context: 512)
        let prefill = deployment.prefillSeconds(inputTokens: 512)
        let decode = deployment.decodeStep(batch: 1)
        #expect(within(prefill, 0.06317, 0.25), "prefill \(prefill)")
        #expect(within(decode.seconds, 0.0220, 0.25), "decode \(decode.seconds)")
        #expect(decode.bound == "memory")
    }

    @Test("DeepSeek-V3 decode over 400 Gb/s InfiniBand is bound by the all-to-all at roughly 67 tokens/s per user")
    func allToAllBound() throws {
        let deployment = InferenceCostModel(model: try model("deepseek-v3"), accelerator: try accelerator("h800"), gpus: 256, context: 4096)
        let step = deployment.decodeStep(batch: 64 * 256)
        #expect(step.bound == "all-to-all")
        #expect(within(1 / step.seconds, 67, 0.1), "\(1 / step.seconds) tokens/s")
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
}
