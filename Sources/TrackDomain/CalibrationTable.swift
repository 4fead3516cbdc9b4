import Foundation
import TrackCore
import TrackEngine

/// A publication that measurements in a calibration table come from. Cross-validation leaves out all of one
/// publication's measurements together.
public struct CalibrationSource: Sendable {
    public var id: String
    public var publication: String
    public var url: String
    public var stack: String?
}

/// Reads calibration/deployments.yaml and calibration/training-runs.yaml.
public enum CalibrationTable {
    public static let deploymentsFile = "calibration/deployments.yaml"
    public static let trainingRunsFile = "calibration/training-runs.yaml"

    /// The publications, inference measurements and training runs of `root`, with what is wrong in it.
    public struct Contents: Sendable {
        public var sources: [CalibrationSource] = []
        public var deployments: [InferenceMeasurement] = []
        public var trainingRuns: [TrainingMeasurement] = []
        public var diagnostics: [Diagnostic] = []

        /// The stack (serving software) of `publication`.
        public func stack(of publication: String) -> String? { sources.first { $0.id == publication }?.stack }
    }

    /// Reads the file at `path` against `catalog`.
    public static func load(_ path: String, catalog: Catalog) -> Contents {
        do throws(DiagnosticsError) {
            guard let root = try YAMLParser.parse(fileAt: path).root else {
                return Contents(diagnostics: [Diagnostic("empty calibration file", file: path)])
            }
            return read(root, catalog: catalog)
        } catch {
            return Contents(diagnostics: error.diagnostics)
        }
    }

    /// Decodes a calibration file: `sources`, then `deployments` or `runs`.
    public static func read(_ root: YAMLNode, catalog: Catalog) -> Contents {
        var contents = Contents()
        var fields: FieldReader
        do { fields = try FieldReader(root, context: "calibration file", fields: ["sources", "deployments", "runs"]) } catch {
            contents.diagnostics = [error]
            return contents
        }
        for item in fields.optional("sources", { Array(try $0.sequence()) }) ?? [] {
            if let source = readSource(item, into: &fields) { contents.sources.append(source) }
        }
        let known = Set(contents.sources.map(\.id))
        for item in fields.optional("deployments", { Array(try $0.sequence()) }) ?? [] {
            if let row = readDeployment(item, catalog: catalog, sources: known, into: &fields) { contents.deployments.append(row) }
        }
        for item in fields.optional("runs", { Array(try $0.sequence()) }) ?? [] {
            if let row = readRun(item, catalog: catalog, sources: known, into: &fields) { contents.trainingRuns.append(row) }
        }
        contents.diagnostics = fields.finish()
        return contents
    }

    private static func readSource(_ node: YAMLNode, into file: inout FieldReader) -> CalibrationSource? {
        var fields: FieldReader
        do {
            fields = try FieldReader(node, context: "source", fields: ["id", "publication", "url", "date", "stack", "kind", "note"])
        } catch {
            file.report(error)
            return nil
        }
        let id = fields.required("id") { try $0.string() }
        let publication = fields.required("publication") { try $0.string() }
        let url = fields.required("url") { try $0.string() }
        _ = fields.required("date") { try $0.string() }
        let stack = fields.optional("stack") { try $0.string() }
        _ = fields.optional("kind") { try $0.string() }
        _ = fields.optional("note") { try $0.string() }
        for diagnostic in fields.finish() { file.report(diagnostic) }
        guard let id, let publication, let url else { return nil }
        return CalibrationSource(id: id, publication: publication, url: url, stack: stack)
    }

    private static func publication(_ node: YAMLNode, _ sources: Set<String>) throws(Diagnostic) -> String {
        let id = try node.string()
        guard sources.contains(id) else {
            throw Diagnostic(
                Suggestion.message(unknown: id, expected: sources.sorted(), noun: "publication") + " (list it under 'sources')",
                at: node.mark)
        }
        return id
    }

    private static func accelerator(_ node: YAMLNode, _ catalog: Catalog) throws(Diagnostic) -> Accelerator {
        let id = try node.string()
        guard let accelerator = catalog.accelerator(id) else {
            throw Diagnostic(Suggestion.message(unknown: id, expected: catalog.accelerators.map(\.id), noun: "accelerator"), at: node.mark)
        }
        return accelerator
    }

