import Foundation
import TestSupport
import Testing

@Suite("track model (end to end)")
struct ModelCommandTests {
    private func json(_ arguments: [String]) throws -> [String: Any] {
        let output = try TrackProcess.run(
            ["model"] + arguments + ["--format", "json", "--workspace", TrackProcess.repositoryRoot], in: "/")
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
        // With a 4096-token context, MLA attention adds 3 (forward and backward) x 61 layers x 128 heads
        // x 2 (192 + 128) FLOP x 4096 / 2 (causal) per token.
        let long = try json(["training", "--model", "deepseek-v3", "--context", "4096"])
        let attention: Double = 3 * 61 * 128 * 640 * 2048 * 14.8e12
        #expect(abs(try #require(long["attentionFLOP"] as? Double) / attention - 1) < 1e-9)
        // Without --mfu, the fitted default for an FP8 MoE run on H800 times the availability: DeepSeek's published
        // 2.664M H800-hours within the stated training spread (a factor 1.26).
        let fp8 = try json(["training", "--model", "deepseek-v3", "--hardware", "h800", "--precision", "fp8"])
        #expect(abs(log(try #require(fp8["gpuHours"] as? Double) / 2.664e6)) < log(1.26))
        #expect(fp8["kind"] as? String == "moe")
        #expect(fp8["availability"] as? Double == 0.75)
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
        let unknown = try TrackProcess.run(
            ["model", "inference", "--model", "deepseek-v9", "--hardware", "h800", "-w", TrackProcess.repositoryRoot], in: "/")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'deepseek-v3'?"))
    }

    @Test("inference: the documented keys, memory-bound at batch 1, and FasterTransformer's 22 ms within 25%")
    func inference() throws {
        let report = try json([
            "inference", "--model", "opt-13b", "--hardware", "a100-40gb", "--gpus", "1", "--batch", "1", "--context", "512",
        ])
        for key in [
            "decodeTokensPerSecondPerGPU", "tokensPerSecondPerUser", "prefillTokensPerSecondPerGPU", "prefillComputedTokensPerSecondPerGPU",
            "kvCacheBytesPerToken", "expectedExpertsPerLayer", "bound", "communicationSeconds", "overlap", "fits",
            "costPerMillionOutputTokensUSD", "costPerMillionInputTokensUSD",
        ] {
            #expect(report.keys.contains(key), "missing \(key)")
        }
        #expect(report["bound"] as? String == "memory")
        #expect(report["fits"] as? Bool == true)
        let step = try #require(report["stepSeconds"] as? Double)
        #expect(abs(step / 0.022 - 1) < 0.25)
    }

