import Foundation
import TrackCore

/// What a shell completes for `track`'s arguments: the forecast and indicator ids of the workspace
/// the words being typed name (`-w DIR` / `--workspace DIR`, else the current directory's). Nothing
/// when there is no workspace; never an error, since the shell shows none.
public enum ShellCompletion {
    /// The ids in predictions.yaml, in file order.
    public static func forecastIDs(words: [String]) -> [String] {
        guard let session = session(words) else { return [] }
        return WorkspaceLoader.loadForecasts(root: session.root).workspace.predictions.map(\.id)
    }

    /// The indicator files' ids, sorted.
    public static func indicatorIDs(words: [String]) -> [String] {
        guard let session = session(words),
            let names = try? FileManager.default.contentsOfDirectory(atPath: session.indicatorsDirectory)
        else { return [] }
        return names.compactMap { name in
            ["yaml", "yml"].first { name.hasSuffix("." + $0) }.map { String(name.dropLast($0.count + 1)) }
        }.sorted()
    }

    /// The workspace of the command line typed so far.
    private static func session(_ words: [String]) -> WorkspaceSession? {
        var explicit: String?
        for (index, word) in words.enumerated() {
            if word == "-w" || word == "--workspace", index + 1 < words.count { explicit = words[index + 1] }
            if word.hasPrefix("--workspace=") { explicit = String(word.dropFirst("--workspace=".count)) }
        }
        return try? WorkspaceSession(explicit: explicit)
    }
}
