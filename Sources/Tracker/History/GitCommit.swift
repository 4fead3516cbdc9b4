import Foundation
import TrackCore
import TrackEngine

/// The git commit a workspace is at, stored with each run.
public enum GitCommit {
    /// `git rev-parse HEAD` in `directory`; nil outside a repository or without git.
    public static func current(in directory: String) -> String? {
        guard let output = git(["-C", directory, "rev-parse", "HEAD"]) else { return nil }
        let commit = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.isEmpty ? nil : commit
    }

    /// Whether the workspace's files (`history/` aside) differ from that commit, untracked files
    /// included; nil outside a repository or without git.
    public static func isDirty(in directory: String) -> Bool? {
        let ownFolders = [HistoryArchive.directory, Workspace.stateDirectory].map { ":(exclude)" + $0 }
        return git(["-C", directory, "status", "--porcelain", "--", "."] + ownFolders).map { !$0.isEmpty }
    }

    /// What `git arguments` prints, or nil when it fails.
    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension GitCommit {
    /// The root of the repository `directory` is in (`git rev-parse --show-toplevel`); nil outside one.
    public static func topLevel(in directory: String) -> String? {
        let path = git(["-C", directory, "rev-parse", "--show-toplevel"])?.trimmingCharacters(in: .whitespacesAndNewlines)
        return path?.isEmpty == false ? path : nil
    }
}
