import Foundation
import Synchronization

/// Decodes one `indicators/NAME.yaml` file into an `Indicator`.
public enum IndicatorReader {
    /// Reads an indicator file's text: the indicator and the errors found (warnings left out).
    public static func check(_ text: String, file: String, id: String) -> (Indicator?, [Diagnostic]) {
        do {
            let (indicator, problems) = read(try YAMLParser.parse(Array(text.utf8), file: file).root, file: file, expectedID: id)
            return (indicator, problems.filter { $0.severity == .error })
        } catch {
            return (nil, error.diagnostics)
        }
    }

    /// The indicator (nil when its header is unusable) and every problem found in the file.
    static func read(_ root: YAMLNode?, file: String, expectedID: String) -> (Indicator?, [Diagnostic]) {
        guard let root else {
            return (nil, [Diagnostic("the indicator file is empty; it needs at least 'name' and 'observations'", file: file)])
        }
        var fields: FieldReader
        do { fields = try FieldReader(root, context: "indicator", fields: FileSchema.indicator.names) } catch { return (nil, [error]) }

        let id = fields.optional("id") { try $0.slug() } ?? expectedID
        if id != expectedID, let node = fields.node("id") {
            fields.report(Diagnostic("indicator id '\(id)' differs from its file name '\(expectedID).yaml'; rename one so they match", at: node.mark))
        }
        let name = fields.required("name") { try $0.string() }
        let unit = fields.optional("unit") { try $0.string() }
        let kind = fields.optional("kind") { try $0.oneOf(Indicator.Kind.self) } ?? .numeric
        let better = fields.optional("better") { try $0.oneOf(Indicator.Direction.self) }
        let states = fields.optional("states") { try $0.strings() } ?? []
        let description = fields.optional("description") { try $0.string() }
        let staleAfterDays = fields.optional("stale-after-days") { try $0.positiveInt() }
        let declaredSubjects = fields.optional("subjects") { try $0.strings() } ?? []
        let range = fields.optional("range") { node throws(Diagnostic) -> ClosedRange<Double> in
            let items = try node.sequence()
            guard items.count == 2 else { throw Diagnostic("'range' takes two numbers, [low, high] (for example [0, 100])", at: node.mark) }
            let low = try items[0].double(), high = try items[1].double()
            guard low < high else { throw Diagnostic("'range' must have its low bound below its high bound (found [\(low), \(high)])", at: node.mark) }
            return low...high
        }
        checkKind(kind, better: better, states: states, fields: &fields)

        var observations: [Observation] = []
        if let list = fields.required("observations", { try $0.sequence() }) {
            let (read, problems) = ObservationReader(kind: kind, states: states, indicatorID: id).readAll(list)
            observations = read
            for problem in problems { fields.report(problem) }
        }
        let diagnostics = fields.finish()
        guard let name else { return (nil, diagnostics) }
        let indicator = Indicator(
            id: id, name: name, unit: unit, kind: kind, better: better, states: states, description: description,
            range: range, staleAfterDays: staleAfterDays, observations: observations, file: file, declaredSubjects: declaredSubjects)
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
                fields.report(Diagnostic("an indicator of kind 'state' needs 'states', its states in order (for example [private, ipo-filed, listed])", at: fields.mark))
            }
            if better != nil, let node = fields.node("better") {
                fields.report(Diagnostic("'better' is for numeric indicators; a state indicator's order is given by 'states'", at: node.mark))
            }
            var seen = Set<String>()
            for state in states where !seen.insert(state).inserted {
                fields.report(Diagnostic("state '\(state)' is listed twice in 'states'", at: fields.node("states")?.mark ?? fields.mark))
            }
        }
    }
}

/// Decodes the observations of one indicator.
struct ObservationReader: Sendable {
    static let fields = FileSchema.observation.names
    /// The same names as bytes, for the fast path's key matching.
    static let fieldBytes = fields.map { Array($0.utf8) }

    let kind: Indicator.Kind
    let states: [String]
    let indicatorID: String

    /// Long series are read in parallel chunks, one per core, from the immutable document.
    static let parallelThreshold = 20_000

