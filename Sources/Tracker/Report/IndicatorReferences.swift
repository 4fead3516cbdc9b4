import TrackCore
import TrackEngine

/// What a forecast's `evaluate:` configuration says about the indicators it reads: their ids, in
/// the order written, and the numeric thresholds written next to them (`target: 20`, `above: 1e11`).
public struct IndicatorReferences: Sendable {
    /// The ids of the indicators read, each once, in order of first appearance.
    public private(set) var ids: [String] = []
    /// Numeric thresholds by indicator id, as written (`target`, `above`, `below`, `reaches`).
    public private(set) var thresholds: [String: [Double]] = [:]
    /// The subjects named beside each indicator (`subject: deepseek-v4`), in order.
    public private(set) var subjects: [String: [String]] = [:]

    static let thresholdKeys = ["target", "above", "below", "reaches"]

    /// The references in `node` (a prediction's `evaluate:`), then those in `evidence` not named there.
    public init(_ node: YAMLNode?, evidence: [Evidence] = []) {
        if let node { walk(node) }
        for item in evidence { if let id = item.indicator { add(id) } }
    }

    private mutating func add(_ id: String) {
        if !ids.contains(id) { ids.append(id) }
    }

    private mutating func walk(_ node: YAMLNode) {
        switch node.content {
        case .scalar: return
        case .sequence(let items): for item in items { walk(item) }
        case .mapping(let mapping):
            if let id = mapping.value(forKey: "indicator")?.scalar, case .string(let name) = id.coreValue {
                add(name)
                if let subject = mapping.value(forKey: "subject")?.scalar, case .string(let text) = subject.coreValue,
                    !(subjects[name] ?? []).contains(text)
                {
                    subjects[name, default: []].append(text)
                }
                for key in Self.thresholdKeys {
                    guard let scalar = mapping.value(forKey: key)?.scalar else { continue }
                    switch scalar.coreValue {
                    case .int(let value): thresholds[name, default: []].append(Double(value))
                    case .float(let value) where value.isFinite: thresholds[name, default: []].append(value)
                    default: break
                    }
                }
            }
            for entry in mapping.entries { walk(entry.value) }
        }
    }
}
