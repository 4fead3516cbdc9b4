/// Decodes an indicator's observations while its file is parsed, straight from libyaml's events, so
/// that a load never holds the list as nodes. When an item is anything but a well-formed observation,
/// the collector gives up and the file is parsed again as nodes, where `ObservationReader`'s thorough
/// path says what is wrong at its place.
public struct ObservationCollector: YAMLListCollector {
    let key = "observations"
    /// The observations, in file order.
    private(set) var observations: [Observation] = []
    /// Whether the list was found and every item of it taken.
    private(set) var isCollecting = false
    /// The item being read.
    private var item = Item()

    /// One item's reading, and the kind and states of the header above the list. The items are decoded
    /// for these: when the header as finally read says otherwise (`kind:` below the list), the file is read again.
    private struct Item {
        var kind: Indicator.Kind = .numeric
        var states: [String] = []
        var draft = ObservationDraft()
        /// The field whose value comes next; nil when a key does.
        var field: Int?
        var line = 0, column = 0

        mutating func scalar(_ bytes: UnsafeBufferPointer<UInt8>, style: YAMLScalar.Style) -> Bool {
            guard let current = field else {
                field = ObservationDraft.field(bytes)
                return field != nil
            }
            field = nil
            return draft.set(current, bytes, isPlain: style == .plain, kind: kind, states: states)
        }

        mutating func observation() -> Observation? {
            field == nil ? draft.take(line: line, column: column) : nil
        }
    }

    /// Whether observations were decoded for a kind and states other than `kind` and `states`.
    func assumedOtherThan(kind: Indicator.Kind, states: [String]) -> Bool {
        !observations.isEmpty && (kind != item.kind || states != item.states)
    }

    mutating func begin(rootEntries: ArraySlice<UInt32>, in view: YAMLDocument.UnsafeView) -> Bool {
        for position in stride(from: rootEntries.startIndex, to: rootEntries.endIndex - 1, by: 2) {
            let value = Int(rootEntries[position + 1])
            guard let name = view.scalarBytes(Int(rootEntries[position])) else { continue }
            if name.elementsEqual("kind".utf8) {
                item.kind = view.scalarBytes(value).map { $0.elementsEqual("state".utf8) } == true ? .state : .numeric
            } else if name.elementsEqual("states".utf8) {
                guard let strings = Self.strings(value, in: view) else { return false }
                item.states = strings
            }
        }
        isCollecting = true
        return true
    }

    mutating func beginItem(line: Int, column: Int) {
        item.draft = ObservationDraft()
        item.field = nil
        (item.line, item.column) = (line, column)
    }

    mutating func itemScalar(_ bytes: UnsafeBufferPointer<UInt8>, style: YAMLScalar.Style) -> Bool {
        item.scalar(bytes, style: style)
    }

    mutating func endItem() -> Bool {
        guard let observation = item.observation() else { return false }
        observations.append(observation)
        return true
    }

    mutating func giveUp() {
        observations = []
        isCollecting = false
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
