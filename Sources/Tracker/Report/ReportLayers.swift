import TrackCore
import TrackEngine

/// What a report draws of each indicator, each made once per report however many forecasts read the
/// indicator: its observations up to the as-of day (from the series store, sorted once per load), the
/// subjects among them, and one `SVGLayer` of points per selection of highlighted subjects and scale.
///
/// Thinning: a layer draws at most `maximumPoints` points. Each series (a highlighted subject, or the
/// other subjects together) gets a share in proportion to its size, at least `minimumShare`; a series
/// over its share keeps its first and last observations and its running front (each value better than
/// every earlier one, in the indicator's direction; at most half the share, evenly sampled when more),
/// and fills the rest of its share with an even sample of its other observations in date order.
public struct ReportLayers: Sendable {
    /// The most points a layer draws.
    public static let maximumPoints = 1_000
    /// The least share of a series that has that many observations.
    static let minimumShare = 40

    /// One indicator's observations as the report sees them.
    struct IndicatorData {
        /// Observations dated on or before the as-of day, oldest first (file order among equal dates).
        var visible: ArraySlice<Observation>
        /// Subjects with a visible observation, in order of first appearance in the file, and each one's place there.
        var subjects: [String]
        var positions: [String: Int]
        /// The lowest and highest numeric value visible, and whether every one is positive.
        var numericRange: ClosedRange<Double>?
        var allPositive: Bool
    }

    let store: SeriesStore
    public let asOf: Day
    private var data: [String: IndicatorData] = [:]
    private var layerIndex: [String: Int] = [:]
    /// The layers made, in the order they were first asked for.
    public private(set) var layers: [SVGLayer] = []

    public init(store: SeriesStore, asOf: Day) {
        self.store = store
        self.asOf = asOf
    }

    /// `indicator`'s visible observations, subjects and value range: one pass, the first time.
    mutating func data(of indicator: Indicator) -> IndicatorData {
        if let known = data[indicator.id] { return known }
        let visible = store.observations(of: indicator.id, subject: nil, through: asOf)
        var seen = Set<String>()
        var low = Double.infinity
        var high = -Double.infinity
        var allPositive = true
        for observation in visible {
            if let subject = observation.subject { seen.insert(subject) }
            if let number = observation.value.number, number.isFinite {
                low = min(low, number)
                high = max(high, number)
                allPositive = allPositive && number > 0
            }
        }
        let subjects = seen.isEmpty ? [] : store.subjects(of: indicator.id).names.filter(seen.contains)
        let made = IndicatorData(
            visible: visible, subjects: subjects,
            positions: Dictionary(uniqueKeysWithValues: subjects.enumerated().map { ($0.element, $0.offset) }),
            numericRange: low <= high ? low...high : nil, allPositive: allPositive)
        data[indicator.id] = made
        return made
    }

    /// The latest visible observation of `indicator` (of `subject` when given): the first written of the latest day's.
    mutating func latest(of indicator: Indicator, subject: String?) -> Observation? {
        let list = subject.map { store.observations(of: indicator.id, subject: $0, through: asOf) } ?? data(of: indicator).visible
        guard let last = list.last?.date else { return nil }
        var low = list.startIndex
        var high = list.endIndex - 1
        while low < high {
            let middle = (low + high) / 2
            if list[middle].date < last { low = middle + 1 } else { high = middle }
        }
        return list[low]
    }

    /// A set of subjects drawn together in one light colour (the models at a capability level), with its name.
    struct Group: Sendable {
        var name: String
        var subjects: Set<String>
    }

    /// The palette index of a `Group`; highlighted subjects skip it.
    static let groupColour = 4

