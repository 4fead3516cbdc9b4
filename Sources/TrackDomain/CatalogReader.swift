import TrackCore
import TrackEngine

/// Decodes catalog/*.yaml: each file may hold `accelerators:` and `models:` lists.
enum CatalogReader {
    static func read(_ root: YAMLNode, into catalog: inout Catalog) -> [Diagnostic] {
        var fields: FieldReader
        do { fields = try FieldReader(root, context: "catalog file", fields: ["accelerators", "models"]) } catch { return [error] }
        for item in fields.optional("accelerators", { Array(try $0.sequence()) }) ?? [] {
            if let accelerator = readAccelerator(item, into: &fields) { catalog.accelerators.append(accelerator) }
        }
        for item in fields.optional("models", { Array(try $0.sequence()) }) ?? [] {
            if let model = readModel(item, into: &fields) { catalog.models.append(model) }
        }
        return fields.finish()
    }

    private static func readAccelerator(_ node: YAMLNode, into file: inout FieldReader) -> Accelerator? {
        var fields: FieldReader
        do {
            fields = try FieldReader(
                node, context: "accelerator",
                fields: [
                    "id", "name", "peak-tflops", "memory-gb", "memory-bandwidth-tbps", "scale-up-gbps", "scale-out-gbps",
                    "gpus-per-node", "power-watts", "price-per-hour-usd", "source", "note",
                ])
        } catch {
            file.report(error)
            return nil
        }
        let id = fields.required("id") { try $0.slug() }
        let name = fields.required("name") { try $0.string() }
        let peaks = fields.required("peak-tflops", readPeaks)
        // Above 100 TB per accelerator (the largest today hold 288 GB) is a typo, not a design: refused, not clamped.
        let memory = fields.required("memory-gb") { node throws(Diagnostic) -> Double in
            let value = try node.positive()
            guard value <= 100_000 else {
                throw Diagnostic(
                    "'memory-gb' \(value.formatted) is above 100000 GB (100 TB) per accelerator; check the unit", at: node.mark)
            }
            return value
        }
        let bandwidth = fields.required("memory-bandwidth-tbps") { try $0.positive() }
        let scaleUp = fields.required("scale-up-gbps") { try $0.positive() }
        let scaleOut = fields.required("scale-out-gbps") { try $0.positive() }
        let perNode = fields.optional("gpus-per-node") { try $0.positiveInt() } ?? 8
        let power = fields.required("power-watts") { try $0.positive() }
        let price = fields.optional("price-per-hour-usd") { try $0.positive() }
        let source = fields.required("source") { try $0.string() }
        _ = fields.optional("note") { try $0.string() }
        for diagnostic in fields.finish() { file.report(diagnostic) }
        guard let id, let name, let peaks, let memory, let bandwidth, let scaleUp, let scaleOut, let power, let source else { return nil }
        return Accelerator(
            id: id, name: name, peakFLOPS: peaks, memoryBytes: memory * Accelerator.bytesPerGB,
            memoryBandwidthBytesPerSecond: bandwidth * 1e12,
            scaleUpBytesPerSecond: scaleUp * 1e9, scaleOutBytesPerSecond: scaleOut * 1e9, gpusPerNode: perNode, boardPowerWatts: power,
            pricePerHourUSD: price, source: source, mark: node.mark)
    }

