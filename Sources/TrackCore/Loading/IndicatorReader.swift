import Foundation

/// Decodes one `indicators/NAME.yaml` file into an `Indicator`.
public enum IndicatorReader {
    /// Reads an indicator file's text: the indicator and the errors found (warnings left out).
    public static func check(_ text: String, file: String, id: String) -> (Indicator?, [Diagnostic]) {
        let bytes = Array(text.utf8)
        do throws(DiagnosticsError) {
            let (indicator, problems) = try read(file: file, expectedID: id) { collector throws(DiagnosticsError) in
                try YAMLParser.parse(bytes, file: file, collecting: &collector)
            }
            return (indicator, problems.filter { $0.severity == .error })
        } catch {
            return (nil, error.diagnostics)
        }
    }

    /// Parses an indicator file with `parse` and decodes it, its observations decoded while it is parsed
    /// (`parse` hands the collector to the parser). Throws what `parse` throws.
    static func read(
        file: String, expectedID: String, parse: (inout ObservationCollector?) throws(DiagnosticsError) -> YAMLDocument
    ) throws(DiagnosticsError) -> (Indicator?, [Diagnostic]) {
        var collector: ObservationCollector? = ObservationCollector()
        let document = try parse(&collector)
        if let result = read(document.root, file: file, expectedID: expectedID, collected: collector) { return result }
        // The observations were decoded for another kind or other states than the header says (written
        // below the list): the file is read again as nodes.
        var none: ObservationCollector?
        return read(try parse(&none).root, file: file, expectedID: expectedID)
    }

    /// Parses an indicator file's bytes and decodes it, its observations decoded while it is parsed: the
    /// document (whose observations list holds no item nodes when they were decoded that way; each
    /// observation keeps its item's line and column), the indicator and every problem. For edits of large
    /// files, which need the document's marks but not a node per observation.
    public static func parse(
        _ bytes: [UInt8], file: String, id: String
    ) throws(DiagnosticsError) -> (document: YAMLDocument, indicator: Indicator?, problems: [Diagnostic]) {
        var collector: ObservationCollector? = ObservationCollector()
        let document = try YAMLParser.parse(bytes, file: file, collecting: &collector)
        if let (indicator, problems) = read(document.root, file: file, expectedID: id, collected: collector) {
            return (document, indicator, problems)
        }
        let whole = try YAMLParser.parse(bytes, file: file)
        let (indicator, problems) = read(whole.root, file: file, expectedID: id)
        return (whole, indicator, problems)
    }

    /// The indicator (nil when its header is unusable) and every problem found in the file.
    public static func read(_ root: YAMLNode?, file: String, expectedID: String) -> (Indicator?, [Diagnostic]) {
        read(root, file: file, expectedID: expectedID, collected: nil)!
    }

