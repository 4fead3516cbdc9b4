import Foundation

/// The rules that span files: unique ids, source references that resolve, duplicate observations.
/// (References inside `evaluate:` are checked by the plugins, which know their parameters.)
enum WorkspaceChecks {
    static func check(_ workspace: Workspace, predictionsFile: PredictionsFile) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += uniqueIDs(predictionsFile.sourceIDs, noun: "source")
        diagnostics += uniqueIDs(predictionsFile.predictionIDs, noun: "prediction")
        diagnostics += uniqueIDs(workspace.indicators.map { ($0.id, SourceMark(file: $0.file, line: 1, column: 1)) }, noun: "indicator")
        diagnostics += uniqueIDs(workspace.catalog.accelerators.map { ($0.id, $0.mark) }, noun: "accelerator")
        diagnostics += uniqueIDs(workspace.catalog.models.map { ($0.id, $0.mark) }, noun: "model")

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

    /// A warning for each observation that repeats an earlier one exactly (same date, subject, value
    /// and source), found through a hash of those four: linear, however many share a date.
    private static func duplicateObservations(_ indicator: Indicator) -> [Diagnostic] {
        struct Fact: Hashable {
            let date: Day
            let subject: String?
            let value: Observation.Value
            let source: String
        }
        var first: [Fact: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for (position, observation) in indicator.observations.enumerated() {
            let fact = Fact(date: observation.date, subject: observation.subject, value: observation.value, source: observation.source)
            if let earlier = first[fact] {
                diagnostics.append(Diagnostic(
                    "observation repeats the one at line \(indicator.observations[earlier].line) (same date, subject, value and source); remove one",
                    at: indicator.mark(of: observation), severity: .warning))
            } else {
                first[fact] = position
            }
        }
        return diagnostics
    }
}
