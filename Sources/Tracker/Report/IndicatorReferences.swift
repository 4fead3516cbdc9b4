import TrackCore
import TrackEngine

/// What a forecast's `evaluate:` configuration says about the indicators it reads: their ids, in
/// the order written, the targets written next to them (`target: 20`, `above: 1e11`, a target relative
/// to another series, a claimed figure that a measured series checks) and the subjects named.
public struct IndicatorReferences: Sendable {
    /// A level the forecast measures an indicator against, as written.
    public struct Target: Sendable, Equatable {
        public enum Level: Sendable, Equatable {
            case number(Double)
            /// `factor` times the latest value of `indicator` (of `subject`) on the day of the report.
            case relative(indicator: String, subject: String?, factor: Double)
        }
        /// The key it was written under: `target`, `above`, `below`, `reaches`, `claimed`.
        public var key: String
        public var level: Level
    }

    /// The ids of the indicators read, each once, in order of first appearance.
    public private(set) var ids: [String] = []
    /// Targets by indicator id, in the order written.
    public private(set) var targets: [String: [Target]] = [:]
    /// The subjects named beside each indicator (`subject: deepseek-v4`), in order.
    public private(set) var subjects: [String: [String]] = [:]

    /// Numeric thresholds by indicator id, as written (`target`, `above`, `below`, `reaches`, `claimed`).
    public var thresholds: [String: [Double]] {
        targets.mapValues { list in
            list.compactMap { if case .number(let value) = $0.level { value } else { nil } }
        }
    }

    static let thresholdKeys = ["target", "above", "below", "reaches"]
    /// Keys that name the indicator a mapping's thresholds apply to: `indicator`, and `price` (capability-price).
    static let indicatorKeys = ["indicator", "price"]

    /// The references in `node` (a prediction's `evaluate:`), then those in `evidence` not named there.
    public init(_ node: YAMLNode?, evidence: [Evidence] = []) {
        if let node { walk(node) }
        for item in evidence { if let id = item.indicator { add(id) } }
    }

    private mutating func add(_ id: String) {
        if !ids.contains(id) { ids.append(id) }
    }

    private mutating func add(_ target: Target, to id: String) {
        if !(targets[id] ?? []).contains(target) { targets[id, default: []].append(target) }
    }

    private static func string(_ node: YAMLNode?) -> String? { node?.reportString }
    private static func number(_ node: YAMLNode?) -> Double? { node?.reportNumber }

    /// `{indicator, subject, factor}`: a level relative to another series (factor 1 when not given).
    private static func relative(_ node: YAMLNode?, factor: Double? = nil) -> Target.Level? {
        guard let mapping = node?.mappingView, let indicator = string(mapping.value(forKey: "indicator")) else { return nil }
        return .relative(
            indicator: indicator, subject: string(mapping.value(forKey: "subject")),
            factor: factor ?? number(mapping.value(forKey: "factor")) ?? 1)
    }

    private mutating func walk(_ node: YAMLNode) {
        switch node.content {
        case .scalar: return
        case .sequence(let items): for item in items { walk(item) }
        case .mapping(let mapping):
            if let name = Self.string(mapping.value(forKey: "indicator")) {
                add(name)
                if let text = Self.string(mapping.value(forKey: "subject")), !(subjects[name] ?? []).contains(text) {
                    subjects[name, default: []].append(text)
                }
            }
            // capability-price's benchmark: charted after its prices.
            let score = mapping.value(forKey: "price") != nil ? Self.string(mapping.value(forKey: "score")) : nil
            defer { if let score { add(score) } }
            for name in Self.indicatorKeys.compactMap({ Self.string(mapping.value(forKey: $0)) }) {
                add(name)
                for key in Self.thresholdKeys {
                    let value = mapping.value(forKey: key)
                    if let number = Self.number(value) {
                        add(Target(key: key, level: .number(number)), to: name)
                    } else if let level = Self.relative(value), key == "target" {
                        add(Target(key: key, level: level), to: name)
                    }
                }
            }
            // A model's claimed figure: checked against a measured series, or a multiple of another series' value.
            if let claimed = mapping.value(forKey: "claimed") {
                let numbers: [Double] =
                    if case .sequence(let items) = claimed.content { items.compactMap { Self.number($0) } } else {
                        [Self.number(claimed)].compactMap { $0 }
                    }
                if let measured = Self.string(mapping.value(forKey: "measured")) {
                    add(measured)
                    for number in numbers { add(Target(key: "claimed", level: .number(number)), to: measured) }
                }
                if let base = mapping.value(forKey: "relative-to"), numbers.count == 1,
                    case .relative(let indicator, let subject, _)? = Self.relative(base, factor: numbers[0])
                {
                    add(indicator)
                    add(Target(key: "claimed", level: .relative(indicator: indicator, subject: subject, factor: numbers[0])), to: indicator)
                }
            }
            for entry in mapping.entries { walk(entry.value) }
        }
    }
}

extension YAMLNode {
    /// The value of a string scalar, as the report reads configurations.
    var reportString: String? {
        if let scalar, case .string(let text) = scalar.coreValue { text } else { nil }
    }

    /// The value of a finite number scalar.
    var reportNumber: Double? {
        switch scalar?.coreValue {
        case .int(let value): Double(value)
        case .float(let value) where value.isFinite: value
        default: nil
        }
    }

    /// The value for `key` of a mapping; nil for a scalar or a list.
    func reportValue(_ key: String) -> YAMLNode? { mappingView?.value(forKey: key) }
}
