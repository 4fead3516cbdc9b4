import TrackCore
import TrackEngine

/// Adds many observations to an indicator file in one edit, without touching its other bytes:
/// exact repeats are skipped, a different value for a date and subject already there is refused
/// (or replaces it when asked), a new subject that looks like a misspelt existing one is refused.
/// A file sorted by date stays sorted; an unsorted one gets the new entries last, in date order.
public enum IndicatorMerge {
    /// What the merge may do beyond adding new facts.
    public struct Policy: Sendable {
        /// A different value for an existing date and subject replaces the old entry instead of being an error.
        public var replace = false
        /// Subjects close to an existing one (a likely typo) are accepted as new series.
        public var allowNewSubjects = false
        /// When the batch itself gives a date and subject several values (a table citing several reports),
        /// the first is kept and the others are listed in `Result.shadowed` instead of being an error.
        public var keepFirst = false
        /// A different value for an existing date and subject is left out (listed in `Result.shadowed`)
        /// instead of being an error: the file's value stands.
        public var keepExisting = false
        /// Dates after this day are refused (a typo, or a table from the future) unless nil
        /// (`--allow-future`, `allow-future: true`): today for `import` and `update`.
        public var latestDate: Day?

        public init(replace: Bool = false, allowNewSubjects: Bool = false, keepFirst: Bool = false, keepExisting: Bool = false) {
            self.replace = replace
            self.allowNewSubjects = allowNewSubjects
            self.keepFirst = keepFirst
            self.keepExisting = keepExisting
        }
    }

    /// The earliest date an import or update accepts: older ones are the zero dates of databases and
    /// spreadsheets (0001-01-01, Excel's 1899-12-30), not observations of the indicators track follows.
    public static let earliestDate = Day(year: 1900, month: 1, day: 1)!

    /// The outcome: the new text (nil when nothing changes) and what happened to each entry.
    public struct Result: Sendable {
        public var text: String?
        /// The entries written, each with the line it starts on in the new text (1-based) and how many
        /// lines it takes, in file order.
        public var added: [(line: Int, entry: IndicatorEditor.Entry, lineCount: Int)]
        /// Entries skipped because the same date, subject and value is already there (the line in the
        /// original file), or earlier in the same batch (line nil).
        public var duplicates: [(entry: IndicatorEditor.Entry, existingLine: Int?)]
        /// Entries left out because an earlier entry of the batch (`Policy.keepFirst`) or the file
        /// (`Policy.keepExisting`) gives their date and subject another value, each with where that value is.
        public var shadowed: [(entry: IndicatorEditor.Entry, keptAt: String)]
        /// Existing observations replaced (`--replace`): their old line and value.
        public var replaced: [(line: Int, oldValue: String, entry: IndicatorEditor.Entry)]
        /// Subjects the indicator had not had before.
        public var newSubjects: [String]
    }

    private struct Key: Hashable {
        var date: Day
        var subject: String?
    }

    /// An indicator file read for an edit, once: its bytes, its document (the observations decoded while it
    /// was parsed, without a node each) and the indicator with every problem found.
    public struct ParsedFile: Sendable {
        let text: String
        let bytes: [UInt8]
        let document: YAMLDocument
        public let indicator: Indicator?
        public let problems: [Diagnostic]

        /// Parses `text`; throws when it is not YAML.
        public init(_ text: String, file: String, indicatorID: String) throws(DiagnosticsError) {
            self.text = text
            bytes = Array(text.utf8)
            (document, indicator, problems) = try IndicatorReader.parse(bytes, file: file, id: indicatorID)
        }
    }

    /// Merges `entries` into the indicator file's text; throws every problem found at once.
    public static func merge(
        _ entries: [IndicatorEditor.Entry], into text: String, file: String, indicatorID: String, policy: Policy = Policy()
    ) throws(DiagnosticsError) -> Result {
        try ByteLines.checkLineBreaks(text, file: file)
        return try mergeChecked(entries, into: ParsedFile(text, file: file, indicatorID: indicatorID), file: file, policy: policy)
    }

    /// Merges `entries` into an indicator file already read; throws every problem found at once.
    public static func merge(
        _ entries: [IndicatorEditor.Entry], into parsed: ParsedFile, file: String, policy: Policy = Policy()
    ) throws(DiagnosticsError) -> Result {
        try ByteLines.checkLineBreaks(parsed.text, file: file)
        return try mergeChecked(entries, into: parsed, file: file, policy: policy)
    }