    @Test("inference: DeepSeek-V3 across 256 H800s sends the routed experts over InfiniBand; --overlap 1 takes the largest term")
    func expertParallel() throws {
        let report = try json(["inference", "--model", "deepseek-v3", "--hardware", "h800", "--expert-parallel", "256", "--batch", "16384"])
        // 58 MoE layers x 64 tokens per GPU x 8 routed experts x 7168 x 3 bytes over 50 GB/s at 0.78, to the busiest GPU
        // (1.115 of the mean with redundant experts, TensorRT-LLM's measurement).
        let communication = 58.0 * 64 * 8 * 7168 * 3 / (50e9 * 0.78) * 1.115
        #expect(abs(try #require(report["communicationSeconds"] as? Double) / communication - 1) < 1e-6)
        // FP8 weights: an FP8 KV cache by default, half of MLA's 70,272 BF16 bytes.
        #expect(report["kvCacheBytesPerToken"] as? Double == 35_136)
        #expect(try #require(report["costPerMillionOutputTokensUSD"] as? Double) > 0)
        #expect(abs(try #require(report["expectedExpertsPerLayer"] as? Double) - 256) < 0.5)
        let overlapped = try json([
            "inference", "--model", "deepseek-v3", "--hardware", "h800", "--expert-parallel", "256", "--batch", "16384", "--overlap", "1",
        ])
        let terms = try ["computeSeconds", "memorySeconds", "communicationSeconds"].map { try #require(overlapped[$0] as? Double) }
        #expect(abs(try #require(overlapped["stepSeconds"] as? Double) - terms.max()!) < 1e-12)
    }

    @Test("inference: a deployment that does not fit says why and gets no speed and no price; cache hits raise served prefill")
    func fitAndCache() throws {
        let report = try json(["inference", "--model", "llama-3.1-405b", "--hardware", "h100", "--gpus", "8", "--batch", "1"])
        #expect(report["fits"] as? Bool == false)
        #expect((report["doesNotFit"] as? String)?.contains("does not fit on 8 x h100") == true)
        for key in [
            "costPerMillionOutputTokensUSD", "costPerMillionInputTokensUSD", "decodeTokensPerSecondPerGPU", "tokensPerSecondPerUser",
            "prefillTokensPerSecondPerGPU", "servingOutputTokensPerSecondPerGPU", "stepSeconds",
        ] {
            #expect(report[key] is NSNull, "\(key)")
        }
        let text = try TrackProcess.run(
            [
                "model", "inference", "--model", "llama-3.1-405b", "--hardware", "h100", "--gpus", "8", "--batch", "1", "-w",
                TrackProcess.repositoryRoot,
            ],
            in: "/")
        #expect(text.status == 0)
        #expect(text.stdout.contains("no speed or price: llama-3.1-405b does not fit"), "\(text.stdout)")
        #expect(!text.stdout.contains("tokens/s per GPU"))
        let cached = try json(["inference", "--model", "llama-3.1-70b", "--hardware", "h100", "--gpus", "2", "--cache-hit-rate", "0.5"])
        let served = try #require(cached["prefillTokensPerSecondPerGPU"] as? Double)
        let computed = try #require(cached["prefillComputedTokensPerSecondPerGPU"] as? Double)
        #expect(abs(served / computed - 2) < 1e-9)
        let bad = try TrackProcess.run(
            ["model", "inference", "--model", "opt-13b", "--hardware", "a100", "--cache-hit-rate", "1", "-w", TrackProcess.repositoryRoot],
            in: "/")
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--cache-hit-rate"))
    }

    @Test(
        "refusals exit 64 with the reason: an unmeetable per-user speed, more expert-parallel GPUs than experts, experts of a dense model, FP8 training without FP8 units, no GPUs",
        arguments: [
            (
                ["inference", "--model", "opt-13b", "--hardware", "a100", "--gpus", "1", "--user-tokens-per-second", "1000"],
                "no batch reaches 1000 tokens/s per user"
            ),
            (
                ["inference", "--model", "deepseek-v3", "--hardware", "h800", "--expert-parallel", "4096"],
                "needs at least one routed expert per GPU"
            ),
            (["inference", "--model", "opt-13b", "--hardware", "a100", "--parallelism", "ep"], "is dense"),
            (["training", "--model", "deepseek-v3", "--hardware", "a100", "--precision", "fp8"], "a100 has no FP8 units"),
            (["training", "--params", "7e9", "--tokens", "1e12", "--hardware", "h100", "--gpus", "0"], "--gpus must be 1 or more"),
            (["inference", "--model", "opt-13b", "--hardware", "a100", "--gpus", "0"], "--gpus must be 1 or more"),
        ])
    func refusals(arguments: [String], message: String) throws {
        let output = try TrackProcess.run(["model"] + arguments + ["-w", TrackProcess.repositoryRoot], in: "/")
        #expect(output.status == 64, "\(output.stdout)")
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("--parallelism tp serves an MoE model tensor-parallel, with no expert imbalance; --batch max is the largest that fits")
    func parallelismAndMaxBatch() throws {
        let tensor = try json([
            "inference", "--model", "mixtral-8x7b", "--hardware", "h100", "--gpus", "4", "--parallelism", "tp", "--batch", "64",
        ])
        #expect(tensor["parallelism"] as? String == "tensor")
        #expect(tensor["expertImbalance"] as? Double == 1)
        let expert = try json([
            "inference", "--model", "mixtral-8x7b", "--hardware", "h100", "--gpus", "4", "--parallelism", "ep", "--batch", "64",
        ])
        #expect(expert["parallelism"] as? String == "expert")
        // 8 experts on 4 GPUs, 2 each, without redundant experts: 1 + 1.564 x sqrt(8 / 2).
        #expect(abs(try #require(expert["expertImbalance"] as? Double) - (1 + 1.564 * 2)) < 1e-9)
        let max = try json([
            "inference", "--model", "llama-3.1-8b", "--hardware", "h100", "--gpus", "1", "--weight-precision", "fp8", "--batch", "max",
            "--input-tokens", "1000", "--output-tokens", "1000",
        ])
        #expect(max["context"] as? Int == 2000)
        #expect(max["batch"] as? Int == max["largestBatchInMemory"] as? Int)
        #expect(try #require(max["servingOutputTokensPerSecondPerGPU"] as? Double) > 0)
    }

    @Test("an accelerator with memory-gb: 1e20 (a unit typo) is refused with its place, not clamped silently")
    func hugeMemory() throws {
        let shipped = try String(contentsOfFile: TrackProcess.repositoryRoot + "/catalog/hardware.yaml", encoding: .utf8)
        let models = try String(contentsOfFile: TrackProcess.repositoryRoot + "/catalog/models.yaml", encoding: .utf8)
        let huge = shipped.replacingOccurrences(of: "memory-gb: 80\n", with: "memory-gb: 1e20\n")
        #expect(huge != shipped)
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts, "catalog/hardware.yaml": huge, "catalog/models.yaml": models,
        ])
        let output = try TrackProcess.run(
            ["model", "inference", "--model", "llama-3.1-70b", "--hardware", "a100", "--gpus", "1"], in: workspace.root)
        #expect(output.status == 65, "\(output.stderr)")
        #expect(
            output.stderr.contains("hardware.yaml:") && output.stderr.contains("'memory-gb' 1e20 is above 100000 GB"), "\(output.stderr)")
    }

    @Test(
        "validate reports catalog errors (an unknown precision, a duplicate id) once, with file:line:column, though the core does not read the catalog"
    )
    func catalogErrors() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts,
            "catalog/hardware.yaml": """
            accelerators:
              - id: x0
                name: X0
                peak-tflops: {bf17: 100}
                memory-gb: 80
                memory-bandwidth-tbps: 3
                scale-up-gbps: 450
                scale-out-gbps: 50
                power-watts: 700
                source: test
              - id: x1
                name: X1
                peak-tflops: {bf16: 100}
                memory-gb: 80
                memory-bandwidth-tbps: 3
                scale-up-gbps: 450
                scale-out-gbps: 50
                power-watts: 700
                source: test
              - id: x1
                name: X1 again
                peak-tflops: {bf16: 100}
                memory-gb: 80
                memory-bandwidth-tbps: 3
                scale-up-gbps: 450
                scale-out-gbps: 50
                power-watts: 700
                source: test

            """,
        ])
        let before = try workspace.snapshot()
        let output = try TrackProcess.run(["validate", "-w", workspace.root], in: "/")
        #expect(output.status == 65)
        #expect(
            output.stderr.contains("hardware.yaml:4:19: error:") || output.stdout.contains("hardware.yaml:4:19: error:"), "\(output.stderr)"
        )
        let errors = (output.stderr + output.stdout).split(separator: "\n").filter {
            $0.contains("error:") && $0.contains("'bf17' is not a known precision")
        }
        #expect(errors.count == 1, "reported once: \(errors)")
        #expect(
            (output.stderr + output.stdout).contains(
                "hardware.yaml:20:5: error: duplicate accelerator id 'x1'; it is already used at line 11"))
        #expect(try workspace.snapshot() == before)
    }
}
