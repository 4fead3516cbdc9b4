import TrackCore
import TrackEngine

/// ANSI colours for terminal output, or none at all.
public struct TerminalStyle: Sendable {
    /// What a piece of text means; the colour follows from it.
    public enum Role: Sendable {
        case header, good, warning, bad, muted, error
    }

    public let isEnabled: Bool

    public init(isEnabled: Bool) { self.isEnabled = isEnabled }

    /// When to colour: `--color never|always|auto`.
    public enum Choice: String, Sendable, CaseIterable {
        case never, always, auto
    }

    /// `always` colours; `never` does not; `auto` colours a terminal only, and never when `NO_COLOR`
    /// is set to anything non-empty (no-color.org) or `TERM` is `dumb`.
    public static func forOutput(isTerminal: Bool, environment: [String: String], choice: Choice = .auto) -> TerminalStyle {
        switch choice {
        case .always: return TerminalStyle(isEnabled: true)
        case .never: return TerminalStyle(isEnabled: false)
        case .auto:
            return TerminalStyle(isEnabled: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
        }
    }

    /// `text` in the role's colour; control characters and bidirectional overrides in `text` (which
    /// may come from data or a plugin) are escaped first, so that only track's own sequences remain.
    public func apply(_ role: Role, to text: String) -> String {
        let text = TerminalText.escaped(text)
        guard isEnabled else { return text }
        let code =
            switch role {
            case .header: "1"
            case .good: "32"
            case .warning: "33"
            case .bad: "31"
            case .muted: "2"
            case .error: "35"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// The role a status is shown in.
    public static func role(for status: Status) -> Role {
        switch status {
        case .met, .ahead, .onTrack: .good
        case .atRisk: .warning
        case .behind, .missed: .bad
        case .untestable: .muted
        case .error: .error
        }
    }
}
