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
    /// and source). Duplicates share a date: observations are grouped by date (files are usually sorted,
    /// so no sort is needed), a few of a date compared pairwise and many through a hash of the four
    /// fields, so that the check stays linear however many share one date.
    private static func duplicateObservations(_ indicator: Indicator) -> [Diagnostic] {
        let observations = indicator.observations
        let isSorted = zip(observations, observations.dropFirst()).allSatisfy { $0.date <= $1.date }
        let order = isSorted ? Array(observations.indices) : observations.indices.sorted {
            (observations[$0].date, $0) < (observations[$1].date, $1)
        }
        var diagnostics: [Diagnostic] = []
        func report(_ later: Int, repeats earlier: Int) {
            diagnostics.append(Diagnostic(
                "observation repeats the one at line \(observations[earlier].line) (same date, subject, value and source); remove one",
                at: indicator.mark(of: observations[later]), severity: .warning))
        }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, observations[order[end]].date == observations[order[start]].date { end += 1 }
            let run = order[start..<end]  // one date, in file order
            if run.count <= 16 {
                for (offset, later) in run.enumerated() {
                    if let earlier = run.prefix(offset).first(where: { observations[$0].isDuplicate(of: observations[later]) }) {
                        report(later, repeats: earlier)
                    }
                }
            } else {
                struct Fact: Hashable {
                    let subject: String?
                    let value: Observation.Value
                    let source: String
                }
                var first: [Fact: Int] = [:]
                for later in run {
                    let observation = observations[later]
                    let fact = Fact(subject: observation.subject, value: observation.value, source: observation.source)
                    if let earlier = first[fact] { report(later, repeats: earlier) } else { first[fact] = later }
                }
            }
            start = end
        }
        return diagnostics
    }
}
