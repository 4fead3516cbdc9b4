/// Takes the items of one list of a document's root mapping while the document is parsed, so that a
/// long list (an indicator's observations) need not be stored as nodes: an item the collector takes
/// is dropped from the document as soon as it is complete; the items it leaves stay in the list, in
/// their order, for a reader that explains what is wrong with them.
protocol YAMLListCollector: AnyObject {
    /// The root mapping's key whose list is collected.
    var key: String { get }

    /// Called when the list opens, with the root mapping's entries read before it (key and value node
    /// indices, alternating) and the input's size. False leaves the whole list in the document.
    func begin(rootEntries: ArraySlice<UInt32>, expectedBytes: Int, in view: YAMLDocument.UnsafeView) -> Bool

    /// Called with each item of the list that is a mapping or a list, once it is complete and valid YAML
    /// (its keys unique), holding no anchor, alias or tag. True when taken.
    func take(_ item: Int, in view: YAMLDocument.UnsafeView) -> Bool

    /// Called for each item that stays in the list (not offered, or not taken), in order.
    func keep()
}