    /// As above, with the observations `collected` while the file was parsed, if any; nil when they were
    /// decoded for another kind or other states than the header's.
    private static func read(
        _ root: YAMLNode?, file: String, expectedID: String, collected: ObservationCollector?
    ) -> (Indicator?, [Diagnostic])? {
        guard let root else {
            return (nil, [Diagnostic("the indicator file is empty; it needs at least 'name' and 'observations'", file: file)])
        }
        var fields: FieldReader
        do { fields = try FieldReader(root, context: "indicator", fields: FileSchema.indicator.names) } catch { return (nil, [error]) }

        let id = fields.optional("id") { try $0.slug() } ?? expectedID
        if !Slug.isValid(expectedID) {
            // The file's name is how forecasts and commands name the indicator: it must be an id too.
            fields.report(
                Diagnostic(
                    "the file name '\(TerminalText.excerpt(expectedID, limit: 40))' is not a valid indicator id: use lower-case letters, "
                        + "digits, '-', '.' and '_' (rename it, for example to \(Slug.suggest(from: expectedID)).yaml)", file: file))
        }
        if id != expectedID, let node = fields.node("id") {
            fields.report(
                Diagnostic("indicator id '\(id)' differs from its file name '\(expectedID).yaml'; rename one so they match", at: node.mark))
        }
        let name = fields.required("name") { try $0.string() }
        let unit = fields.optional("unit") { try $0.string() }
        let kind = fields.optional("kind") { try $0.oneOf(Indicator.Kind.self) } ?? .numeric
        let better = fields.optional("better") { try $0.oneOf(Indicator.Direction.self) }
        let states = fields.optional("states") { try $0.strings() } ?? []
        let description = fields.optional("description") { try $0.string() }
        let staleAfterDays = fields.optional("stale-after-days") { try $0.positiveInt() }
        let resolution = fields.optional("resolution") { try $0.positive() }
        let declaredSubjects = fields.optional("subjects") { try $0.strings() } ?? []
        let range = fields.optional("range") { node throws(Diagnostic) -> ClosedRange<Double> in
            let items = try node.sequence()
            guard items.count == 2 else { throw Diagnostic("'range' takes two numbers, [low, high] (for example [0, 100])", at: node.mark) }
            let low = try items[0].double()
            let high = try items[1].double()
            guard low < high else {
                throw Diagnostic("'range' must have its low bound below its high bound (found [\(low), \(high)])", at: node.mark)
            }
            return low...high
        }
        let update = fields.optional("update") { node throws(Diagnostic) -> YAMLNode in
            guard node.mappingView?.value(forKey: "source")?.scalar != nil else {
                throw Diagnostic(
                    "'update' takes a mapping that names its source (for example {source: csv, url: https://...})", at: node.mark)
            }
            return node
        }
        checkKind(kind, better: better, states: states, fields: &fields)
        if let collected, collected.assumedOtherThan(kind: kind, states: states) { return nil }

        var observations: [Observation] = []
        if let list = fields.required("observations", { try $0.sequence() }) {
            let (read, problems) = ObservationReader(kind: kind, states: states, indicatorID: id).readAll(list, collected: collected)
            observations = read
            for problem in problems { fields.report(problem) }
            if let range {
                for observation in read {
                    guard let value = observation.value.number, !range.contains(value) else { continue }
                    fields.report(
                        Diagnostic(
                            "value \(value.formatted) is outside the indicator's range [\(range.lowerBound.formatted), \(range.upperBound.formatted)]; "
                                + "fix the value or the range",
                            at: SourceMark(file: file, line: observation.line, column: observation.column)))
                }
            }
        }
        let diagnostics = fields.finish()
        guard let name else { return (nil, diagnostics) }
        var definition = IndicatorDefinition(
            id: id, name: name, unit: unit, kind: kind, better: better, states: states, description: description,
            range: range, staleAfterDays: staleAfterDays, file: file, declaredSubjects: declaredSubjects, update: update)
        definition.resolution = resolution
        let indicator = Indicator(definition, observations: observations)
        return (indicator, diagnostics)
    }

    /// A numeric series has no states; a state series has states and no direction.
    private static func checkKind(_ kind: Indicator.Kind, better: Indicator.Direction?, states: [String], fields: inout FieldReader) {
        switch kind {
        case .numeric:
            if !states.isEmpty, let node = fields.node("states") {
                fields.report(Diagnostic("'states' is for indicators of kind 'state'; add 'kind: state' or remove 'states'", at: node.mark))
            }
        case .state:
            if states.isEmpty {
                fields.report(
                    Diagnostic(
                        "an indicator of kind 'state' needs 'states', its states in order (for example [private, ipo-filed, listed])",
                        at: fields.mark))
            }
            if better != nil, let node = fields.node("better") {
                fields.report(
                    Diagnostic("'better' is for numeric indicators; a state indicator's order is given by 'states'", at: node.mark))
            }
            var seen = Set<String>()
            for state in states where !seen.insert(state).inserted {
                fields.report(Diagnostic("state '\(state)' is listed twice in 'states'", at: fields.node("states")?.mark ?? fields.mark))
            }
        }
    }
}

