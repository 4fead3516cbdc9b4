/// Takes the items of one list of a document's root mapping while the document is parsed, so that a
/// long list (an indicator's observations) is never stored as nodes: each item, a mapping of scalars,
/// goes to the collector scalar by scalar, straight from libyaml's buffer. When an item is anything
/// else (a list, an anchor, an alias, a tag, or what the collector refuses), the collector gives the
/// list up and the document is parsed again without it, so that a reader can say what is wrong.
protocol YAMLListCollector {
    /// The root mapping's key whose list is collected.
    var key: String { get }

    /// Called when the list opens, with the root mapping's entries read before it (key and value node
    /// indices, alternating). False leaves the list in the document.
    mutating func begin(rootEntries: ArraySlice<UInt32>, in view: YAMLDocument.UnsafeView) -> Bool

    /// A mapping item starts at 1-based `line` and `column`.
    mutating func beginItem(line: Int, column: Int)

    /// The item's next key or value, alternating: a scalar with no tag or anchor. False gives the list up.
    mutating func itemScalar(_ bytes: UnsafeBufferPointer<UInt8>, style: YAMLScalar.Style) -> Bool

    /// The item ended. False gives the list up.
    mutating func endItem() -> Bool

    /// The list was given up: what was collected is dropped, and the document is parsed again without the collector.
    mutating func giveUp()
}

/// The collector of a parse that collects nothing.
enum NoCollector: YAMLListCollector {
    var key: String { switch self {} }
    func begin(rootEntries: ArraySlice<UInt32>, in view: YAMLDocument.UnsafeView) -> Bool { switch self {} }
    func beginItem(line: Int, column: Int) { switch self {} }
    func itemScalar(_ bytes: UnsafeBufferPointer<UInt8>, style: YAMLScalar.Style) -> Bool { switch self {} }
    func endItem() -> Bool { switch self {} }
    func giveUp() { switch self {} }
}
