import ArgumentParser
import Foundation
import TrackCore
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
            (nothing is written); 66 an input file cannot be opened; 69 a source could not be read; 73 an output \
            cannot be created; 74 the history or a workspace file cannot be read or written; 75 another track \
            process holds the lock.
            """,
        version: TrackVersion.current,
        subcommands: [
            StatusCommand.self, ExplainCommand.self, ValidateCommand.self, IndicatorsCommand.self, EvaluateCommand.self,
            HistoryCommand.self, RecordCommand.self, ImportCommand.self, UpdateCommand.self, AddIndicatorCommand.self,
            ResolveCommand.self, SayCommand.self, DueCommand.self, ScoreCommand.self, PluginsCommand.self, ModelCommand.self,
            ReportCommand.self,
            SchemaCommand.self, InitCommand.self, TrustCommand.self,
        ],
        defaultSubcommand: StatusCommand.self
    )

    /// Parses the normalized arguments (see `CommandLineArguments`) and runs the command.
    static func main() {
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        switch CommandLineArguments.normalize(Array(CommandLine.arguments.dropFirst()), subcommands: names) {
        case .usageError(let message):
            Console.printError("track: error: \(message)")
            Foundation.exit(TrackError.Exit.usage.rawValue)
        case .arguments(let arguments, let color):
            if let color { setenv(Console.colorVariable, color.rawValue, 1) }
            run(arguments)
        }
    }

    /// Runs the command; a workflow's error that escaped a command is printed with its exit code.
    private static func run(_ arguments: [String]) {
        let interruption = Interruption()
        let outcome = Result { () throws -> Void in
            var command = try parseAsRoot(arguments)
            try command.run()
        }
        interruption.waitIfInterrupted()
        guard case .failure(let error) = outcome else { return }
        let code = (error as? TrackError).map(Console.fail) ?? exitCode(for: error)
        if !(error is TrackError), !(error is ExitCode) {
            // Help and --version go to standard output; a usage error to standard error, in track's one style.
            let message = fullMessage(for: error)
            if code == .success {
                Console.print(message)
            } else if !message.isEmpty {
                Console.printError(message.hasPrefix("Error: ") ? "track: error: " + message.dropFirst("Error: ".count) : message)
            }
        }
        Foundation.exit(code.rawValue)
    }
}
