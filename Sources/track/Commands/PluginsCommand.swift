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

            Examples:
              track plugins
              track plugins trend
            """
    )

    @Argument(help: "A plugin's name, to show its parameters and examples.")
    var name: String?

    func run() throws {
        let catalog = PluginCatalog(registry: WorkspaceSession.evaluators)
        guard let name else {
            Console.print(catalog.list().render(style: Console.style, width: Console.width))
            return
        }
        guard let type = catalog.registry.type(named: name) else {
            throw ValidationError(Suggestion.message(unknown: name, expected: catalog.registry.types.map { $0.identifier }, noun: "plugin"))
        }
        Console.print(catalog.detail(type, style: Console.style))
    }
}
