import ArgumentParser
import TrackCore
import TrackEngine
import Tracker

/// `track plugins [NAME]`: the evaluator plugins.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the evaluator plugins, or show one's parameters and examples.",
        discussion: """
            A forecast names its plugin under 'evaluate:' in predictions.yaml, for example:
              evaluate:
                threshold: {indicator: deepseek-api-output-price, subject: deepseek-chat, target: 0.1}

            --format markdown prints every plugin's description as one page (docs/evaluators.md is that page).

            Examples:
              track plugins
              track plugins trend
              track plugins --format markdown > docs/evaluators.md
            """
    )

    @Argument(help: "A plugin's name, to show its parameters and examples.")
    var name: String?

    @Option(help: "Output format.") var format: PluginsFormat = .table

    func validate() throws {
        if format == .markdown, name != nil { throw ValidationError("--format markdown prints every plugin; leave out the name") }
    }

    func run() throws {
        let catalog = PluginCatalog(registry: WorkspaceSession.evaluators)
        if format == .markdown {
            Console.print(catalog.markdown())
            return
        }
        guard let name else {
            Console.print(catalog.list().render(style: Console.style, width: Console.width))
            return
        }
        let type = try perform { () throws(TrackError) in try catalog.plugin(named: name) }
        Console.print(catalog.detail(type, style: Console.style))
    }
}
