import TrackCore
import TrackEngine

/// Where an indicator's new values come from: a table at a URL, a program. An indicator file names
/// one in `update: {source: NAME, ...parameters}`; `track update` runs it and merges what it answers
/// through the same checks as `track import`. The core knows no source in particular: the CLI
/// hands the update a registry of them.
public protocol ObservationSource: Sendable {
    /// The name an indicator's `update: {source: ...}` gives it.
    static var identifier: String { get }
    /// The parameters it takes beside `source` and the merge options every source shares, described
    /// for `track schema`.
    static var fields: [FileSchema.Field] { get }

    /// Reads the parameters through `fields` (which reports missing, invalid and unknown ones);
    /// throws only the problems `fields` does not hold (an empty error when a required field is missing).
    init(_ configuration: SourceConfiguration, fields: inout FieldReader) throws(DiagnosticsError)

    /// The observations the source has now for `indicator`, or why it has none. Runs outside the
    /// workspace lock (a download may take a while) and changes no file.
    func fetch(for indicator: Indicator) throws(SourceFailure) -> SourceAnswer

    /// How its answers merge when the `update:` mapping says nothing (`replace`, `keep-existing`, ...).
    static var defaultPolicy: IndicatorMerge.Policy { get }
}

extension ObservationSource {
    /// Values already in the file stand, and a different one for the same date and subject is a conflict.
    public static var defaultPolicy: IndicatorMerge.Policy { IndicatorMerge.Policy() }
}

/// What a source is configured with: the indicator's `update:` mapping and where the workspace is.
public struct SourceConfiguration: Sendable {
    public var node: YAMLNode
    public var workspaceRoot: String
    public var indicatorID: String
    /// The day of the update: what a source that reads a current value (a market's price) dates it.
    public var today: Day

    public init(node: YAMLNode, workspaceRoot: String, indicatorID: String, today: Day = Day.today()) {
        self.node = node
        self.workspaceRoot = workspaceRoot
        self.indicatorID = indicatorID
        self.today = today
    }

    /// Where sources keep what they remember between runs (HTTP validators): `.track/sources/`.
    public var cacheDirectory: String { workspaceRoot + "/" + Workspace.stateDirectory + "/sources" }
}

/// What a source answered.
public struct SourceAnswer: Sendable {
    public enum Content: Sendable {
        /// Nothing new since the last successful update (an HTTP 304), with the reason in words.
        case unchanged(String)
        /// Observations to merge, and how many rows the source read, left out by its filters or
        /// skipped for blank cells.
        case entries([IndicatorEditor.Entry], rowCount: Int, filteredOut: Int, incomplete: Int)
    }

    /// What was read, for messages: a URL, a path, a program.
    public var origin: String
    public var content: Content
    /// Run once the indicator is updated (or found up to date): remembers what the source needs
    /// to ask only for changes next time. Never run when the update fails, so that a failed update
    /// is fetched again in full.
    public var commit: (@Sendable () throws -> Void)?

    public init(origin: String, content: Content, commit: (@Sendable () throws -> Void)? = nil) {
        self.origin = origin
        self.content = content
        self.commit = commit
    }
}

/// Why a source has no answer: a download failed, a program crashed, its answer is malformed.
public struct SourceFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// Diagnostics with places (a malformed row at `url:line:column`), when the failure has them.
    public var diagnostics: [Diagnostic]

    public init(_ description: String, diagnostics: [Diagnostic] = []) {
        self.description = description
        self.diagnostics = diagnostics
    }
}
