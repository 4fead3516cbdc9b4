/// Reads a forecast's `said:` list: each entry's forecaster, probability, day and note. The names
/// are checked against track.yaml's `forecasters` by `ForecasterChecks`, which sees both files.
enum ForecasterEntryReader {
    /// The entries of a `said:` list that read; the problems of the others are reported to `fields`, so that
    /// the entries that did read are still checked across files.
    static func read(_ node: YAMLNode, into fields: inout FieldReader) -> [ForecasterEntry] {
        guard !node.isNull else { return [] }
        let items: YAMLSequence
        do { items = try node.sequence() } catch {
            var diagnostic = error
            diagnostic.message = "'said': " + diagnostic.message
            fields.report(diagnostic)
            return []
        }
        var entries: [ForecasterEntry] = []
        for item in items {
            do throws(DiagnosticsError) {
                entries.append(try entry(item))
            } catch {
                for diagnostic in error.diagnostics { fields.report(diagnostic) }
            }
        }
        return entries
    }

    private static func entry(_ node: YAMLNode) throws(DiagnosticsError) -> ForecasterEntry {
        var fields: FieldReader
        do { fields = try FieldReader(node, context: "said entry", fields: FileSchema.forecasterEntry.names) } catch {
            throw DiagnosticsError([error])
        }
        let by = fields.required("by") { try $0.slug() }
        let probability = fields.required("p") { node throws(Diagnostic) -> Double in
            let value = try node.probability()
            guard value > 0, value < 1 else {
                throw Diagnostic(
                    "a forecaster's probability is strictly between 0 and 1 (nobody is certain before the outcome); write 0.01 or 0.99",
                    at: node.mark)
            }
            return value
        }
        let on = fields.required("on") { try $0.day() }
        let note = fields.optional("note") { try $0.string() }
        try fields.finishOrThrow()
        return ForecasterEntry(
            by: try fields.unwrap(by), probability: try fields.unwrap(probability), on: try fields.unwrap(on), note: note, mark: node.mark)
    }

    /// An error for each entry said before the forecast was made or after its deadline.
    static func window(_ entries: [ForecasterEntry], made: Day, deadline: Day) -> [Diagnostic] {
        entries.compactMap { entry in
            guard entry.on < made || entry.on > deadline, let mark = entry.mark else { return nil }
            let when = entry.on < made ? "before the forecast was made (\(made))" : "after its deadline (\(deadline))"
            return Diagnostic("\(entry.by)'s probability of \(entry.on) is \(when); entries run from 'made' to the deadline", at: mark)
        }
    }
}
