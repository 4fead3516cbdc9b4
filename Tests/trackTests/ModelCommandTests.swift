import Foundation
import Testing

@Suite("track model (end to end)")
struct ModelCommandTests {
    private func json(_ arguments: [String]) throws -> [String: Any] {
        let output = try TrackProcess.run(["model"] + arguments + ["--format", "json", "--workspace", TrackProcess.repositoryRoot], in: "/")
        #expect(output.status == 0, "\(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test("training: DeepSeek-V3's FLOP, GPU-hours, cost and energy, with the documented keys")
    func training() throws {
        let report = try json(["training", "--model", "deepseek-v3", "--hardware", "h800", "--precision", "fp8", "--mfu", "0.173"])
        let flop = try #require(report["trainingFLOP"] as? Double)
        #expect(abs(flop / 3.2856e24 - 1) < 1e-3)
        let hours = try #require(report["gpuHours"] as? Double)
        #expect(abs(hours / 2.664e6 - 1) < 0.01)
        #expect(abs(try #require(report["costUSD"] as? Double) / (hours * 2) - 1) < 1e-9)
        // 700 W x 1.2 PUE per GPU-hour.
        #expect(abs(try #require(report["energyMWh"] as? Double) / (hours * 0.7 * 1.2 / 1000) - 1) < 1e-9)
        #expect(report["computeOptimalParameters"] is Double)
        #expect(report["attentionFLOP"] as? Double == 0)
        // With a 4096-token context, attention adds 6 x 61 layers x 4096 x 7168 FLOP per token.
        let long = try json(["training", "--model", "deepseek-v3", "--context", "4096"])
        let attention: Double = 6 * 61 * 4096 * 7168 * 14.8e12
        #expect(abs(try #require(long["attentionFLOP"] as? Double) / attention - 1) < 1e-9)
    }

    @Test("training from flags alone needs no catalog; bad flags are named")
    func trainingFlags() throws {
        let report = try json(["training", "--params", "70e9", "--tokens", "1.4e12"])
        #expect(report["trainingFLOP"] as? Double == 6 * 70e9 * 1.4e12)
        #expect(report["gpuHours"] is NSNull)
        let missing = try TrackProcess.run(["model", "training", "--params", "70e9"], in: "/")
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--model, or both --params and --tokens"))
        let mfu = try TrackProcess.run(["model", "training", "--params", "7e9", "--tokens", "1e12", "--mfu", "40"], in: "/")
        #expect(mfu.status == 64)
        #expect(mfu.stderr.contains("--mfu"))
        let unknown = try TrackProcess.run(["model", "inference", "--model", "deepseek-v9", "--hardware", "h800", "-w", TrackProcess.repositoryRoot], in: "/")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'deepseek-v3'?"))
    }

    @Test("inference: the documented keys, memory-bound at batch 1, and FasterTransformer's 22 ms within 25%")
    func inference() throws {
        let report = try json(["inference", "--model", "opt-13b", "--hardware", "a100-40gb", "--gpus", "1", "--batch", "1", "--context", "512"])
        for key in [
            "decodeTokensPerSecondPerGPU", "tokensPerSecondPerUser", "prefillTokensPerSecondPerGPU", "kvCacheBytesPerToken",
            "expectedExpertsPerLayer", "bound", "costPerMillionOutputTokensUSD", "costPerMillionInputTokensUSD",
        ] {
            #expect(report.keys.contains(key), "missing \(key)")
        }
        #expect(report["bound"] as? String == "memory")
        let step = try #require(report["stepSeconds"] as? Double)
        #expect(abs(step / 0.022 - 1) < 0.25)
    }

    @Test("inference: DeepSeek-V3 across 256 H800s is all-to-all bound near 67 tokens/s per user, and priced")
    func expertParallel() throws {
        let report = try json(["inference", "--model", "deepseek-v3", "--hardware", "h800", "--expert-parallel", "256", "--batch", "16384"])
        #expect(report["bound"] as? String == "all-to-all")
        #expect(abs(try #require(report["tokensPerSecondPerUser"] as? Double) / 67 - 1) < 0.1)
        #expect(report["kvCacheBytesPerToken"] as? Double == 70_272)
        #expect(try #require(report["costPerMillionOutputTokensUSD"] as? Double) > 0)
        #expect(abs(try #require(report["expectedExpertsPerLayer"] as? Double) - 256) < 0.5)
    }
}
