import Foundation
import TrackCore

extension WorkspaceSession {
    /// What `say` did: the entry's place and lines, or the line of the same entry already there.
    public enum Said: Sendable {
        case appended(path: String, line: Int, lines: [String])
        case duplicate(path: String)
    }

    /// Appends `entry` to forecast `id`'s `said:` list in predictions.yaml (`track say`), through the one
    /// edit operation: locked, read again under the lock, checked, written in one step. The forecaster must
    /// be one of track.yaml's `forecasters`, the day within the forecast's window and before its resolution.
    public func say(_ entry: ForecasterEntry, to id: String, dryRun: Bool) throws(TrackError) -> Said {
        let workspace = WorkspaceLoader.loadForecasts(root: root).workspace
        let prediction = try Self.prediction(id, in: workspace)
        let forecasters = workspace.settings.forecasters
        guard forecasters.contains(entry.by) else {
            let hint =
                forecasters.isEmpty
                ? "track.yaml lists no forecasters yet; add 'forecasters: [\(entry.by)]' to it"
                : "add it to 'forecasters:' in track.yaml if it is new"
            throw TrackError(.usage, Suggestion.message(unknown: entry.by, expected: forecasters, noun: "forecaster") + " (\(hint))")
        }
        guard entry.probability > 0, entry.probability < 1 else {
            throw TrackError(.usage, "a forecaster's probability is strictly between 0 and 1 (\(entry.probability)); write 0.01 or 0.99")
        }
        guard entry.on >= prediction.made, entry.on <= prediction.deadline.day else {
            throw TrackError(
                .usage,
                "\(entry.on) is outside the window of '\(id)', from its making (\(prediction.made)) to its deadline (\(prediction.deadline.day))"
            )
        }
        if let resolution = prediction.resolution, entry.on >= resolution.date {
            throw TrackError(
                .usage,
                "'\(id)' resolved \(resolution.outcome.rawValue) on \(resolution.date); a probability said from then on is no forecast")
        }
        let path = root + "/" + WorkspaceLocator.predictionsFile
        return try WorkspaceEdit(root: root, path: path).perform(dryRun: dryRun) { text throws(TrackError) in
            do throws(DiagnosticsError) {
                guard let said = try PredictionsEditor.say(entry, to: id, in: text, file: path) else {
                    return .init(text: nil, result: .duplicate(path: path))
                }
                return .init(text: said.text, result: .appended(path: path, line: said.line, lines: said.lines))
            } catch {
                throw TrackError.data(error)
            }
        }
    }
}
