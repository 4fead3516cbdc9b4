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
            diagnostics.append(
                Diagnostic(
                    Suggestion.message(unknown: reference.id, expected: sourceIDs, noun: "source id")
                        + " (add it under 'sources' in predictions.yaml)",
                    at: reference.mark))
        }

        for indicator in workspace.indicators {
            diagnostics += repeatedObservations(indicator)
            diagnostics += OutlierCheck.check(indicator)
        }
        for prediction in workspace.predictions {
            if let evaluate = prediction.evaluate { diagnostics += unknownSubjects(in: evaluate, workspace: workspace) }
        }
        diagnostics += DataConsistencyChecks.check(workspace)
        return diagnostics
    }

    /// An error for each `{indicator: X, subject: Y}` in an evaluator's parameters (at any depth) whose
    /// indicator has never had subject Y and does not declare it under `subjects:`; such a forecast
    /// would watch a series that never gets a value. Unknown indicators are left to the plugins.
    /// The subjects come from the series store, counted once per load, whatever the number of forecasts.
    static func unknownSubjects(in node: YAMLNode, workspace: Workspace) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let items = node.items {
            for item in items { diagnostics += unknownSubjects(in: item, workspace: workspace) }
        } else if let mapping = node.mappingView {
            if let id = mapping.value(forKey: "indicator")?.scalar?.text, let indicator = workspace.indicator(id),
                let subjectNode = mapping.value(forKey: "subject"), let subject = subjectNode.scalar?.text
            {
                let subjects = workspace.series.subjects(of: id)
                if !subjects.isKnown(subject) {
                    let known = subjects.known
                    var message = "indicator '\(id)' has no subject '\(subject)'"
                    if let close = workspace.series.closestSubject(to: subject, of: id) {
                        message += " (did you mean '\(close)'?)"
                    } else {
                        message +=
                            known.isEmpty ? " (it has none yet)" : known.count <= 12 ? " (it has \(known.joined(separator: ", ")))" : ""
                    }
                    message +=
                        "; if the series has no value yet, declare it under 'subjects:' in \(URL(fileURLWithPath: indicator.file).lastPathComponent)"
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
                let place =
                    earlier.file == mark.file
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
    /// are grouped by date (files are usually sorted, so usually without a sort), and the observations of
    /// a date by subject through one table: a few of one subject compared pairwise, many through hashes,
    /// so the check stays linear however many observations share a date or a subject.
    private static func repeatedObservations(_ indicator: Indicator) -> [Diagnostic] {
        let observations = indicator.observations
        let order = SeriesStore.dateOrder(observations)
        var diagnostics: [Diagnostic] = []
        observations.withUnsafeBufferPointer { buffer in
            var runDiagnostics: [(index: Int, diagnostic: Diagnostic)] = []
            /// `later` against the earlier observations of its date and subject, in file order.
            func compare(_ later: Int, duplicateOf same: Int?, differsFrom other: Int?) {
                let current = buffer[later]
                if let same {
                    runDiagnostics.append(
                        (
                            later,
                            Diagnostic(
                                "observation repeats the one at line \(buffer[same].line) (same date, subject, value and source); remove one",
                                at: indicator.mark(of: current), severity: .warning)
                        ))
                } else if let other {
                    let what = current.subject.map { "'\($0)' on \(current.date)" } ?? "\(current.date)"
                    runDiagnostics.append(
                        (
                            later,
                            Diagnostic(
                                "\(indicator.id) has two values for \(what): \(buffer[other].value) at line \(buffer[other].line) and \(current.value) here; "
                                    + "keep the one the primary source gives, or move the other to its own indicator",
                                at: indicator.mark(of: current), severity: .warning)
                        ))
                }
            }
            /// Each of `members` (one date, in file order) against the earlier ones of its subject, pairwise.
            func comparePairwise(_ members: ArraySlice<Int>) {
                for (offset, later) in zip(members.indices, members) {
                    var firstOfSubject: Int?
                    var same: Int?
                    var sameValue = false
                    for earlier in members[..<offset] where buffer[earlier].subject == buffer[later].subject {
                        if firstOfSubject == nil { firstOfSubject = earlier }
                        if same == nil, buffer[earlier].isDuplicate(of: buffer[later]) { same = earlier }
                        if buffer[earlier].value == buffer[later].value { sameValue = true }
                    }
                    compare(later, duplicateOf: same, differsFrom: sameValue ? nil : firstOfSubject)
                }
            }
            /// Each of `members` (one date and one subject, in file order) against the earlier ones, through hashes.
            func compareHashed(_ members: ArraySlice<Int>) {
                struct Fact: Hashable {
                    let value: Observation.Value
                    let source: String
                }
                var facts: [Fact: Int] = [:]
                var values: Set<Observation.Value> = []
                for later in members {
                    let current = buffer[later]
                    let fact = Fact(value: current.value, source: current.source)
                    if later != members.first {
                        // Every earlier value differs when this one is new: the first of them is named.
                        compare(later, duplicateOf: facts[fact], differsFrom: values.contains(current.value) ? nil : members.first)
                    }
                    if facts[fact] == nil { facts[fact] = later }
                    values.insert(current.value)
                }
            }

            let count = buffer.count
            func position(_ rank: Int) -> Int { order?[rank] ?? rank }
            var run: [Int] = []
            var start = 0
            while start < count {
                let date = buffer[position(start)].date
                var end = start + 1
                while end < count, buffer[position(end)].date == date { end += 1 }
                defer { start = end }
                if end - start == 1 { continue }
                run.removeAll(keepingCapacity: true)
                for rank in start..<end { run.append(position(rank)) }  // one date, in file order
                if run.count <= Self.pairwiseLimit {
                    comparePairwise(run[...])
                } else {
                    for members in SeriesStore.subjectGroups(run, subject: { buffer[$0].subject }) where members.count > 1 {
                        if members.count <= Self.pairwiseLimit { comparePairwise(members) } else { compareHashed(members) }
                    }
                    runDiagnostics.sort { $0.index < $1.index }
                }
                diagnostics += runDiagnostics.map(\.diagnostic)
                runDiagnostics.removeAll(keepingCapacity: true)
            }
        }
        return diagnostics
    }

    /// Up to this many observations of one date are compared pairwise; more are grouped through hashes.
    private static let pairwiseLimit = 16
}
