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
                --hardware b200 --precision fp8 --format json
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "A catalog model: its active parameters and training tokens.") var model: String?
    @Option(name: .customLong("params"), help: "Active parameters N (e.g. 37e9).") var parameters: Double?
    @Option(help: "Training tokens D (e.g. 14.8e12).") var tokens: Double?
    @Option(help: "A catalog accelerator, for GPU-hours, days, cost and energy.") var hardware: String?
    @Option(help: "Precision whose peak the run uses: \(Accelerator.Precision.allCases.map(\.rawValue).joined(separator: ", ")).")
    var precision: String = "bf16"
    @Option(help: "Model FLOPs utilization, of the precision's peak (default 0.40 at BF16, 0.18 at FP8, 0.09 at FP4).") var mfu: Double?
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
            precision: Accelerator.Precision(rawValue: precision)!, mfu: mfu, pue: pue, gpus: gpus, pricePerHourUSD: price,
            attentionFLOPsPerToken: context.flatMap { context in architecture.map { $0.trainingAttentionFLOPsPerToken(context: context) } }
                ?? 0)
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
            Without --batch, the batch is the largest at which each user still gets --user-tokens-per-second.

            Examples:
              track model inference --model deepseek-v3 --hardware h800 --gpus 32 \\
                --user-tokens-per-second 20
              track model inference --model opt-13b --hardware a100-40gb --gpus 1 \\
                --batch 1 --context 512 --format json
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "A catalog model.") var model: String
    @Option(help: "A catalog accelerator.") var hardware: String
    @Option(help: "GPUs serving one replica (default 8).") var gpus: Int?
    @Option(name: .customLong("expert-parallel"), help: "Spread experts over this many GPUs (sets --gpus and expert parallelism).")
    var expertParallel: Int?
    @Option(help: "Concurrent sequences.") var batch: Int?
    @Option(name: .customLong("user-tokens-per-second"), help: "Per-user speed target that sets the batch (default 20).")
    var userSpeed: Double = 20
    @Option(help: "Tokens in each sequence's KV cache (default 4096).") var context: Int = 4096
    @Option(name: .customLong("input-tokens"), help: "Prompt tokens per request (default: the context).") var inputTokens: Int?
    @Option(name: .customLong("cache-hit-rate"), help: "Share of prompt tokens already cached: no compute, still served (default 0).")
    var cacheHitRate: Double = 0
    @Option(help: "Share of the smaller decode terms hidden under the largest, 0 to 1 (default 0.3, fitted to the calibration table).")
    var overlap: Double?
    @Option(name: .customLong("weight-precision"), help: "Weights as served (default: the catalog's): fp8, bf16, ...") var weightPrecision:
        String?
    @Option(name: .customLong("kv-precision"), help: "KV cache precision (default bf16).") var kvPrecision: String?
    @Option(name: .customLong("output-tokens"), help: "Generated tokens per request, for the cost per request (default 512).")
    var outputTokens: Int = 512
    @Option(help: "Price per GPU-hour in USD (default: the catalog's).") var price: Double?
    @Option(help: "Output format.") var format: TextFormat = .text

    func validate() throws {
        for (flag, value) in [
            ("--gpus", gpus), ("--expert-parallel", expertParallel), ("--batch", batch), ("--context", context),
            ("--input-tokens", inputTokens), ("--output-tokens", outputTokens),
        ] {
            if let value, value < 1 { throw ValidationError("\(flag) must be 1 or more") }
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

    func run() throws {
        let catalog = try workspace.catalog()
        var deployment = InferenceCostModel(
            model: try catalog.lookup(model, in: \.models, flag: "--model"),
            accelerator: try catalog.lookup(hardware, in: \.accelerators, flag: "--hardware"),
            gpus: expertParallel ?? gpus ?? 8, context: context, parallelism: expertParallel == nil ? nil : .expert, pricePerHourUSD: price)
        deployment.cacheHitRate = cacheHitRate
        if let overlap { deployment.utilization.overlap = overlap }
        if let weightPrecision { deployment.weightPrecision = Accelerator.Precision(rawValue: weightPrecision)! }
        if let kvPrecision { deployment.kvPrecision = Accelerator.Precision(rawValue: kvPrecision)! }
        let chosenBatch = batch ?? max(1, deployment.largestBatch(userTokensPerSecond: userSpeed))
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
