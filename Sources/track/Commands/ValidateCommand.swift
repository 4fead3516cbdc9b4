import ArgumentParser
import Tracker

/// `track validate`: every error and warning in the workspace.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every file of the workspace and list all errors and warnings.",
        discussion: """
            Each problem is printed as file:line:column: error|warning: message, with the source line, \
            sorted by file and line. Exits 0 when there are no errors (warnings allowed), 65 when there are.

            Example:
              track validate --workspace ~/forecasts
            """
    )

    @OptionGroup var workspace: WorkspaceOptions
    @Option(help: "Output format: text (diagnostics on standard error) or json (on standard output).") var format: ReportFormat = .text

    func validate() throws { try format.require([.text, .json]) }

    func run() throws {
        let (engine, diagnostics) = try workspace.check()
        if format == .json {
            let report = ValidationReport(workspace: engine.workspace, diagnostics: diagnostics, displayPath: Console.displayPath)
            Console.print(try Console.json(report))
            if report.errors > 0 { throw ExitStatus.badData }
            return
        }
        Console.report(diagnostics)
        let errors = diagnostics.count { $0.severity == .error }
        let workspace = engine.workspace
        let observations = workspace.indicators.reduce(0) { $0 + $1.observations.count }
        let summary = "\(count(workspace.predictions.count, "prediction")), "
            + "\(count(workspace.indicators.count, "indicator")), \(count(observations, "observation")): "
            + "\(count(errors, "error")), \(count(diagnostics.count - errors, "warning"))"
        if errors == 0 {
            Console.print(summary)
        } else {
            Console.printError(summary)
            throw ExitStatus.badData
        }
    }
}
