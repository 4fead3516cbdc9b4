import TrackCore
import TrackEngine

/// The text of a new indicator file, with an empty list of observations.
public enum IndicatorTemplate {
    /// The file's text; check it with `IndicatorReader.check` before writing it.
    public static func text(
        id: String, name: String, unit: String?, kind: Indicator.Kind = .numeric, better: Indicator.Direction? = nil,
        states: [String] = [], description: String? = nil, staleAfterDays: Int? = nil
    ) -> String {
        var lines = ["id: \(id)", "name: " + YAMLScalarWriter.string(name)]
        if let unit { lines.append("unit: " + YAMLScalarWriter.string(unit)) }
        lines.append("kind: \(kind.rawValue)")
        if let better { lines.append("better: \(better.rawValue)") }
        if !states.isEmpty { lines.append("states: [" + states.map(YAMLScalarWriter.string).joined(separator: ", ") + "]") }
        if let description { lines.append("description: " + YAMLScalarWriter.string(description)) }
        if let staleAfterDays { lines.append("stale-after-days: \(staleAfterDays)") }
        lines.append("observations: []")
        return lines.joined(separator: "\n") + "\n"
    }
}
