import Foundation
import Synchronization

/// track's own data outside every workspace (trusted workspaces, known histories), per the XDG base directory
/// specification: `$XDG_DATA_HOME/track`, else `~/.local/share/track`.
public enum UserDataDirectory {
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let pinned = pinned.withLock({ $0 }) { return pinned + "/track" }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/track"
    }

    /// Makes `path()` use `dataHome` in place of `XDG_DATA_HOME` for the rest of the process: for a program
    /// that runs track's code in its own process beside other threads (a test runner), where changing the
    /// environment (`setenv`) while other threads read it is unsafe.
    public static func pin(dataHome: String) {
        pinned.withLock { $0 = dataHome }
    }

    private static let pinned = Mutex<String?>(nil)
}
