import ArgumentParser
import Dispatch
import Foundation
import Plugins
import Synchronization
import Tracker

/// `track`: which forecasts are on track, how likely each now is, and why.
@main
struct Track: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Track forecasts against leading indicators.",
        discussion: """
            A workspace is a directory with predictions.yaml (the forecasts) and indicators/*.yaml \
            (dated, sourced time series). track finds it like git finds a repository: --workspace DIR, \
            else the current directory or its nearest parent holding predictions.yaml.

            -w DIR, --history PATH and --color never|always|auto (also TRACK_COLOR) go before or after the command. \
            --history keeps the history index (SQLite) at PATH, which must be absolute, for that run: the one way to \
            keep it outside the workspace.

            Exit codes: 0 done; 1 unexpected failure; 64 bad usage or no workspace found; 65 bad data in the workspace \
            (nothing is written); 73 an output file cannot be written; 74 the history or a workspace file cannot be read or written; \
            75 another track process holds the lock.
            """,
        version: TrackVersion.current,
        subcommands: [
            StatusCommand.self, ExplainCommand.self, ValidateCommand.self, IndicatorsCommand.self, EvaluateCommand.self, HistoryCommand.self,
            RecordCommand.self, ImportCommand.self, UpdateCommand.self, AddIndicatorCommand.self, ResolveCommand.self, DueCommand.self, ScoreCommand.self, PluginsCommand.self,
            ModelCommand.self, ReportCommand.self, SchemaCommand.self, InitCommand.self, TrustCommand.self,
        ],
        defaultSubcommand: StatusCommand.self
    )

    /// Parses the normalized arguments (see `CommandLineArguments`) and runs the command.
    static func main() {
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        switch CommandLineArguments.normalize(Array(CommandLine.arguments.dropFirst()), subcommands: names) {
        case .usageError(let message):
            Console.printError("track: \(message)")
            Foundation.exit(ExitStatus.usage.rawValue)
        case .arguments(let arguments, let color):
            if let color { setenv(Console.colorVariable, color.rawValue, 1) }
            run(arguments)
        }
    }

    /// Runs the command; failures of the history or of a file write get their documented exit codes.
    private static func run(_ arguments: [String]) {
        let interruptions = stopPluginsWhenInterrupted()
        let outcome = Result { () throws -> Void in
            var command = try parseAsRoot(arguments)
            try command.run()
        }
        // Interrupted: the handler is stopping the plugins and exits with the signal's code; wait for it
        // rather than finish with the plugins' failures as if nothing had happened.
        while interrupted.load(ordering: .acquiring) { sleep(1) }
        withExtendedLifetime(interruptions) {}
        guard case .failure(let error) = outcome else { return }
        switch error {
        case let busy as HistoryStore.Busy:
            Console.printError("track: \(busy)")
            exit(withError: ExitStatus.busy)
        case let failure as HistoryStore.Failure:
            Console.printError("track: \(failure)")
            exit(withError: ExitStatus.historyUnavailable)
        case let failure as AtomicFile.Failure:
            Console.printError("track: \(failure)")
            exit(withError: ExitStatus.fileUnavailable)
        default:
            exit(withError: error)
        }
    }

    /// Set when a signal asks track to stop.
    private static let interrupted = Atomic(false)

    /// On SIGINT, SIGTERM or SIGHUP, kills the plugin programs still running (and what they started)
    /// before exiting, as the signal would have: an interrupted track leaves no process behind.
    private static func stopPluginsWhenInterrupted() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                interrupted.store(true, ordering: .releasing)
                PluginPrograms.stopAll()
                Glibc.exit(128 + number)
            }
            source.resume()
            return source
        }
    }
}
