import TrackCore
import TrackDomain
import TrackEngine

/// A model served on hardware, read from plugin parameters: model, hardware, gpus, context, and
/// either a batch or a per-user speed target (the largest batch that still meets it).
struct Deployment: Sendable {
    static let fields = [
        "model", "hardware", "gpus", "context", "batch", "user-tokens-per-second", "input-tokens", "cache-hit-rate", "price",
        "parallelism", "weight-precision", "kv-precision", "usable-memory", "expert-load-balancing",
    ]

    static let parameters: [EvaluatorDescription.Parameter] = [
        .init("model", "model id", "a catalog model"),
        .init("hardware", "accelerator id", "a catalog accelerator"),
        .init("gpus", "whole number", default: "8", "GPUs serving one replica"),
        .init("context", "tokens", default: "4096", "tokens in each sequence's KV cache"),
        .init("batch", "whole number", default: "set by user-tokens-per-second", "concurrent sequences"),
        .init(
            "user-tokens-per-second", "number", default: "20",
            "per-user speed; the batch is the largest that meets it (an error when one sequence alone cannot)"),
        .init("input-tokens", "tokens", default: "the context", "prompt length, for prefill and input cost"),
        .init("cache-hit-rate", "fraction", default: "0", "share of prompt tokens already cached: no compute, still served"),
        .init("price", "$ per GPU-hour", default: "the accelerator's", "rental price"),
        .init(
            "parallelism", "expert (ep) | tensor (tp)", default: "expert for MoE, tensor for dense",
            "how weights spread over the GPUs; expert parallelism needs at least one routed expert per GPU"),
        .init("weight-precision", "fp8 | bf16 | fp4 | ...", default: "the catalog's", "weights as served"),
        .init("kv-precision", "bf16 | fp8 | ...", default: "fp8 beside fp8 or fp4 weights, else the weights'", "KV cache as stored"),
        .init("usable-memory", "fraction", default: "0.9", "share of each GPU's memory weights and KV cache may take"),
        .init(
            "expert-load-balancing", "true | false", default: "true above 8 GPUs",
            "redundant experts (EPLB) evening out the expert-parallel load"),
    ]

    let model: InferenceCostModel
    let batch: Int
    let inputTokens: Int
    /// The per-user speed the batch was chosen for; nil when the batch was given.
    let userTokensPerSecond: Double?

    /// Reads a deployment from `fields`; nil (with diagnostics in `fields`) when incomplete or when it asks for
    /// what it cannot have: more expert-parallel GPUs than routed experts, a per-user speed no batch reaches. A
    /// deployment that does not fit in memory is read, and its costs are untestable with the reason (`costProblem`).
    static func read(_ fields: inout FieldReader, _ parameters: EvaluatorParameters, catalog: Catalog) -> Deployment? {
        let model = fields.required("model") { try parameters.model($0, in: catalog) }
        let hardware = fields.required("hardware") { try parameters.accelerator($0, in: catalog) }
        let gpus = fields.optional("gpus") { try $0.positiveInt() } ?? 8
        let context = fields.optional("context") { try $0.positiveInt() } ?? 4096
        let batch = fields.optional("batch") { try $0.positiveInt() }
        let speed = fields.optional("user-tokens-per-second") { try $0.positive() } ?? 20
        let input = fields.optional("input-tokens") { try $0.positiveInt() } ?? context
        let hitRate =
            fields.optional("cache-hit-rate") { node throws(Diagnostic) in
                let rate = try node.probability()
                guard rate < 1 else {
                    throw Diagnostic("'cache-hit-rate' is a fraction below 1 (0.56: 56% of prompt tokens cached)", at: node.mark)
                }
                return rate
            } ?? 0
        let price = fields.optional("price") { try $0.positive() }
        let parallelism = fields.optional("parallelism") { node throws(Diagnostic) -> InferenceCostModel.Parallelism in
            let name = try node.string()
            guard let parallelism = InferenceCostModel.Parallelism(name: name) else {
                throw Diagnostic(Suggestion.message(unknown: name, expected: InferenceCostModel.Parallelism.names), at: node.mark)
            }
            return parallelism
        }
        let weights = fields.optional("weight-precision") { try $0.oneOf(Accelerator.Precision.self) }
        let kv = fields.optional("kv-precision") { try $0.oneOf(Accelerator.Precision.self) }
        let usable = fields.optional("usable-memory") { node throws(Diagnostic) -> Double in
            let fraction = try node.probability()
            guard fraction > 0 else { throw Diagnostic("'usable-memory' is a fraction above 0, e.g. 0.9", at: node.mark) }
            return fraction
        }
        let balancing = fields.optional("expert-load-balancing") { try $0.bool() }
        guard let model, let hardware else { return nil }
        if let problem = InferenceCostModel.parallelismProblem(parallelism, for: model) {
            fields.report(Diagnostic(problem, at: fields.node("parallelism")?.mark ?? fields.mark))
            return nil
        }
        var cost = InferenceCostModel(
            model: model, accelerator: hardware, gpus: gpus, context: context, parallelism: parallelism, pricePerHourUSD: price)
        cost.cacheHitRate = hitRate
        if let weights { cost.weightPrecision = weights }
        cost.kvPrecisionSetting = kv
        if let usable { cost.usableMemoryFraction = usable }
        cost.expertLoadBalancing = balancing
        if let problem = cost.setupProblem {
            fields.report(Diagnostic(problem, at: fields.node("gpus")?.mark ?? fields.node("parallelism")?.mark ?? fields.mark))
            return nil
        }
        if batch == nil, cost.fitProblem(batch: 1) == nil, let problem = cost.speedProblem(userTokensPerSecond: speed) {
            fields.report(Diagnostic(problem, at: fields.node("user-tokens-per-second")?.mark ?? fields.mark))
            return nil
        }
        return Deployment(
            model: cost, batch: batch ?? max(1, cost.largestBatch(userTokensPerSecond: speed)), inputTokens: input,
            userTokensPerSecond: batch == nil ? speed : nil)
    }

    /// Why the deployment has no cost: it does not fit in memory at its batch and context.
    var costProblem: String? { model.fitProblem(batch: batch) }

    /// The same deployment of another design of the model, its batch chosen again for the same speed;
    /// nil when that design does not fit or reaches no batch at that speed.
    func serving(_ design: ModelArchitecture) -> Deployment? {
        var cost = model
        cost.model = design
        guard cost.largestBatchInMemory > 0 else { return nil }
        if let userTokensPerSecond, cost.speedProblem(userTokensPerSecond: userTokensPerSecond) != nil { return nil }
        let batch = userTokensPerSecond.map { max(1, cost.largestBatch(userTokensPerSecond: $0)) } ?? batch
        return Deployment(model: cost, batch: batch, inputTokens: inputTokens, userTokensPerSecond: userTokensPerSecond)
    }

    /// "deepseek-v3 on 8 x h800, batch 64, 4096-token context".
    var label: String {
        "\(model.model.id) on \(model.gpus) x \(model.accelerator.id), batch \(batch), \(model.context)-token context"
    }
}