    /// `count` positions split into `workers` contiguous ranges, in order, that cover them all exactly once;
    /// sizes differ by one at most, and no range is empty (fewer ranges when there are fewer positions).
    static func chunkRanges(count: Int, workers: Int) -> [Range<Int>] {
        let chunks = max(1, min(workers, count))
        return (0..<chunks).map { chunk in (chunk * count / chunks)..<((chunk + 1) * count / chunks) }
    }

    /// Every observation of the list, in order, and every problem found.
    func readAll(_ list: YAMLSequence) -> ([Observation], [Diagnostic]) {
        let workers = list.count < Self.parallelThreshold ? 1 : ProcessInfo.processInfo.activeProcessorCount
        return readAll(list, ranges: Self.chunkRanges(count: list.count, workers: workers))
    }

    /// Every observation of the list, read in the given ranges (in parallel when there are several).
    func readAll(_ list: YAMLSequence, ranges: [Range<Int>]) -> ([Observation], [Diagnostic]) {
        let chunkCount = ranges.count
        let diagnostics = Mutex([[Diagnostic]](repeating: [], count: chunkCount))
        let observations = [Observation](unsafeUninitializedCapacity: list.count) { buffer, initializedCount in
            // Each chunk initializes its own slots from the start of its range; a failed read leaves
            // the chunk shorter, and the chunks are then moved together.
            let slots = UncheckedSendable(buffer.baseAddress!)
            let produced = Mutex([Int](repeating: 0, count: chunkCount))
            list.document.withUnsafeView { view in
                DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                    var problems: [Diagnostic] = []
                    var count = 0
                    let range = ranges[chunk]
                    for position in range {
                        let observation = readWellFormed(view.child(list.index, position), in: view)
                            ?? read(list[position], diagnostics: &problems)
                        if let observation {
                            (slots.value + range.lowerBound + count).initialize(to: observation)
                            count += 1
                        }
                    }
                    produced.withLock { $0[chunk] = count }
                    diagnostics.withLock { $0[chunk] = problems }
                }
            }
            initializedCount = 0
            for (chunk, count) in produced.withLock({ $0 }).enumerated() {
                let start = ranges[chunk].lowerBound
                if start != initializedCount {
                    (slots.value + initializedCount).moveInitialize(from: slots.value + start, count: count)
                }
                initializedCount += count
            }
        }
        return (observations, diagnostics.withLock { $0.flatMap { $0 } })
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
    private func readWellFormed(_ index: Int, in view: YAMLDocument.UnsafeView) -> Observation? {
        guard let count = view.entryCount(index) else { return nil }
        var date: Day?, subject: String?, value: Observation.Value?, source: String?, note: String?
        for position in 0..<count {
            guard let key = view.scalarBytes(view.child(index, 2 * position)) else { return nil }
            let field = view.child(index, 2 * position + 1)
            switch Self.fieldBytes.firstIndex(where: { $0.count == key.count && memcmp($0, key.baseAddress!, key.count) == 0 }) {
            case 0: date = view.plainScalarBytes(field).flatMap(Day.parse)
            case 1: subject = view.isNull(field) ? nil : view.scalarBytes(field).map { String(decoding: $0, as: UTF8.self) }
            case 2:
                switch kind {
                case .numeric: value = view.plainScalarBytes(field).flatMap(YAMLScalar.finiteNumber).map(Observation.Value.number)
                case .state: value = view.scalarBytes(field).map { String(decoding: $0, as: UTF8.self) }.flatMap { states.contains($0) ? .state($0) : nil }
                }
            case 3: source = view.isNull(field) ? nil : view.scalarBytes(field).map { String(decoding: $0, as: UTF8.self) }
            case 4: note = view.isNull(field) ? nil : view.scalarBytes(field).map { String(decoding: $0, as: UTF8.self) }
            default: return nil
            }
            // A list or mapping where a scalar belongs: let the thorough path explain.
            if view.scalarBytes(field) == nil { return nil }
        }
        guard let date, let value, let source, Self.isCitation(source) else { return nil }
        let record = view.records[index]
        return Observation(
            date: date, subject: subject, value: value, source: source, note: note, line: Int(record.line), column: Int(record.column))
    }

    /// A source must say something: not empty, not only blanks.
    private static func isCitation(_ text: String) -> Bool {
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

/// A value handed to concurrent workers that touch disjoint parts of it.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
