import Foundation

/// The rules that span files: unique ids, source references that resolve, duplicate and conflicting
/// observations, and subjects named in `evaluate:` that their indicator has. (Other references inside
/// `evaluate:` are checked by the plugins, which know their parameters.)
enum WorkspaceChecks {
    static func check(_ workspace: Workspace, predictionsFile: PredictionsFile) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += uniqueIDs(predictionsFile.sourceIDs, noun: "source")
        diagnostics += uniqueIDs(predictionsFile.predictionIDs, noun: "prediction")
        diagnostics += uniqueIDs(workspace.indicators.map { ($0.id, SourceMark(file: $0.file, line: 1, column: 1)) }, noun: "indicator")

        let sourceIDs = predictionsFile.sourceIDs.map(\.id)
        for reference in predictionsFile.sourceReferences where !sourceIDs.contains(reference.id) {
            diagnostics.append(Diagnostic(
                Suggestion.message(unknown: reference.id, expected: sourceIDs, noun: "source id")
                    + " (add it under 'sources' in predictions.yaml)",
                at: reference.mark))
        }

        for indicator in workspace.indicators {
            diagnostics += repeatedObservations(indicator)
        }
        for prediction in workspace.predictions {
            if let evaluate = prediction.evaluate { diagnostics += unknownSubjects(in: evaluate, workspace: workspace) }
        }
        return diagnostics
    }

    /// An error for each `{indicator: X, subject: Y}` in an evaluator's parameters (at any depth) whose
    /// indicator has never had subject Y and does not declare it under `subjects:`; such a forecast
    /// would watch a series that never gets a value. Unknown indicators are left to the plugins.
    static func unknownSubjects(in node: YAMLNode, workspace: Workspace) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let items = node.items {
            for item in items { diagnostics += unknownSubjects(in: item, workspace: workspace) }
        } else if let mapping = node.mappingView {
            if let id = mapping.value(forKey: "indicator")?.scalar?.text, let indicator = workspace.indicator(id),
               let subjectNode = mapping.value(forKey: "subject"), let subject = subjectNode.scalar?.text {
                let known = indicator.subjects + indicator.declaredSubjects.filter { !indicator.subjects.contains($0) }
                if !known.contains(subject) {
                    var message = "indicator '\(id)' has no subject '\(subject)'"
                    if let close = Suggestion.closest(to: subject, among: known) {
                        message += " (did you mean '\(close)'?)"
                    } else {
                        message += known.isEmpty ? " (it has none yet)" : known.count <= 12 ? " (it has \(known.joined(separator: ", ")))" : ""
                    }
                    message += "; if the series has no value yet, declare it under 'subjects:' in \(URL(fileURLWithPath: indicator.file).lastPathComponent)"
                    diagnostics.append(Diagnostic(message, at: subjectNode.mark))
                }
            }
            for entry in mapping.entries { diagnostics += unknownSubjects(in: entry.value, workspace: workspace) }
        }
        return diagnostics
    }

    /// An error at each id's second and later definitions.
    private static func uniqueIDs(_ ids: [(id: String, mark: SourceMark)], noun: String) -> [Diagnostic] {
        var first: [String: SourceMark] = [:]
        var diagnostics: [Diagnostic] = []
        for (id, mark) in ids {
            if let earlier = first[id] {
                let place = earlier.file == mark.file
                    ? "at line \(earlier.line)" : "in \(URL(fileURLWithPath: earlier.file).lastPathComponent)"
                diagnostics.append(Diagnostic("duplicate \(noun) id '\(id)'; it is already used \(place): ids must be unique", at: mark))
            } else {
                first[id] = mark
            }
        }
        return diagnostics
    }

    /// Warnings for observations of the same date and subject: one that repeats an earlier one exactly,
    /// and one whose value differs from an earlier one's (two sources disagree, or a typo). Observations
    /// are grouped by date (files are usually sorted, so usually without a sort), and within a date by
    /// subject: a few compared pairwise, many through hashes, so the check stays linear however many
    /// observations share a date or a subject.
    private static func repeatedObservations(_ indicator: Indicator) -> [Diagnostic] {
        let observations = indicator.observations
        let isSorted = zip(observations, observations.dropFirst()).allSatisfy { $0.date <= $1.date }
        let order = isSorted ? Array(observations.indices) : observations.indices.sorted {
            (observations[$0].date, $0) < (observations[$1].date, $1)
        }
        var diagnostics: [Diagnostic] = []
        /// `later` against the earlier observations of its date and subject, in file order.
        func compare(_ later: Int, duplicateOf same: Int?, differsFrom other: Int?) {
            let current = observations[later]
            if let same {
                diagnostics.append(Diagnostic(
                    "observation repeats the one at line \(observations[same].line) (same date, subject, value and source); remove one",
                    at: indicator.mark(of: current), severity: .warning))
            } else if let other {
                let what = current.subject.map { "'\($0)' on \(current.date)" } ?? "\(current.date)"
                diagnostics.append(Diagnostic(
                    "\(indicator.id) has two values for \(what): \(observations[other].value) at line \(observations[other].line) and \(current.value) here; "
                        + "keep the one the primary source gives, or move the other to its own indicator",
                    at: indicator.mark(of: current), severity: .warning))
            }
        }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, observations[order[end]].date == observations[order[start]].date { end += 1 }
            let run = order[start..<end]  // one date, in file order
            if run.count <= 16 {
                for (offset, later) in run.enumerated() {
                    let current = observations[later]
                    let earlier = run.prefix(offset).filter { observations[$0].subject == current.subject }
                    let same = earlier.first { observations[$0].isDuplicate(of: current) }
                    let other = earlier.contains { observations[$0].value == current.value } ? nil : earlier.first
                    compare(later, duplicateOf: same, differsFrom: other)
                }
            } else {
                struct Fact: Hashable {
                    let value: Observation.Value
                    let source: String
                }
                /// What one subject of the date has shown so far.
                struct Seen {
                    var first: Int
                    var facts: [Fact: Int] = [:]
                    var values: Set<Observation.Value> = []
                }
                var seen: [String?: Seen] = [:]
                for later in run {
                    let current = observations[later]
                    let fact = Fact(value: current.value, source: current.source)
                    // Taken out and put back, so that its tables are changed in place, never copied.
                    var subject = seen.removeValue(forKey: current.subject) ?? Seen(first: later)
                    if subject.first != later {
                        // Every earlier value differs when this one is new: the first of them is named.
                        compare(later, duplicateOf: subject.facts[fact], differsFrom: subject.values.contains(current.value) ? nil : subject.first)
                    }
                    if subject.facts[fact] == nil { subject.facts[fact] = later }
                    subject.values.insert(current.value)
                    seen[current.subject] = subject
                }
            }
            start = end
        }
        return diagnostics
    }
}
