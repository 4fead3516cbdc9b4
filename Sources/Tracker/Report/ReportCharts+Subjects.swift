import TrackCore
import TrackEngine

extension ReportCharts {
    /// The series a forecast is about on one indicator's chart, drawn over the points: for a capability-price
    /// forecast the qualifying front (on each day, the cheapest price among models whose latest score reaches
    /// the level), for named subjects their observations, for a series of many subjects its running best, and
    /// for a series without subjects the series itself.
    struct SubjectSeries {
        var series: [SVGChart.Series]
        /// The models at the capability level, drawn in a colour of their own among the grey points.
        var group: ReportLayers.Group?
    }

    /// The price and score indicators and the capability level of a `capability-price` configuration.
    struct CapabilityLevel {
        var price: String
        var score: String
        var level: Double
    }

    static func subjectSeries(
        _ indicator: Indicator, for prediction: Prediction, named: [String], layers: inout ReportLayers
    ) -> SubjectSeries {
        let asOf = layers.asOf
        let data = layers.data(of: indicator)
        if let capability = capabilityLevel(reading: indicator.id, in: prediction, layers: layers), capability.price == indicator.id {
            let (front, qualifying) = cheapestFront(indicator, capability, layers: layers)
            let label = "cheapest at \(capability.score) ≥ \(capability.level.readable)"
            return SubjectSeries(
                series: front.isEmpty
                    ? []
                    : [
                        .init(
                            name: label, points: steps(front.map { (day: $0.day, probability: $0.value) }, until: asOf), mark: .line,
                            colour: 7, isSubject: true)
                    ],
                group: ReportLayers.Group(
                    name: "\(qualifying.count) at \(capability.score) ≥ \(capability.level.readable)", subjects: qualifying))
        }
        let numeric = indicator.kind == .numeric
        if !named.isEmpty {
            let lines = named.prefix(3).enumerated().compactMap { index, subject -> SVGChart.Series? in
                let points = numeric ? values(layers.store.observations(of: indicator.id, subject: subject, through: asOf)) : []
                return points.isEmpty ? nil : .init(name: subject, points: points, mark: .line, colour: index, isSubject: true)
            }
            if !lines.isEmpty { return SubjectSeries(series: lines, group: nil) }
        }
        // Named subjects without observations: the running best stands for the series, and its name says why.
        let missing = named.isEmpty ? "" : "; no observation of \(named.prefix(3).joined(separator: ", ")) yet"
        guard numeric, !data.visible.isEmpty else { return SubjectSeries(series: [], group: nil) }
        if data.subjects.isEmpty {
            return SubjectSeries(
                series: [.init(name: indicator.id, points: values(data.visible), mark: .line, colour: 0, isSubject: true)], group: nil)
        }
        guard let better = indicator.better else { return SubjectSeries(series: [], group: nil) }
        let front = runningBest(data.visible, better: better)
        return SubjectSeries(
            series: [
                .init(
                    name: "best so far\(missing)", points: steps(front.map { (day: $0.date, probability: $0.value.number!) }, until: asOf),
                    mark: .line, colour: 7, isSubject: true)
            ],
            group: nil)
    }

    /// The observations that were better than every earlier one, in the direction `better`.
    static func runningBest(_ observations: some Sequence<Observation>, better: Indicator.Direction) -> [Observation] {
        var front: [Observation] = []
        for observation in observations {
            guard let value = observation.value.number, value.isFinite else { continue }
            if let best = front.last?.value.number, better == .higher ? value <= best : value >= best { continue }
            front.append(observation)
        }
        return front
    }

    /// The numeric observations as points.
    static func values(_ observations: some Sequence<Observation>) -> [SVGChart.Point] {
        observations.compactMap { observation in observation.value.number.map { SVGChart.Point(day: observation.date, y: $0) } }
    }

    /// The `capability-price` configuration (anywhere in `evaluate:`) whose `price` or `score` is `indicator`, with its
    /// level: a number, or the latest score of `level: {subject}` on or before the day the forecast was made.
    static func capabilityLevel(reading indicator: String, in prediction: Prediction, layers: ReportLayers) -> CapabilityLevel? {
        func find(_ node: YAMLNode) -> YAMLNode? {
            switch node.content {
            case .scalar: return nil
            case .sequence(let items): return items.lazy.compactMap(find).first
            case .mapping(let mapping):
                if let inner = mapping.value(forKey: "capability-price"),
                    [inner.reportValue("price")?.reportString, inner.reportValue("score")?.reportString].contains(indicator)
                {
                    return inner
                }
                return mapping.entries.lazy.compactMap { find($0.value) }.first
            }
        }
        guard let evaluate = prediction.evaluate, let node = find(evaluate), let price = node.reportValue("price")?.reportString,
            let score = node.reportValue("score")?.reportString, let level = node.reportValue("level")
        else { return nil }
        if let number = level.reportNumber { return CapabilityLevel(price: price, score: score, level: number) }
        guard let subject = level.reportValue("subject")?.reportString,
            let value = layers.store.observations(of: score, subject: subject, through: prediction.made).last?.value.number
        else { return nil }
        return CapabilityLevel(price: price, score: score, level: value)
    }

    /// On each day a price or a score changes, the cheapest latest price among models whose latest score reaches the
    /// level (a point when it changes), and the models whose latest score reaches it on the as-of day.
    static func cheapestFront(
        _ price: Indicator, _ capability: CapabilityLevel, layers: ReportLayers
    ) -> (front: [(day: Day, value: Double)], qualifying: Set<String>) {
        let asOf = layers.asOf
        let events =
            (layers.store.observations(of: price.id, subject: nil, through: asOf).map { ($0, true) }
            + layers.store.observations(of: capability.score, subject: nil, through: asOf).map { ($0, false) })
            .filter { $0.0.subject != nil && $0.0.value.number != nil }
            .sorted { $0.0.date < $1.0.date }
        var prices: [String: Double] = [:]
        var scores: [String: Double] = [:]
        var front: [(day: Day, value: Double)] = []
        var index = 0
        while index < events.count {
            let day = events[index].0.date
            while index < events.count, events[index].0.date == day {
                let (observation, isPrice) = events[index]
                if isPrice {
                    prices[observation.subject!] = observation.value.number!
                } else {
                    scores[observation.subject!] = observation.value.number!
                }
                index += 1
            }
            let cheapest = prices.filter { (scores[$0.key] ?? -.infinity) >= capability.level }.values.min()
            if let cheapest, cheapest != front.last?.value { front.append((day, cheapest)) }
        }
        return (front, Set(prices.keys.filter { (scores[$0] ?? -.infinity) >= capability.level }))
    }
}
