import Foundation

/// track's own data outside every workspace (trusted workspaces, known histories), per the XDG base directory
/// specification: `$XDG_DATA_HOME/track`, else `~/.local/share/track`.
public enum UserDataDirectory {
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/track"
    }
}
