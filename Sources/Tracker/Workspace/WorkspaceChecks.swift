import Foundation

/// The rules that span files: unique ids, source references that resolve, duplicate observations.
/// (References inside `evaluate:` are checked by the plugins, which know their parameters.)
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
            diagnostics += duplicateObservations(indicator)
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

    /// A warning for each observation that repeats an earlier one exactly. Duplicates share a date,
    /// so only observations of the same date are compared (files are usually sorted: a linear pass).
    private static func duplicateObservations(_ indicator: Indicator) -> [Diagnostic] {
        let observations = indicator.observations
        let byDate = observations.indices.sorted { observations[$0].date < observations[$1].date }
        var diagnostics: [Diagnostic] = []
        var runStart = 0
        for position in byDate.indices {
            let current = observations[byDate[position]]
            if current.date != observations[byDate[runStart]].date { runStart = position }
            let earlier = byDate[runStart..<position].filter { observations[$0].isDuplicate(of: current) }.min()
            if let earlier, earlier < byDate[position] {
                diagnostics.append(Diagnostic(
                    "observation repeats the one at line \(observations[earlier].line) (same date, subject, value and source); remove one",
                    at: indicator.mark(of: current), severity: .warning))
            }
        }
        return diagnostics
    }
}
