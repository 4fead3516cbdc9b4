import Foundation

/// Finds the workspace the way git finds a repository.
public enum WorkspaceLocator {
    public static let predictionsFile = "predictions.yaml"

    /// `explicit` when given (it must hold predictions.yaml), else `start` or its nearest parent that does.
    public static func locate(explicit: String?, from start: String = FileManager.default.currentDirectoryPath) throws(DiagnosticsError)
        -> String
    {
        let fileManager = FileManager.default
        if let explicit {
            let root = URL(fileURLWithPath: explicit, relativeTo: URL(fileURLWithPath: start)).standardizedFileURL.path
            guard fileManager.fileExists(atPath: root + "/" + predictionsFile) else {
                throw DiagnosticsError([
                    Diagnostic(
                        "no \(predictionsFile) in '\(explicit)' (--workspace): point it at the directory that holds \(predictionsFile)",
                        file: root)
                ])
            }
            return root
        }
        var directory = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            if fileManager.fileExists(atPath: directory.appendingPathComponent(predictionsFile).path) { return directory.path }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        throw DiagnosticsError([
            Diagnostic(
                "no \(predictionsFile) here or in any parent directory: run track inside a workspace or pass --workspace DIR",
                file: start)
        ])
    }
}
