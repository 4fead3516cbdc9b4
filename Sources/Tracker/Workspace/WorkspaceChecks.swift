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
    /// and one whose value differs from an earlier one's (two sources disagree, or a typo). Sorting
    /// by date and subject makes this O(n log n); only observations in the same run are compared.
    private static func repeatedObservations(_ indicator: Indicator) -> [Diagnostic] {
        let observations = indicator.observations
        let order = observations.indices.sorted {
            let (l, r) = (observations[$0], observations[$1])
            if l.date != r.date { return l.date < r.date }
            if l.subject != r.subject { return (l.subject ?? "") < (r.subject ?? "") }
            return $0 < $1
        }
        var diagnostics: [Diagnostic] = []
        var runStart = 0
        for position in order.indices {
            let current = observations[order[position]]
            let first = observations[order[runStart]]
            if current.date != first.date || current.subject != first.subject { runStart = position }
            let earlier = order[runStart..<position]
            if let same = earlier.first(where: { observations[$0].isDuplicate(of: current) }) {
                diagnostics.append(Diagnostic(
                    "observation repeats the one at line \(observations[same].line) (same date, subject, value and source); remove one",
                    at: indicator.mark(of: current), severity: .warning))
            } else if let other = earlier.first(where: { observations[$0].value != current.value }),
                      !earlier.contains(where: { observations[$0].value == current.value }) {
                let what = current.subject.map { "'\($0)' on \(current.date)" } ?? "\(current.date)"
                diagnostics.append(Diagnostic(
                    "\(indicator.id) has two values for \(what): \(observations[other].value) at line \(observations[other].line) and \(current.value) here; "
                        + "keep the one the primary source gives, or move the other to its own indicator",
                    at: indicator.mark(of: current), severity: .warning))
            }
        }
        return diagnostics
    }
}