    /// The layer of `indicator`'s points with `highlighted` subjects in colour (in this order), the subjects of
    /// `group` (not highlighted) in the group's colour, and the others grey, on a log or linear scale; made the
    /// first time it is asked for.
    mutating func layer(of indicator: Indicator, highlighted: [String], group: Group? = nil, isLog: Bool) -> SVGLayer {
        let key =
            ([indicator.id, isLog ? "log" : "linear"] + highlighted + [
                group.map { $0.name + "\u{1}" + $0.subjects.sorted().joined(separator: "\u{1}") } ?? ""
            ])
            .joined(separator: "\u{0}")
        if let index = layerIndex[key] { return layers[index] }
        let data = data(of: indicator)
        // Groups: 0 the others, 1... the highlighted subjects, last the group's.
        var groups: [[Observation]] = Array(repeating: [], count: highlighted.count + 2)
        if data.subjects.isEmpty {
            groups[0] = Array(data.visible)
        } else {
            let position = Dictionary(uniqueKeysWithValues: highlighted.enumerated().map { ($0.element, $0.offset + 1) })
            for observation in data.visible {
                let place = observation.subject.flatMap {
                    position[$0] ?? (group?.subjects.contains($0) == true ? highlighted.count + 1 : nil)
                }
                groups[place ?? 0].append(observation)
            }
        }
        let total = data.visible.count
        func points(_ observations: [Observation]) -> [SVGChart.Point] {
            let share = max(Self.minimumShare, Self.maximumPoints * observations.count / max(total, 1))
            return Self.thinned(observations, toAtMost: share, better: indicator.better).compactMap { observation in
                switch observation.value {
                case .number(let value): return SVGChart.Point(day: observation.date, y: value)
                case .state(let state):
                    return indicator.states.firstIndex(of: state).map { SVGChart.Point(day: observation.date, y: Double($0)) }
                }
            }
        }
        var series: [SVGChart.Series] = []
        if data.subjects.isEmpty {
            series.append(.init(name: indicator.id, points: points(groups[0]), mark: .points, colour: 0))
        } else {
            if !groups[0].isEmpty {
                let count = Set(groups[0].compactMap(\.subject)).count
                series.append(
                    .init(name: "\(count) other subject\(count == 1 ? "" : "s")", points: points(groups[0]), mark: .points, colour: -1))
            }
            if let group, let members = groups.last, !members.isEmpty {
                series.append(.init(name: group.name, points: points(members), mark: .points, colour: Self.groupColour))
            }
            for (index, subject) in highlighted.enumerated() {
                let colour = group == nil || index < Self.groupColour ? index : index + 1
                series.append(.init(name: subject, points: points(groups[index + 1]), mark: .points, colour: colour))
            }
        }
        let layer = SVGLayer(id: "observations-\(layers.count + 1)", series: series, isLog: isLog, sourceCount: total)
        layerIndex[key] = layers.count
        layers.append(layer)
        return layer
    }

    /// At most `limit` of `observations` (oldest first): all when they fit, else the first and last, the
    /// running front in direction `better` (at most half the limit, evenly sampled) and an even sample of the rest.
    static func thinned(_ observations: [Observation], toAtMost limit: Int, better: Indicator.Direction?) -> [Observation] {
        guard observations.count > limit, limit >= 2 else { return observations }
        var kept = [Bool](repeating: false, count: observations.count)
        kept[0] = true
        kept[observations.count - 1] = true
        if let better {
            var front: [Int] = []
            var best: Double?
            for (index, observation) in observations.enumerated() {
                guard let value = observation.value.number else { continue }
                if best.map({ better == .higher ? value > $0 : value < $0 }) ?? true {
                    best = value
                    front.append(index)
                }
            }
            for index in evenSample(front, count: limit / 2) { kept[index] = true }
        }
        let room = limit - kept.count { $0 }
        if room > 0 {
            let rest = observations.indices.filter { !kept[$0] }
            for index in evenSample(rest, count: room) { kept[index] = true }
        }
        return observations.indices.filter { kept[$0] }.map { observations[$0] }
    }

    /// `count` of `items` spread evenly over them (all when they fit).
    static func evenSample(_ items: [Int], count: Int) -> [Int] {
        guard items.count > count else { return items }
        guard count > 0 else { return [] }
        return (0..<count).map { items[$0 * items.count / count] }
    }
}