    /// The merge, once the file's line breaks are known to be consistent.
    private static func mergeChecked(
        _ entries: [IndicatorEditor.Entry], into parsed: ParsedFile, file: String, policy: Policy
    ) throws(DiagnosticsError) -> Result {
        let bytes = parsed.bytes
        if let first = parsed.problems.first(where: { $0.severity == .error }) {
            throw DiagnosticsError([
                Diagnostic("the indicator file has errors; fix them first (track validate): \(first.description)", file: file)
            ])
        }
        guard let indicator = parsed.indicator, let root = parsed.document.root?.mappingView, let list = root["observations"] else {
            throw DiagnosticsError([Diagnostic("the indicator file has no 'observations' list", file: file)])
        }
        let sequence = list.value.items
        // Observations decoded while the file was parsed leave the list without item nodes: their marks are the items'.
        let collected = sequence?.isEmpty == true && !indicator.observations.isEmpty

        var diagnostics: [Diagnostic] = []
        // The observations already there for the entries' dates and subjects: only those are looked up, so that
        // recording one value costs no index of the whole file.
        var existing: [Key: [Int]] = [:]
        let wanted = Set(entries.map { Key(date: $0.date, subject: $0.subject) })
        if let first = entries.lazy.map(\.date).min(), let last = entries.lazy.map(\.date).max() {
            for (index, observation) in indicator.observations.enumerated() where observation.date >= first && observation.date <= last {
                let key = Key(date: observation.date, subject: observation.subject)
                if wanted.contains(key) { existing[key, default: []].append(index) }
            }
        }
        // The subjects the series has: the few an edit names are looked for, many are checked against a set of all.
        let named = Set(entries.compactMap(\.subject))
        var knownSubjects: Set<String>? = named.count > 8 ? Set(indicator.subjects).union(indicator.declaredSubjects) : nil
        func isKnown(_ subject: String) -> Bool {
            knownSubjects?.contains(subject)
                ?? (indicator.declaredSubjects.contains(subject) || indicator.observations.contains { $0.subject == subject })
        }
        // Built the first time a new subject is met: every later look-up costs a bounded number of comparisons.
        var suggestions: SuggestionIndex?
        var reportedSubjects = Set<String>()
        var newSubjects: [String] = []
        // Each date and subject of the batch, with the index of the entry that gave it: not the entry itself, which
        // would copy every entry of a large table into the dictionary.
        var batch: [Key: (value: Observation.Value, index: Int)] = [:]
        batch.reserveCapacity(entries.count)
        var toAdd: [IndicatorEditor.Entry] = []
        var toRemove = Set<Int>()
        var result = Result(text: nil, added: [], duplicates: [], shadowed: [], replaced: [], newSubjects: [])

        for (entryIndex, entry) in entries.enumerated() {
            func report(_ message: String) {
                diagnostics.append(entry.origin.map { Diagnostic(message, at: $0) } ?? Diagnostic(message, file: file))
            }
            guard let value = IndicatorEditor.parsedValue(entry.value, kind: indicator.kind, states: indicator.states) else {
                report(IndicatorEditor.valueProblem(entry.value, for: indicator) ?? "the value does not fit \(indicator.id)")
                continue
            }
            if let range = indicator.range, let number = value.number, !range.contains(number) {
                report(
                    "the value \(number.formatted) is outside \(indicator.id)'s range [\(range.lowerBound.formatted), \(range.upperBound.formatted)]"
                )
                continue
            }
            if let latest = policy.latestDate, entry.date > latest {
                report("the date \(entry.date) is after today (\(latest)); pass --allow-future if it is meant")
                continue
            }
            if entry.date < Self.earliestDate {
                report(
                    "the date \(entry.date) is before \(Self.earliestDate): a placeholder (0001-01-01, 1899-12-30), not an observation; fix the table"
                )
                continue
            }
            guard entry.source.contains(where: { !$0.isWhitespace }) else {
                report("an observation needs a source (a URL or a citation)")
                continue
            }
            if let subject = entry.subject, !isKnown(subject), reportedSubjects.insert(subject).inserted {
                if knownSubjects == nil { knownSubjects = Set(indicator.subjects).union(indicator.declaredSubjects) }
                if !policy.allowNewSubjects, suggestions == nil { suggestions = SuggestionIndex(knownSubjects!.sorted()) }
                if let suggestions, let close = closeSubject(to: subject, in: suggestions) {
                    report(
                        "subject '\(TerminalText.excerpt(subject))' is new to \(indicator.id); did you mean '\(close)'? (pass --new-subject if it is a new series)"
                    )
                    continue
                }
                newSubjects.append(subject)
            }
            let key = Key(date: entry.date, subject: entry.subject)
            if let earlier = batch[key] {
                let origin = entries[earlier.index].origin
                if earlier.value == value {
                    result.duplicates.append((entry, nil))
                } else if policy.keepFirst {
                    result.shadowed.append((entry, origin?.description ?? file))
                } else {
                    report(
                        "\(describe(key)) is given twice with different values (\(exact(earlier.value)) and \(exact(value)))"
                            + (origin.map { "; the other is at \($0)" } ?? "") + " (pass --keep-first to keep the first)")
                }
                continue
            }
            batch[key] = (value, entryIndex)
            let there = existing[key] ?? []
            if let same = there.first(where: { indicator.observations[$0].value == value }) {
                result.duplicates.append((entry, indicator.observations[same].line))
                continue
            }
            if let other = there.first {
                let old = indicator.observations[other]
                if policy.keepExisting {
                    result.shadowed.append((entry, "\(file):\(old.line)"))
                    continue
                }
                guard policy.replace else {
                    report(
                        "\(describe(key)) already has the value \(exact(old.value)) at \(file):\(old.line); "
                            + "this would add \(exact(value)) (pass --replace to replace it, or --keep-existing to keep it)")
                    continue
                }
                for index in there {
                    toRemove.insert(index)
                    result.replaced.append((indicator.observations[index].line, exact(indicator.observations[index].value), entry))
                }
            }
            toAdd.append(entry)
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        result.newSubjects = newSubjects
        guard !toAdd.isEmpty else { return result }

        // Where each new entry goes and which items' lines go, at whole lines of the original bytes.
        let lines = ByteLines(bytes: bytes)
        var splice: ObservationsSplice
        if let items = sequence, !items.isEmpty || collected {
            guard lines.byte(atLine: list.value.mark.line, column: list.value.mark.column) == UInt8(ascii: "-") else {
                throw DiagnosticsError([
                    Diagnostic(
                        "'observations' is a flow list [...]; write it as a block list ('- date: ...' items) to add to it",
                        at: list.value.mark)
                ])
            }
            guard collected || items.count == indicator.observations.count else {
                throw DiagnosticsError([
                    Diagnostic("the indicator file has items that are not observations; fix them first (track validate)", file: file)
                ])
            }
            let first = indicator.observations[0]
            let firstLine = first.line - 1
            let next = root.entries.first { $0.keyMark.line > list.keyMark.line }.map { $0.keyMark.line - 1 } ?? lines.count
            let listEnd = lines.afterLastContent(before: next, notBefore: firstLine + 1)
            // The line each observation starts on (0-based).
            splice = ObservationsSplice(
                itemLines: indicator.observations.map { $0.line - 1 }, listEnd: listEnd, tailEnd: next,
                dashIndent: lines.indentation(firstLine), keyIndent: first.column - 1)
            splice.removed = toRemove
            let dates = indicator.observations.map(\.date)
            let sorted = zip(dates, dates.dropFirst()).allSatisfy { $0 <= $1 }
            var slots: [Int: [IndicatorEditor.Entry]] = [:]
            for entry in toAdd {
                var slot = dates.count
                if sorted {
                    // The first observation dated after the entry (binary search over the sorted dates).
                    var low = 0
                    var high = dates.count
                    while low < high {
                        let middle = (low + high) / 2
                        if dates[middle] > entry.date { high = middle } else { low = middle + 1 }
                    }
                    slot = low
                }
                slots[slot, default: []].append(entry)
            }
            splice.insertions = slots.mapValues(inOrder)
        } else {
            guard sequence != nil || list.value.isNull else {
                throw DiagnosticsError([Diagnostic("'observations' must be a list", at: list.value.mark)])
            }
            let keyLine = list.keyMark.line - 1
            let indent = list.keyMark.column - 1
            splice = ObservationsSplice(
                itemLines: [], listEnd: keyLine + 1, tailEnd: keyLine + 1, dashIndent: indent + 2, keyIndent: indent + 4)
            splice.emptyListKey = (keyLine, Array((String(repeating: " ", count: indent) + "observations:").utf8))
            splice.insertions[0] = inOrder(toAdd)
        }

        let output = splice.apply(to: lines)
        guard SpliceCheck.readsBack(output, of: splice, original: indicator, lines: lines, file: file) else {
            throw DiagnosticsError([
                Diagnostic(
                    "the edit would not read back as the expected observations (the file uses YAML the edit cannot keep, such as an anchor an alias reads or a note in a block); nothing was written: add the observation by hand",
                    file: file)
            ])
        }
        result.added = output.added
        result.text = String(decoding: output.bytes, as: UTF8.self)
        return result
    }

    /// Entries that go in the same place, by date; those of the same day in the order given.
    private static func inOrder(_ entries: [IndicatorEditor.Entry]) -> [IndicatorEditor.Entry] {
        entries.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    /// An existing subject the new one is likely a misspelling of: the same but for case, or within
    /// the edit distance `Suggestion` allows. Names that differ only in digits (`deepseek-v3` and
    /// `deepseek-v4`) are versions of a series, not typos.
    static func closeSubject(to subject: String, among known: Set<String>) -> String? {
        closeSubject(to: subject, in: SuggestionIndex(known.sorted()))
    }

    /// As above, through an index of the known subjects (in sorted order, which breaks ties) built once per merge.
    static func closeSubject(to subject: String, in known: SuggestionIndex) -> String? {
        known.closest(to: subject) { !differOnlyInDigits(subject, $0) }
    }

    private static func differOnlyInDigits(_ a: String, _ b: String) -> Bool {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        return a.count == b.count && a != b && zip(a, b).allSatisfy { $0 == $1 || ($0.isNumber && $1.isNumber) }
    }

    /// A value with every digit it has, so that two values that differ never print the same.
    private static func exact(_ value: Observation.Value) -> String {
        if case .number(let number) = value { "\(number)" } else { TerminalText.excerpt(value.description) }
    }

    private static func describe(_ key: Key) -> String {
        key.subject.map { "'\(TerminalText.excerpt($0))' on \(key.date)" } ?? "the value on \(key.date)"
    }
}
