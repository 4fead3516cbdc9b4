import Foundation
import TrackCore

/// A workspace in a fresh temporary directory for one test (with an `indicators/` folder), removed
/// when the test is done with it.
public final class TemporaryWorkspace: Sendable {
    public let root: String

    public init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("track-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/indicators", withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` at `path` (relative to the root), creating its folders.
    public func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The absolute path of `relative`.
    public func path(_ relative: String) -> String { root + "/" + relative }

    /// Every file's bytes, by relative path: to show that a command changed nothing.
    public func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: root + "/" + path)
            }
        }
        return files
    }
}

extension TemporaryWorkspace {
    /// The workspace as the loader reads it.
    public func load() -> WorkspaceLoader.Result { WorkspaceLoader.load(root: root) }
}

extension TemporaryWorkspace {
    /// A copy of the workspace this repository ships (its forecasts, indicators, catalog and settings).
    public static func shippedCopy() throws -> TemporaryWorkspace {
        let workspace = try TemporaryWorkspace()
        try FileManager.default.removeItem(atPath: workspace.path("indicators"))
        for name in ["predictions.yaml", "track.yaml", "indicators", "catalog", "plugins"]
        where FileManager.default.fileExists(atPath: TrackProcess.repositoryRoot + "/" + name) {
            try FileManager.default.copyItem(atPath: TrackProcess.repositoryRoot + "/" + name, toPath: workspace.path(name))
        }
        return workspace
    }
}
