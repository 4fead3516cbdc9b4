/// Decodes an indicator's observations while its file is parsed: each well-formed item of
/// `observations:` becomes an `Observation` at once and leaves the document, so that a load never holds
/// the list both as nodes and as values. Items with anything unusual stay in the document, where
/// `ObservationReader`'s thorough path reads them and says what is wrong at their place.
final class ObservationCollector: YAMLListCollector {
    let key = "observations"
    /// The kind and states read from the header above the list. The items were decoded for these: when
    /// the header as finally read says otherwise (`kind:` written below the list), the file is read again.
    private(set) var kind: Indicator.Kind = .numeric
    private(set) var states: [String] = []
    /// The observations taken, in file order.
    private(set) var observations: [Observation] = []
    /// For each item left in the list, in order: how many taken observations come before it.
    private(set) var keptAfter: [Int] = []
    /// Whether the list was found and is being collected.
    private(set) var isCollecting = false

    /// Whether items were decoded for a kind and states other than `kind` and `states`.
    func assumedOtherThan(kind: Indicator.Kind, states: [String]) -> Bool {
        !observations.isEmpty && (kind != self.kind || states != self.states)
    }

    func begin(rootEntries: ArraySlice<UInt32>, expectedBytes: Int, in view: YAMLDocument.UnsafeView) -> Bool {
        for position in stride(from: rootEntries.startIndex, to: rootEntries.endIndex - 1, by: 2) {
            let value = Int(rootEntries[position + 1])
            guard let name = view.scalarBytes(Int(rootEntries[position])) else { continue }
            if name.elementsEqual("kind".utf8) {
                kind = view.scalarBytes(value).map { $0.elementsEqual("state".utf8) } == true ? .state : .numeric
            } else if name.elementsEqual("states".utf8) {
                guard let strings = Self.strings(value, in: view) else { return false }
                states = strings
            }
        }
        // An observation takes 40 bytes or more; pages reserved and never written cost nothing.
        observations.reserveCapacity(expectedBytes / 40)
        isCollecting = true
        return true
    }

    func take(_ item: Int, in view: YAMLDocument.UnsafeView) -> Bool {
        guard let observation = ObservationReader.wellFormed(item, in: view, kind: kind, states: states) else { return false }
        observations.append(observation)
        return true
    }

    func keep() {
        keptAfter.append(observations.count)
    }

    /// A list of strings, or a single string as a list of one, as `YAMLNode.strings()` reads them; nil for anything else.
    private static func strings(_ index: Int, in view: YAMLDocument.UnsafeView) -> [String]? {
        if view.isNull(index) { return [] }
        if let bytes = view.scalarBytes(index) { return [String(decoding: bytes, as: UTF8.self)] }
        guard view.records[index].kind == .sequence else { return nil }
        var strings: [String] = []
        for position in 0..<Int(view.records[index].count) {
            let item = view.child(index, position)
            guard !view.isNull(item), let bytes = view.scalarBytes(item) else { return nil }
            strings.append(String(decoding: bytes, as: UTF8.self))
        }
        return strings
    }
}