    private static func readDeployment(_ node: YAMLNode, catalog: Catalog, sources: Set<String>, into file: inout FieldReader)
        -> InferenceMeasurement?
    {
        var fields: FieldReader
        do {
            fields = try FieldReader(
                node, context: "deployment",
                fields: [
                    "id", "publication", "model", "model-name", "hardware", "gpus", "parallelism", "weight-precision", "kv-precision",
                    "batch", "user-tokens-per-second", "context", "input-tokens", "output-tokens", "cache-hit-rate", "measure", "measured",
                    "source", "derivation", "note",
                ])
        } catch {
            file.report(error)
            return nil
        }
        let id = fields.required("id") { try $0.string() }
        let publication = fields.required("publication") { try Self.publication($0, sources) }
        let model = fields.required("model") { node throws(Diagnostic) -> ModelArchitecture in
            let id = try node.string()
            guard let model = catalog.model(id) else {
                throw Diagnostic(Suggestion.message(unknown: id, expected: catalog.models.map(\.id), noun: "model"), at: node.mark)
            }
            return model
        }
        _ = fields.optional("model-name") { try $0.string() }
        let hardware = fields.required("hardware") { try Self.accelerator($0, catalog) }
        let gpus = fields.required("gpus") { try $0.positiveInt() }
        let parallelism = fields.optional("parallelism") { try $0.oneOf(InferenceCostModel.Parallelism.self) }
        let weights = fields.optional("weight-precision") { try $0.oneOf(Accelerator.Precision.self) }
        let kv = fields.optional("kv-precision") { try $0.oneOf(Accelerator.Precision.self) }
        let batch =
            fields.optional("batch") { node throws(Diagnostic) -> Int? in
                if node.scalar?.coreValue == .string("max") { return nil }
                return try node.positiveInt()
            } ?? nil
        let speed = fields.optional("user-tokens-per-second") { try $0.positive() }
        let context = fields.required("context") { try $0.positiveInt() }
        let input = fields.optional("input-tokens") { try $0.positiveInt() }
        let output = fields.optional("output-tokens") { try $0.positiveInt() }
        let hitRate = fields.optional("cache-hit-rate") { try $0.probability() }
        let measure = fields.required("measure") { try $0.oneOf(InferenceMeasurement.Measure.self) }
        let measured = fields.required("measured") { try $0.positive() }
        let url = fields.required("source") { try $0.string() }
        _ = fields.required("derivation") { try $0.string() }
        _ = fields.optional("note") { try $0.string() }
        if measure == .servingOutputTokensPerSecondPerGPU, input == nil || output == nil {
            fields.report(Diagnostic("a serving measure needs 'input-tokens' and 'output-tokens'", at: node.mark))
        }
        for diagnostic in fields.finish() { file.report(diagnostic) }
        guard let id, let publication, let model, let hardware, let gpus, let context, let measure, let measured, let url else {
            return nil
        }
        var deployment = InferenceCostModel(model: model, accelerator: hardware, gpus: gpus, context: context, parallelism: parallelism)
        if let weights { deployment.weightPrecision = weights }
        deployment.kvPrecisionSetting = kv
        deployment.cacheHitRate = hitRate ?? 0
        if let problem = deployment.setupProblem {
            file.report(Diagnostic(problem, at: node.mark))
            return nil
        }
        return InferenceMeasurement(
            id: id, publication: publication, deployment: deployment, batch: batch, userTokensPerSecond: speed,
            inputTokens: input ?? context,
            outputTokens: output ?? 0, measure: measure, measured: measured, url: url)
    }

    private static func readRun(_ node: YAMLNode, catalog: Catalog, sources: Set<String>, into file: inout FieldReader)
        -> TrainingMeasurement?
    {
        var fields: FieldReader
        do {
            fields = try FieldReader(
                node, context: "training run",
                fields: [
                    "id", "publication", "model-name", "kind", "active-parameters", "tokens", "hardware", "gpus", "precision", "measure",
                    "measured", "source", "derivation", "note",
                ])
        } catch {
            file.report(error)
            return nil
        }
        let id = fields.required("id") { try $0.string() }
        let publication = fields.required("publication") { try Self.publication($0, sources) }
        _ = fields.optional("model-name") { try $0.string() }
        let kind = fields.required("kind") { node throws(Diagnostic) -> Bool in
            let kind = try node.string()
            guard ["dense", "moe"].contains(kind) else { throw Diagnostic("'kind' is dense or moe", at: node.mark) }
            return kind == "moe"
        }
        let active = fields.required("active-parameters") { try $0.positive() }
        let tokens = fields.required("tokens") { try $0.positive() }
        let hardware = fields.required("hardware") { try Self.accelerator($0, catalog) }
        _ = fields.optional("gpus") { try $0.positiveInt() }
        let precision = fields.required("precision") { try $0.oneOf(Accelerator.Precision.self) }
        let measure = fields.required("measure") { try $0.oneOf(TrainingMeasurement.Measure.self) }
        let measured = fields.required("measured") { try $0.positive() }
        let url = fields.required("source") { try $0.string() }
        _ = fields.required("derivation") { try $0.string() }
        _ = fields.optional("note") { try $0.string() }
        for diagnostic in fields.finish() { file.report(diagnostic) }
        guard let id, let publication, let kind, let active, let tokens, let hardware, let precision, let measure, let measured, let url
        else { return nil }
        return TrainingMeasurement(
            id: id, publication: publication, activeParameters: active, tokens: tokens, mixtureOfExperts: kind, accelerator: hardware,
            precision: precision, measure: measure, measured: measured, url: url)
    }
}