/// Decodes the observations of one indicator.
public struct ObservationReader: Sendable {
    static let fields = FileSchema.observation.names

    let kind: Indicator.Kind
    let states: [String]
    let indicatorID: String

    /// A reader of the observations of the indicator `indicatorID` of this kind and these states.
    public init(kind: Indicator.Kind, states: [String], indicatorID: String) {
        self.kind = kind
        self.states = states
        self.indicatorID = indicatorID
    }

    /// Every observation of the list, in order, and every problem found. Read on one thread: decoding in
    /// parallel chunks measured slower on the loader benchmark, the threads contending for the allocator.
    ///
    /// With `collected`, the observations decoded while the file was parsed (the list is then empty).
    public func readAll(_ list: YAMLSequence, collected: ObservationCollector? = nil) -> ([Observation], [Diagnostic]) {
        if let collected, collected.isCollecting {
            precondition(list.isEmpty, "a collected list keeps no items")
            return (collected.observations, [])
        }
        var observations: [Observation] = []
        observations.reserveCapacity(list.count)
        var diagnostics: [Diagnostic] = []
        list.document.withUnsafeView { view in
            for position in list.indices {
                if let observation = wellFormed(view.child(list.index, position), in: view)
                    ?? read(list[position], diagnostics: &diagnostics)
                {
                    observations.append(observation)
                }
            }
        }
        return (observations, diagnostics)
    }

    /// The observation, or nil with its problems added to `diagnostics`: the thorough path.
    func read(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> Observation? {
        var fields: FieldReader
        do { fields = try FieldReader(node, context: "observation", fields: Self.fields) } catch {
            diagnostics.append(error)
            return nil
        }
        let date = fields.required("date") { try $0.day() }
        let subject = fields.optional("subject") { try $0.string() }
        let value = fields.required("value") { try self.value($0) }
        let source = fields.required("source") { node throws(Diagnostic) in
            let text = try node.string()
            guard Self.isCitation(text) else { throw node.mismatch("a source (a URL or a citation)") }
            return text
        }
        let note = fields.optional("note") { try $0.string() }
        diagnostics += fields.finish()
        guard let date, let value, let source else { return nil }
        return Observation(
            date: date, subject: subject, value: value, source: source, note: note, line: node.mark.line, column: node.mark.column)
    }

    /// The fast path for the common case, an observation with nothing wrong: one pass over its
    /// entries, values read straight from the document. Anything unusual returns nil, and the
    /// thorough path above reads it again and says what is wrong.
    private func wellFormed(_ index: Int, in view: YAMLDocument.UnsafeView) -> Observation? {
        guard let count = view.entryCount(index) else { return nil }
        var draft = ObservationDraft()
        for position in 0..<count {
            guard let key = view.scalarBytes(view.child(index, 2 * position)), let field = ObservationDraft.field(key) else { return nil }
            let value = view.child(index, 2 * position + 1)
            // A list or mapping where a scalar belongs: let the thorough path explain.
            guard let bytes = view.scalarBytes(value),
                draft.set(field, bytes, isPlain: view.plainScalarBytes(value) != nil, kind: kind, states: states)
            else { return nil }
        }
        let record = view.records[index]
        return draft.take(line: Int(record.line), column: Int(record.column))
    }

    /// A source must say something: not empty, not only blanks.
    static func isCitation(_ text: String) -> Bool {
        text.utf8.contains { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
    }

    private func value(_ node: YAMLNode) throws(Diagnostic) -> Observation.Value {
        switch kind {
        case .numeric:
            return .number(try node.double())
        case .state:
            let text = try node.string()
            guard states.contains(text) else {
                throw Diagnostic(Suggestion.message(unknown: text, expected: states, noun: "state of '\(indicatorID)'"), at: node.mark)
            }
            return .state(text)
        }
    }
}
