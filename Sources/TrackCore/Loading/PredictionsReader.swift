/// What predictions.yaml declares. Besides the entries that decoded, it keeps the ids and
/// references of every entry, broken ones included, so that cross-file checks still see them.
public struct PredictionsFile {
    public internal(set) var sources: [Source] = []
    public internal(set) var predictions: [Prediction] = []
    /// Every source id written, with its place.
    var sourceIDs: [(id: String, mark: SourceMark)] = []
    /// Every prediction id written, with its place.
    var predictionIDs: [(id: String, mark: SourceMark)] = []
    /// Every prediction's `source:` value, with its place.
    var sourceReferences: [(id: String, mark: SourceMark)] = []
    public internal(set) var diagnostics: [Diagnostic] = []
}

/// Decodes predictions.yaml: its `sources` and `predictions`.
public enum PredictionsReader {
    public static func read(_ root: YAMLNode?, file: String) -> PredictionsFile {
        var result = PredictionsFile()
        guard let root else {
            result.diagnostics = [Diagnostic("predictions.yaml is empty; it needs a 'predictions' list", file: file)]
            return result
        }
        var fields: FieldReader
        do { fields = try FieldReader(root, context: "predictions file", fields: FileSchema.predictionsFile.names) } catch {
            result.diagnostics = [error]
            return result
        }
        for item in fields.optional("sources", { Array(try $0.sequence()) }) ?? [] {
            if let id = item.mappingView?["id"]?.value, let text = id.scalar?.text { result.sourceIDs.append((text, id.mark)) }
            if let source = readSource(item, into: &fields) { result.sources.append(source) }
        }
        for item in fields.required("predictions", { Array(try $0.sequence()) }) ?? [] {
            if let mapping = item.mappingView {
                if let id = mapping["id"]?.value, let text = id.scalar?.text { result.predictionIDs.append((text, id.mark)) }
                if let source = mapping["source"]?.value, let text = source.scalar?.text {
                    result.sourceReferences.append((text, source.mark))
                }
            }
            if let prediction = readPrediction(item, into: &fields) { result.predictions.append(prediction) }
        }
        result.diagnostics = fields.finish()
        return result
    }

    private static func readSource(_ node: YAMLNode, into file: inout FieldReader) -> Source? {
        var fields: FieldReader
        do { fields = try FieldReader(node, context: "source", fields: FileSchema.source.names) } catch {
            file.report(error)
            return nil
        }
        let id = fields.required("id") { try $0.slug() }
        let title = fields.required("title") { try $0.string() }
        let publisher = fields.optional("publisher") { try $0.string() }
        let published = fields.optional("published") { try $0.day() }
        let url = fields.optional("url") { try $0.string() }
        for diagnostic in fields.finish() { file.report(diagnostic) }
        guard let id, let title else { return nil }
        return Source(id: id, title: title, publisher: publisher, published: published, url: url, mark: node.mark)
    }

    private static func readPrediction(_ node: YAMLNode, into file: inout FieldReader) -> Prediction? {
        var fields: FieldReader
        do { fields = try FieldReader(node, context: "prediction", fields: FileSchema.prediction.names) } catch {
            file.report(error)
            return nil
        }
        let id = fields.required("id") { try $0.slug() }
        let statement = fields.required("statement") { try $0.string() }
        let source = fields.required("source") { try $0.slug() }
        let made = fields.required("made") { try $0.day() }
        let deadline = fields.required("deadline") { try $0.deadline() }
        let probability = fields.optional("probability") { try $0.probability() }
        let criteria = fields.required("criteria") { try $0.string() }
        let tags = fields.optional("tags") { try $0.strings() } ?? []
        let evaluate = fields.optional("evaluate") { $0 }
        if evaluate == nil, let node = fields.node("evaluate") {
            // `evaluate:` with nothing after it reads as no evaluator at all: say so rather than track nothing.
            fields.report(
                Diagnostic(
                    "'evaluate' is empty; name a plugin and its parameters (track plugins lists them), or remove the key", at: node.mark))
        }
        let resolution = fields.optional("resolution") { try readResolution($0) }
        let notes = fields.optional("notes") { try $0.string() }
        let said = fields.node("said").map { ForecasterEntryReader.read($0, into: &fields) } ?? []
        let crowd = fields.optional("crowd") { node throws(Diagnostic) in CrowdReference(indicator: try node.slug(), mark: node.mark) }
        if let made, let deadline, made > deadline.day, let mark = fields.node("made")?.mark {
            fields.report(
                Diagnostic("'made' (\(made)) is after the deadline (\(deadline.day)); a forecast is made before it is due", at: mark))
        }
        if let made, let deadline {
            for diagnostic in ForecasterEntryReader.window(said, made: made, deadline: deadline.day) { fields.report(diagnostic) }
        }
        for diagnostic in fields.finish() { file.report(diagnostic) }
        guard let id, let statement, let source, let made, let deadline, let criteria else { return nil }
        return Prediction(
            id: id, statement: statement, source: source, made: made, deadline: deadline, probability: probability,
            criteria: criteria, tags: tags, evaluate: evaluate, resolution: resolution, notes: notes, said: said, crowd: crowd,
            mark: node.mark)
    }

    private static func readResolution(_ node: YAMLNode) throws(DiagnosticsError) -> Resolution {
        var fields: FieldReader
        do { fields = try FieldReader(node, context: "resolution", fields: FileSchema.resolution.names) } catch {
            throw DiagnosticsError([error])
        }
        let outcome = fields.required("outcome") { try $0.oneOf(Resolution.Outcome.self) }
        let date = fields.required("date") { try $0.day() }
        let source = fields.required("source") { try $0.string() }
        let note = fields.optional("note") { try $0.string() }
        let diagnostics = fields.finish()
        guard diagnostics.isEmpty, let outcome, let date, let source else { throw DiagnosticsError(diagnostics) }
        return Resolution(outcome: outcome, date: date, source: source, note: note)
    }
}
