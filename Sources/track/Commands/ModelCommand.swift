import ArgumentParser
import TrackCore
import TrackDomain
import TrackEngine
import Tracker

/// `track model`: the analytical models, ad hoc.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Run the training-compute or MoE inference-cost model and explain the breakdown.",
        discussion: "Models and accelerators come from the workspace's catalog/*.yaml (track model --help lists the subcommands).",
        subcommands: [TrainingModelCommand.self, InferenceModelCommand.self]
    )
}

/// `track model training`.
struct TrainingModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "FLOP, GPU-hours, days, cost, energy, Chinchilla loss and the compute-optimal split of a training run.",
        discussion: """
            Examples:
              track model training --model deepseek-v3 --hardware h800 \\
                --precision fp8 --gpus 2048
              track model training --params 400e9 --tokens 50e12 \\
                --hardware b200 --precision fp8 --kind moe --format json

            Without --mfu, the MFU is fitted to published runs by hardware, size and kind (docs/models.md), times
            --availability for downtime and restarts (1 gives the steady-state throughput).
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "A catalog model: its active parameters and training tokens.") var model: String?
    @Option(name: .customLong("params"), help: "Active parameters N (e.g. 37e9).") var parameters: Double?
    @Option(help: "Training tokens D (e.g. 14.8e12).") var tokens: Double?
    @Option(help: "A catalog accelerator, for GPU-hours, days, cost and energy.") var hardware: String?
    @Option(help: "Precision whose peak the run uses: \(Accelerator.Precision.allCases.map(\.rawValue).joined(separator: ", ")).")
    var precision: String = "bf16"
    @Option(help: "dense or moe (default: the model's, else dense).") var kind: String?
    @Option(
        help:
            "Model FLOPs utilization over the whole run, of the precision's peak (default: fitted by hardware, size and kind, x availability)."
    )
    var mfu: Double?
    @Option(help: "Share of the run's GPU time spent training (default \(TrainingUtilization.availability.formatted); 1: steady state).")
    var availability: Double = TrainingUtilization.availability
    @Option(help: "Power usage effectiveness (default 1.2).") var pue: Double = TrainingComputeModel.defaultPUE
    @Option(help: "Price per GPU-hour in USD (default: the catalog's).") var price: Double?
    @Option(help: "GPUs, for days.") var gpus: Int?
    @Option(help: "Training context length: adds attention's FLOP per token for the model's attention type (needs --model).") var context:
        Int?
    @Option(name: .customLong("scaling-law"), help: "epoch (Besiroglu et al. 2024, default) or hoffmann (Chinchilla 2022).")
    var scalingLaw: String = "epoch"
    @Option(help: "Output format.") var format: TextFormat = .text

    func validate() throws {
        if model == nil, parameters == nil || tokens == nil {
            throw ValidationError("give --model, or both --params and --tokens")
        }
        if let mfu, !(mfu > 0 && mfu <= 1) { throw ValidationError("--mfu is a fraction above 0 and at most 1, e.g. 0.4") }
        guard availability > 0, availability <= 1 else {
            throw ValidationError("--availability is a fraction above 0 and at most 1, e.g. 0.75")
        }
        if let kind, !["dense", "moe"].contains(kind) { throw ValidationError("--kind is dense or moe") }
        if let gpus, gpus < 1 { throw ValidationError("--gpus must be 1 or more") }
        guard pue >= 1 else { throw ValidationError("--pue is 1 or more, e.g. 1.2") }
        guard Accelerator.Precision(rawValue: precision) != nil else {
            throw ValidationError(
                Suggestion.message(unknown: precision, expected: Accelerator.Precision.allCases.map(\.rawValue)) + " (--precision)")
        }
        guard ScalingLaw.all.contains(where: { $0.name == scalingLaw }) else { throw ValidationError("--scaling-law is epoch or hoffmann") }
        if context != nil, model == nil { throw ValidationError("--context needs --model, for the layers and width") }
        if let context, context < 1 { throw ValidationError("--context must be 1 or more") }
    }

    func run() throws {
        let catalog = try (model != nil || hardware != nil) ? workspace.catalog() : Catalog()
        let architecture = try model.map { try catalog.lookup($0, in: \.models, flag: "--model") }
        guard let active = parameters ?? architecture?.nominalActiveParameters, let tokens = tokens ?? architecture?.trainingTokens else {
            throw ValidationError("the model \(model ?? "") has no training-tokens in the catalog: give --tokens")
        }
        let run = TrainingComputeModel(
            activeParameters: active, tokens: tokens,
            accelerator: try hardware.map { try catalog.lookup($0, in: \.accelerators, flag: "--hardware") },
            precision: Accelerator.Precision(rawValue: precision)!,
            mixtureOfExperts: kind.map { $0 == "moe" } ?? architecture?.isMixtureOfExperts ?? false, mfu: mfu, availability: availability,
            pue: pue, gpus: gpus, pricePerHourUSD: price,
            attentionFLOPsPerToken: context.flatMap { context in architecture.map { $0.trainingAttentionFLOPsPerToken(context: context) } }
                ?? 0)
        if let problem = run.precisionProblem { throw ValidationError(problem + " (--precision)") }
        let report = TrainingReport(run: run, law: ScalingLaw.all.first { $0.name == scalingLaw }!)
        Console.print(format == .json ? try Console.json(report) : report.text())
    }
}

/// `track model inference`.
struct InferenceModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inference",
        abstract: "Decode-step breakdown (which term binds), tokens/s per GPU and per user, prefill, memory fit and $/M tokens.",
        discussion: """
            Without --batch, the batch is the largest at which each user still gets --user-tokens-per-second;
            --batch max is the largest that fits in memory. With --input-tokens and no --context, the context is
            input plus output tokens.

            Examples:
              track model inference --model deepseek-v3 --hardware h800 --gpus 32 \\
                --user-tokens-per-second 20
              track model inference --model opt-13b --hardware a100-40gb --gpus 1 \\
                --batch 1 --context 512 --format json
              track model inference --model llama-3.1-70b --hardware h200 --gpus 1 \\
                --weight-precision fp8 --batch max --input-tokens 1000 --output-tokens 1000
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "A catalog model.") var model: String
    @Option(help: "A catalog accelerator.") var hardware: String
    @Option(help: "GPUs serving one replica (default 8).") var gpus: Int?
    @Option(name: .customLong("expert-parallel"), help: "Spread experts over this many GPUs (sets --gpus and expert parallelism).")
    var expertParallel: Int?
    @Option(help: "tp (tensor) or ep (expert) (default: ep for MoE models; dense models are always tp).") var parallelism: String?
    @Option(help: "Concurrent sequences, or max: the largest that fits in memory.") var batch: String?
    @Option(name: .customLong("user-tokens-per-second"), help: "Per-user speed target that sets the batch (default 20).")
    var userSpeed: Double = 20
    @Option(help: "Tokens in each sequence's KV cache (default 4096, or input + output tokens with --input-tokens).") var context: Int?
    @Option(name: .customLong("input-tokens"), help: "Prompt tokens per request (default: the context).") var inputTokens: Int?
    @Option(name: .customLong("cache-hit-rate"), help: "Share of prompt tokens already cached: no compute, still served (default 0).")
    var cacheHitRate: Double = 0
    @Option(help: "Share of the smaller decode terms hidden under the largest, 0 to 1 (default 0.3, fitted to the calibration table).")
    var overlap: Double?
    @Option(name: .customLong("weight-precision"), help: "Weights as served (default: the catalog's): fp8, bf16, ...") var weightPrecision:
        String?
    @Option(name: .customLong("kv-precision"), help: "KV cache precision (default fp8 beside fp8 or fp4 weights, else the weights').")
    var kvPrecision: String?
    @Option(name: .customLong("usable-memory"), help: "Share of each GPU's memory weights and KV cache may take (default 0.9).")
    var usableMemory: Double?
    @Option(
        name: .customLong("expert-load-balancing"),
        help: "true or false: redundant experts even out the expert-parallel load (default true above 8 GPUs).")
    var expertLoadBalancing: Bool?
    @Option(name: .customLong("output-tokens"), help: "Generated tokens per request, for the cost per request (default 512).")
    var outputTokens: Int = 512
    @Option(help: "Price per GPU-hour in USD (default: the catalog's).") var price: Double?
    @Option(help: "Output format.") var format: TextFormat = .text

    func validate() throws {
        for (flag, value) in [
            ("--gpus", gpus), ("--expert-parallel", expertParallel), ("--batch", batchSize), ("--context", context),
            ("--input-tokens", inputTokens), ("--output-tokens", outputTokens),
        ] {
            if let value, value < 1 { throw ValidationError("\(flag) must be 1 or more") }
        }
        if let batch, batch != "max", Int(batch) == nil { throw ValidationError("--batch is a whole number or max") }
        if let parallelism {
            guard let chosen = InferenceCostModel.Parallelism(name: parallelism) else {
                throw ValidationError("--parallelism is tp (tensor) or ep (expert)")
            }
            if chosen == .tensor, expertParallel != nil {
                throw ValidationError("--expert-parallel and --parallelism tp contradict each other")
            }
        }
        if let usableMemory, !(usableMemory > 0 && usableMemory <= 1) {
            throw ValidationError("--usable-memory is a fraction above 0 and at most 1, e.g. 0.9")
        }
        guard userSpeed > 0 else { throw ValidationError("--user-tokens-per-second must be above 0") }
        guard cacheHitRate >= 0, cacheHitRate < 1 else {
            throw ValidationError("--cache-hit-rate is a fraction from 0 to below 1, e.g. 0.56")
        }
        if let overlap, !(0...1).contains(overlap) {
            throw ValidationError("--overlap is a fraction from 0 (terms add up) to 1 (perfect overlap)")
        }
        for (flag, value) in [("--weight-precision", weightPrecision), ("--kv-precision", kvPrecision)] {
            if let value, Accelerator.Precision(rawValue: value) == nil {
                throw ValidationError(
                    Suggestion.message(unknown: value, expected: Accelerator.Precision.allCases.map(\.rawValue)) + " (\(flag))")
            }
        }
    }

    /// `--batch` as a number, when it is one.
    var batchSize: Int? { batch.flatMap { Int($0) } }

    func run() throws {
        let catalog = try workspace.catalog()
        let context = self.context ?? inputTokens.map { $0 + outputTokens } ?? 4096
        let architecture = try catalog.lookup(model, in: \.models, flag: "--model")
        let requested = expertParallel == nil ? parallelism.flatMap(InferenceCostModel.Parallelism.init(name:)) : .expert
        if let problem = InferenceCostModel.parallelismProblem(requested, for: architecture) {
            throw ValidationError(problem + " (--parallelism, --expert-parallel)")
        }
        var deployment = InferenceCostModel(
            model: architecture, accelerator: try catalog.lookup(hardware, in: \.accelerators, flag: "--hardware"),
            gpus: expertParallel ?? gpus ?? 8, context: context, parallelism: requested, pricePerHourUSD: price)
        deployment.cacheHitRate = cacheHitRate
        if let overlap { deployment.utilization.overlap = overlap }
        if let weightPrecision { deployment.weightPrecision = Accelerator.Precision(rawValue: weightPrecision)! }
        if let kvPrecision { deployment.kvPrecision = Accelerator.Precision(rawValue: kvPrecision)! }
        if let usableMemory { deployment.usableMemoryFraction = usableMemory }
        deployment.expertLoadBalancing = expertLoadBalancing
        if let problem = deployment.setupProblem { throw ValidationError(problem + " (--gpus, --expert-parallel)") }
        let chosenBatch: Int
        if batch == "max" {
            chosenBatch = max(1, deployment.largestBatchInMemory)
        } else if let batchSize {
            chosenBatch = batchSize
        } else {
            if deployment.fitProblem(batch: 1) == nil, let problem = deployment.speedProblem(userTokensPerSecond: userSpeed) {
                throw ValidationError(problem + " (--user-tokens-per-second)")
            }
            chosenBatch = max(1, deployment.largestBatch(userTokensPerSecond: userSpeed))
        }
        let report = InferenceReport(
            deployment: deployment, batch: chosenBatch, inputTokens: inputTokens ?? context, outputTokens: outputTokens)
        Console.print(format == .json ? try Console.json(report) : report.text())
    }
}

extension WorkspaceOptions {
    /// The workspace's catalog; exits 65 when the workspace has errors.
    func catalog() throws -> Catalog { Catalog(try engine().workspace) }
}

extension Catalog {
    /// The item with `id`, or a usage error naming the flag and suggesting a near miss.
    func lookup<Item: Identifiable>(_ id: String, in items: KeyPath<Catalog, [Item]>, flag: String) throws -> Item where Item.ID == String {
        if let item = self[keyPath: items].first(where: { $0.id == id }) { return item }
        throw ValidationError(
            Suggestion.message(unknown: id, expected: self[keyPath: items].map(\.id)) + " (\(flag); the catalog is catalog/*.yaml)")
    }
}
