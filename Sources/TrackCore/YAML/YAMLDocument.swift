/// A parsed YAML document, stored flat: one record per node, scalar text in one byte buffer,
/// children as indices. Nodes are light views into it (`YAMLNode`), so reading a large file
/// allocates little beyond what libyaml itself does; strings are made only when asked for.
public final class YAMLDocument: Sendable {
    /// What a node is.
    enum Kind: UInt8, Sendable { case scalar, sequence, mapping }

    /// One node: its kind, scalar style, place, and where its text or children are.
    struct Record: Sendable {
        var kind: Kind
        var style: YAMLScalar.Style
        var line: UInt32
        var column: UInt32
        /// Offset into `text` (scalars) or into `children` (collections).
        var start: UInt32
        /// Bytes of text (scalars); children (sequences); keys and values, alternating (mappings).
        var count: UInt32

        var range: Range<Int> { Int(start)..<Int(start) + Int(count) }
    }

    /// Mappings with more entries than this get a dictionary index; smaller ones are scanned.
    static let indexedMappingThreshold = 8

    /// The file the document was read from.
    public let file: String
    let records: [Record]
    let text: [UInt8]
    let children: [UInt32]
    /// Explicit tags (`!!str`), by node; rare, so kept aside.
    let tags: [Int: String]
    /// Key -> entry position for mappings larger than `indexedMappingThreshold`, by mapping node.
    let mappingIndexes: [Int: [String: Int]]
    let rootIndex: Int?

    init(
        file: String, records: [Record], text: [UInt8], children: [UInt32], tags: [Int: String],
        mappingIndexes: [Int: [String: Int]], rootIndex: Int?
    ) {
        self.file = file
        self.records = records
        self.text = text
        self.children = children
        self.tags = tags
        self.mappingIndexes = mappingIndexes
        self.rootIndex = rootIndex
    }

    /// The node index of child `position` of collection node `index`.
    func child(_ index: Int, _ position: Int) -> Int {
        Int(children[Int(records[index].start) + position])
    }

    /// The top node, or nil for an empty document.
    public var root: YAMLNode? { rootIndex.map { YAMLNode(document: self, index: $0) } }

    /// The explicit tag of node `index`, if any.
    func tag(_ index: Int) -> String? {
        tags.isEmpty ? nil : tags[index]
    }

    /// The scalar text of node `index`.
    func string(_ index: Int) -> String {
        let record = records[index]
        return text.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[record.range]), as: UTF8.self)
        }
    }

    /// Calls `body` with the scalar bytes of node `index`.
    func withBytes<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let record = records[index]
        return text.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[record.range])) }
    }

    /// Whether the scalar text of node `index` is exactly `key`, without making a string.
    func scalar(_ index: Int, equals key: String) -> Bool {
        let record = records[index]
        var key = key
        return key.withUTF8 { keyBytes in
            keyBytes.count == Int(record.count)
                && text.withUnsafeBufferPointer { buffer in
                    keyBytes.elementsEqual(buffer[record.range])
                }
        }
    }
}

extension YAMLDocument {
    /// Read-only access to the document's storage without reference counting, for the hot loops
    /// of decoders (and their worker threads). Valid only inside `withUnsafeView`.
    struct UnsafeView: @unchecked Sendable {
        let records: UnsafeBufferPointer<Record>
        let text: UnsafeBufferPointer<UInt8>
        let children: UnsafeBufferPointer<UInt32>
        /// Whether any node carries an explicit tag (then the fast paths step aside).
        let hasTags: Bool

        /// The node index of child `position` of collection `index`.
        func child(_ index: Int, _ position: Int) -> Int {
            Int(children[Int(records[index].start) + position])
        }

        /// The number of entries of mapping `index`, or nil when it is not a mapping.
        func entryCount(_ index: Int) -> Int? {
            records[index].kind == .mapping ? Int(records[index].count) / 2 : nil
        }

        /// The bytes of scalar `index`, or nil when it is not a scalar.
        func scalarBytes(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
            let record = records[index]
            guard record.kind == .scalar else { return nil }
            return UnsafeBufferPointer(rebasing: text[record.range])
        }

        /// The bytes of scalar `index` when it is plain and untagged, the only kind the core schema resolves.
        func plainScalarBytes(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
            guard !hasTags, records[index].style == .plain else { return nil }
            return scalarBytes(index)
        }

        /// Whether node `index` is a core-schema null: `~`, `null`, `Null`, `NULL` or nothing, plain.
        func isNull(_ index: Int) -> Bool {
            plainScalarBytes(index).map(YAMLScalar.isNull) ?? false
        }
    }

    func withUnsafeView<T>(_ body: (UnsafeView) -> T) -> T {
        records.withUnsafeBufferPointer { records in
            text.withUnsafeBufferPointer { text in
                children.withUnsafeBufferPointer { children in
                    body(UnsafeView(records: records, text: text, children: children, hasTags: !tags.isEmpty))
                }
            }
        }
    }
}
