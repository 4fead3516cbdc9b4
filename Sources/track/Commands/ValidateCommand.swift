import ArgumentParser
import TrackCore
import TrackEngine
import Tracker

/// `track validate`: every error and warning in the workspace.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every file of the workspace and list all errors and warnings.",
        discussion: """
            Each problem is printed as file:line:column: error|warning: message, with the source line, \
            sorted by file and line; indicators' update: sources included. Exits 0 when there are no errors (warnings allowed), 65 when there are.

            Example:
              track validate --workspace ~/forecasts
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Output format.") var format: TextFormat = .text

    func run() throws {
        let (engine, diagnostics) = try workspace.session().check()
        let errors = diagnostics.count { $0.severity == .error }
        if format == .json {
            let report = ValidationReport(workspace: engine.workspace, diagnostics: diagnostics, displayPath: Console.displayPath)
            Console.print(try Console.json(report))
            if report.errors > 0 { throw ExitCode(TrackError.Exit.dataError.rawValue) }
            return
        }
        Console.report(diagnostics)
        let workspace = engine.workspace
        let observations = workspace.indicators.reduce(0) { $0 + $1.observations.count }
        let summary =
            "\(Count.of(workspace.predictions.count, "prediction")), "
            + "\(Count.of(workspace.indicators.count, "indicator")), \(Count.of(observations, "observation")): "
            + "\(Count.of(errors, "error")), \(Count.of(diagnostics.count - errors, "warning"))"
        if errors == 0 {
            Console.print(summary)
        } else {
            Console.printError(summary)
            throw ExitCode(TrackError.Exit.dataError.rawValue)
        }
    }
}
