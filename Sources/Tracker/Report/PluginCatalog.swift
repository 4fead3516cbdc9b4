import TrackCore
import TrackEngine

/// `track plugins [NAME]`: what each evaluator plugin does, its parameters and its examples.
public struct PluginCatalog: Sendable {
    public let registry: EvaluatorRegistry

    public init(registry: EvaluatorRegistry) { self.registry = registry }

    /// One line per plugin.
    public func list() -> TextTable {
        var table = TextTable(columns: [.init("PLUGIN"), .init("SUMMARY")])
        for type in registry.types {
            table.append([.init(type.identifier), .init(type.description.summary.split(separator: ".").first.map { $0 + "." } ?? "")])
        }
        return table
    }

    /// A plugin's full description.
    public func detail(_ type: any Evaluator.Type, style: TerminalStyle) -> String {
        let description = type.description
        var parameters = TextTable(columns: [.init("PARAMETER"), .init("TYPE"), .init("DEFAULT"), .init("MEANING")])
        for parameter in description.parameters {
            parameters.append([
                .init(parameter.name), .init(parameter.type), .init(parameter.defaultValue ?? "required"), .init(parameter.summary),
            ])
        }
        var lines = [style.apply(.header, to: type.identifier), description.summary, "", parameters.render(style: style), "", "Examples:"]
        for example in description.examples {
            let probability = example.expectedProbability.map { range in
                range.lowerBound == range.upperBound ? range.lowerBound.formatted : "\(range.lowerBound.formatted)...\(range.upperBound.formatted)"
            } ?? "none"
            lines.append("")
            lines.append("  \(example.name): made \(example.made), deadline \(example.deadline), as of \(example.asOf) -> "
                + "\(example.expectedStatus.rawValue), probability \(probability)")
            lines += ("evaluate:\n" + example.evaluate.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                .split(separator: "\n").map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
