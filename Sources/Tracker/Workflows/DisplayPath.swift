import Foundation

/// Paths as messages show them: relative to the current directory when they lie below it.
public enum DisplayPath {
    public static func relative(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
