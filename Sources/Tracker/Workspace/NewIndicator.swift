/// An indicator file to create (`track add-indicator`): its fields, written as YAML the reader reads back.
public struct NewIndicator: Sendable {
    public var id: String
    public var name: String
    public var unit: String?
    public var kind: Indicator.Kind
    public var better: Indicator.Direction?
    public var states: [String]
    public var description: String?
    public var staleAfterDays: Int?

    public init(
        id: String, name: String, unit: String? = nil, kind: Indicator.Kind = .numeric, better: Indicator.Direction? = nil, states: [String] = [],
        description: String? = nil, staleAfterDays: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.kind = kind
        self.better = better
        self.states = states
        self.description = description
        self.staleAfterDays = staleAfterDays
    }

    /// The file's text, fields in the order `FileSchema.indicator` declares them, scalars quoted where YAML needs it.
    public var yaml: String {
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
