import Foundation
import TrackCore
import TrackExec

/// Why a command could not do what it was asked, with the exit code it ends with: the one error
/// type every workflow throws. The message says what to do; the diagnostics point into files.
public struct TrackError: Error, Sendable, CustomStringConvertible {
    /// Exit codes, from sysexits.h, as `track --help` and docs/commands.md list them.
    public enum Exit: Int32, Sendable, CaseIterable {
        /// An unexpected failure, or a notify command that failed.
        case failure = 1
        /// Bad usage: a flag, an unknown id, no workspace found.
        case usage = 64
        /// The workspace's data has errors (nothing is written).
        case dataError = 65
        /// An input file (a table to import) does not exist or cannot be opened.
        case noInput = 66
        /// A source could not be read (a download or a program failed).
        case unavailable = 69
        /// An output (a history run, a report, a new workspace) cannot be created.
        case cannotCreate = 73
        /// The history, or a workspace file, cannot be read or written safely.
        case ioError = 74
        /// Another track process holds the lock.
        case busy = 75
    }

    public var exit: Exit
    /// What went wrong and what to do; nil when the diagnostics say it all.
    public var message: String?
    /// The problems in files behind it, `file:line:column`.
    public var diagnostics: [Diagnostic]

    public init(_ exit: Exit, _ message: String?, diagnostics: [Diagnostic] = []) {
        self.exit = exit
        self.message = message
        self.diagnostics = diagnostics
    }

    /// Problems in the workspace's data (exit 65).
    public static func data(_ error: DiagnosticsError, _ message: String? = nil) -> TrackError {
        TrackError(.dataError, message, diagnostics: error.diagnostics)
    }

    /// Another layer's error as one of ours: locks held elsewhere are `busy`, refused or failed file
    /// access `ioError` (or `exit` when given, for outputs), data problems `dataError`.
    public init(_ error: any Error, exit: Exit? = nil, context: String? = nil) {
        let prefix = context.map { $0 + ": " } ?? ""
        switch error {
        case let error as TrackError:
            self = error
        case let error as DiagnosticsError:
            self.init(.dataError, context, diagnostics: error.diagnostics)
        case let diagnostic as Diagnostic:
            self.init(.dataError, context, diagnostics: [diagnostic])
        case let busy as WorkspaceLock.Busy:
            self.init(.busy, prefix + busy.description)
        case let busy as HistoryStore.Busy:
            self.init(.busy, prefix + busy.description)
        case let outside as HistoryStore.OutsideWorkspace:
            self.init(.cannotCreate, prefix + outside.description)
        case let error as CocoaError:
            let place = error.filePath.map { DisplayPath.relative($0) + ": " } ?? ""
            let reason = error.underlying.map { "\($0)" } ?? error.localizedDescription
            self.init(exit ?? .ioError, prefix + place + reason + " (is it a folder you may write to?)")
        default:
            self.init(exit ?? .ioError, prefix + "\(error)")
        }
    }

    public var description: String {
        ([message].compactMap { $0 } + diagnostics.map(\.description)).joined(separator: "\n")
    }

    /// Runs `body`, turning whatever it throws into a `TrackError` (see `init(_:exit:context:)`).
    public static func converting<T>(exit: Exit? = nil, context: String? = nil, _ body: () throws -> T) throws(TrackError) -> T {
        do { return try body() } catch { throw TrackError(error, exit: exit, context: context) }
    }
}
