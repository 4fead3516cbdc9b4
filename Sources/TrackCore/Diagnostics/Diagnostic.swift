/// A problem found in the user's files: where it is, how bad it is, and what to do about it.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public var severity: Severity
    /// The file the problem is in, when it is not tied to one place in it.
    public var file: String
    /// The exact place, when known.
    public var mark: SourceMark?
    public var message: String

    public init(_ message: String, at mark: SourceMark, severity: Severity = .error) {
        self.severity = severity
        self.file = mark.file
        self.mark = mark
        self.message = message
    }

    public init(_ message: String, file: String, severity: Severity = .error) {
        self.severity = severity
        self.file = file
        self.mark = nil
        self.message = message
    }

    /// `file:line:column: error: message` (or `file: error: message` without a place).
    public var description: String {
        let place = mark.map(\.description) ?? file
        return "\(place): \(severity.rawValue): \(message)"
    }

    /// Orders diagnostics by file, then line and column; file-wide ones first.
    public static func sortedForReport(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { lhs, rhs in
            if lhs.file != rhs.file { return lhs.file < rhs.file }
            let l = lhs.mark.map { ($0.line, $0.column) } ?? (0, 0)
            let r = rhs.mark.map { ($0.line, $0.column) } ?? (0, 0)
            if l != r { return l < r }
            return lhs.severity < rhs.severity
        }
    }
}

/// Errors the user can cause, many at once: a load or a check that found these.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