    /// `{bf16: 989, fp8: 1979}` in TFLOP/s, to FLOP/s.
    private static func readPeaks(_ node: YAMLNode) throws(DiagnosticsError) -> [Accelerator.Precision: Double] {
        let mapping: YAMLMapping
        do { mapping = try node.mapping() } catch { throw DiagnosticsError([error]) }
        var peaks: [Accelerator.Precision: Double] = [:]
        var problems: [Diagnostic] = []
        for entry in mapping.entries {
            guard let precision = Accelerator.Precision(rawValue: entry.key) else {
                problems.append(
                    Diagnostic(
                        Suggestion.message(unknown: entry.key, expected: Accelerator.Precision.allCases.map(\.rawValue), noun: "precision"),
                        at: entry.keyMark))
                continue
            }
            do { peaks[precision] = try entry.value.positive() * 1e12 } catch { problems.append(error) }
        }
        if peaks.isEmpty, problems.isEmpty {
            problems.append(Diagnostic("'peak-tflops' needs at least one precision, e.g. {bf16: 989}", at: node.mark))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return peaks
    }

    /// The largest dimension or count a model may have: products of two stay far inside an `Int`.
    static let maximumDimension = Int(Int32.max)

    /// A model dimension: a whole number from 1 to `maximumDimension`.
    private static func dimension(_ node: YAMLNode) throws(Diagnostic) -> Int {
        guard case .int(let value) = node.scalar?.coreValue, (1...maximumDimension).contains(value) else {
            throw node.mismatch("a whole number from 1 to \(maximumDimension)")
        }
        return value
    }

    /// A count that may be zero: a whole number from 0 to `maximumDimension`.
    private static func count(_ node: YAMLNode) throws(Diagnostic) -> Int {
        guard case .int(let value) = node.scalar?.coreValue, (0...maximumDimension).contains(value) else {
            throw node.mismatch("a whole number from 0 to \(maximumDimension)")
        }
        return value
    }

    private static func readModel(_ node: YAMLNode, into file: inout FieldReader) -> ModelArchitecture? {
        var fields: FieldReader
        do {
            fields = try FieldReader(
                node, context: "model",
                fields: [
                    "id", "name", "layers", "dense-layers", "d-model", "heads", "attention", "routed-experts", "shared-experts",
                    "experts-per-token", "expert-ffn", "dense-ffn", "ffn-matrices", "vocabulary", "weight-precision", "total-parameters",
                    "active-parameters", "training-tokens", "routed-node-limit", "source", "note",
                ])
        } catch {
            file.report(error)
            return nil
        }
        let id = fields.required("id") { try $0.slug() }
        let name = fields.required("name") { try $0.string() }
        let layers = fields.required("layers") { try Self.dimension($0) }
        let modelDimension = fields.required("d-model") { try Self.dimension($0) }
        let heads = fields.required("heads") { try Self.dimension($0) }
        let attention = fields.required("attention", readAttention)
        let routed = fields.optional("routed-experts") { try Self.count($0) } ?? 0
        let shared = fields.optional("shared-experts") { try Self.count($0) } ?? 0
        let perToken = fields.optional("experts-per-token") { try Self.count($0) } ?? 0
        let expertFFN = fields.optional("expert-ffn") { try Self.count($0) } ?? 0
        let denseFFN = fields.required("dense-ffn") { try Self.dimension($0) }
        let ffnMatrices =
            fields.optional("ffn-matrices") { node throws(Diagnostic) -> Int in
                let count = try node.int()
                guard count == 2 || count == 3 else {
                    throw Diagnostic("'ffn-matrices' is 3 (gated, SwiGLU) or 2 (plain MLP)", at: node.mark)
                }
                return count
            } ?? 3
        let denseLayers = fields.optional("dense-layers") { try Self.count($0) } ?? (routed > 0 ? 0 : layers ?? 0)
        let vocabulary = fields.required("vocabulary") { try Self.dimension($0) }
        let precision = fields.optional("weight-precision") { try $0.oneOf(Accelerator.Precision.self) } ?? .bf16
        let declaredTotal = fields.optional("total-parameters") { try $0.positive() }
        let declaredActive = fields.optional("active-parameters") { try $0.positive() }
        let tokens = fields.optional("training-tokens") { try $0.positive() }
        let nodeLimit = fields.optional("routed-node-limit") { try $0.positiveInt() }
        let source = fields.required("source") { try $0.string() }
        _ = fields.optional("note") { try $0.string() }
        if routed > 0, perToken <= 0 || perToken > routed || expertFFN <= 0 {
            fields.report(
                Diagnostic(
                    "a Mixture-of-Experts model needs 'experts-per-token' between 1 and 'routed-experts' (\(routed)) and an 'expert-ffn' width",
                    at: node.mark))
        }
        if let layers, denseLayers > layers || denseLayers < 0 {
            fields.report(Diagnostic("'dense-layers' (\(denseLayers)) must be between 0 and 'layers' (\(layers))", at: node.mark))
        }
        guard let id, let name, let layers, let modelDimension, let heads, let attention, let denseFFN, let vocabulary, let source else {
            for diagnostic in fields.finish() { file.report(diagnostic) }
            return nil
        }
        let model = ModelArchitecture(
            id: id, name: name, layers: layers, denseLayers: denseLayers, modelDimension: modelDimension, heads: heads,
            attention: attention, routedExperts: routed, sharedExperts: shared, expertsPerToken: perToken, expertFFNDimension: expertFFN,
            denseFFNDimension: denseFFN, ffnMatrices: ffnMatrices, vocabulary: vocabulary, weightPrecision: precision,
            routedNodeLimit: nodeLimit,
            declaredTotalParameters: declaredTotal,
            declaredActiveParameters: declaredActive, trainingTokens: tokens, source: source, mark: node.mark)
        // The declared sizes must agree with the architecture, or one of them is wrong.
        for (key, declared, counted) in [
            ("total-parameters", declaredTotal, model.totalParameters), ("active-parameters", declaredActive, model.activeParameters),
        ] {
            guard let declared, abs(counted / declared - 1) > 0.05, let mark = fields.node(key)?.mark else { continue }
            fields.report(
                Diagnostic(
                    "'\(key)' says \(declared.formatted) but the architecture counts \(counted.formatted) "
                        + "(\((counted / declared - 1).percent) off); check the dimensions",
                    at: mark, severity: .warning))
        }
        for diagnostic in fields.finish() { file.report(diagnostic) }
        return model
    }

    /// `{type: mla, kv-lora-rank: 512, ...}`, `{type: gqa, kv-heads: 8, head-dim: 128}` or `{type: mha, head-dim: 128}`.
    private static func readAttention(_ node: YAMLNode) throws(DiagnosticsError) -> ModelArchitecture.Attention {
        var fields: FieldReader
        do {
            fields = try FieldReader(
                node, context: "attention",
                fields: [
                    "type", "head-dim", "kv-heads", "kv-lora-rank", "q-lora-rank", "rope-head-dim", "nope-head-dim", "v-head-dim",
                ])
        } catch { throw DiagnosticsError([error]) }
        let type = fields.required("type") { node throws(Diagnostic) -> String in
            let type = try node.string()
            guard ["mha", "gqa", "mla"].contains(type) else {
                throw Diagnostic(Suggestion.message(unknown: type, expected: ["mha", "gqa", "mla"]), at: node.mark)
            }
            return type
        }
        let attention: ModelArchitecture.Attention?
        switch type {
        case "mha":
            attention = fields.required("head-dim") { try Self.dimension($0) }.map { .multiHead(headDimension: $0) }
        case "gqa":
            let kvHeads = fields.required("kv-heads") { try Self.dimension($0) }
            let headDimension = fields.required("head-dim") { try Self.dimension($0) }
            attention = kvHeads.flatMap { kv in headDimension.map { .groupedQuery(kvHeads: kv, headDimension: $0) } }
        case "mla":
            let kv = fields.required("kv-lora-rank") { try Self.dimension($0) }
            let q = fields.optional("q-lora-rank") { try Self.dimension($0) } ?? 0
            let rope = fields.required("rope-head-dim") { try Self.dimension($0) }
            let nope = fields.required("nope-head-dim") { try Self.dimension($0) }
            let value = fields.required("v-head-dim") { try Self.dimension($0) }
            if let kv, let rope, let nope, let value {
                attention = .multiHeadLatent(
                    kvLoraRank: kv, qLoraRank: q, ropeHeadDimension: rope, nopeHeadDimension: nope, valueHeadDimension: value)
            } else {
                attention = nil
            }
        default:
            attention = nil
        }
        try fields.finishOrThrow()
        return try fields.unwrap(attention)
    }
}
