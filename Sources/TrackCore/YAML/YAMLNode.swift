/// A node of a parsed YAML document; every node knows the place it was written.
public struct YAMLNode: Sendable {
    /// A node's content, for code that walks any node.
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping(YAMLMapping)
    }

    let document: YAMLDocument
    let index: Int

    private var record: YAMLDocument.Record { document.records[index] }

    /// Where the node starts: file, 1-based line and column.
    public var mark: SourceMark {
        let record = record
        return SourceMark(file: document.file, line: Int(record.line), column: Int(record.column))
    }

    public var content: Content {
        switch record.kind {
        case .scalar: .scalar(scalar!)
        case .sequence: .sequence(Array(items!))
        case .mapping: .mapping(YAMLMapping(document: document, index: index))
        }
    }

    /// The scalar, or nil for a list or mapping.
    public var scalar: YAMLScalar? {
        guard record.kind == .scalar else { return nil }
        return YAMLScalar(document.string(index), style: record.style, tag: document.tag(index))
    }

    /// Whether the node is an explicit null (`~`, `null` or an empty value), checked without making a string.
    public var isNull: Bool {
        let record = record
        guard record.kind == .scalar, record.style == .plain, record.count <= 4, document.tag(index) == nil else { return false }
        return scalar!.isNull
    }

    /// The bytes of a plain, untagged scalar, the only kind the core schema resolves to numbers and dates.
    func withPlainScalarBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        let record = record
        guard record.kind == .scalar, record.style == .plain, document.tag(index) == nil else { return nil }
        return document.withBytes(index, body)
    }

    /// The items of a list, or nil for a scalar or mapping.
    public var items: YAMLSequence? {
        record.kind == .sequence ? YAMLSequence(document: document, index: index) : nil
    }

    /// The mapping, or nil for a scalar or list.
    public var mappingView: YAMLMapping? {
        record.kind == .mapping ? YAMLMapping(document: document, index: index) : nil
    }

    /// What the node is, as said in error messages: "a string", "a list", "a mapping".
    public var kindDescription: String {
        switch record.kind {
        case .scalar: scalar!.kindDescription
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// The items of a YAML list.
public struct YAMLSequence: RandomAccessCollection, Sendable {
    let document: YAMLDocument
    let index: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(document.records[index].count) }

    public subscript(position: Int) -> YAMLNode {
        YAMLNode(document: document, index: document.child(index, position))
    }
}

/// A mapping with string keys in the order written. Large mappings are looked up through a
/// dictionary built while parsing; small ones (most: an observation has five keys) by comparing
/// the few keys' bytes, which is faster than hashing.
public struct YAMLMapping: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var keyMark: SourceMark
        public var value: YAMLNode
    }

    let document: YAMLDocument
    let index: Int

    public var count: Int { Int(document.records[index].count) / 2 }

    /// The entries in the order written.
    public var entries: [Entry] {
        (0..<count).map(entry(at:))
    }

    /// The entry for `key`, if present.
    public subscript(key: String) -> Entry? {
        position(of: key).map(entry(at:))
    }

    /// The value for `key`, if present; cheaper than the entry when the key's place is not needed.
    public func value(forKey key: String) -> YAMLNode? {
        position(of: key).map { YAMLNode(document: document, index: document.child(index, 2 * $0 + 1)) }
    }

    private func position(of key: String) -> Int? {
        if let indexed = document.mappingIndexes[index] { return indexed[key] }
        return (0..<count).first { self.key(at: $0, equals: key) }
    }

    /// Whether the key at `position` is `key`, compared without making a string.
    func key(at position: Int, equals key: String) -> Bool {
        document.scalar(document.child(index, 2 * position), equals: key)
    }

    /// The entry at `position`, in the order written.
    public func entry(at position: Int) -> Entry {
        let keyNode = YAMLNode(document: document, index: document.child(index, 2 * position))
        let value = YAMLNode(document: document, index: document.child(index, 2 * position + 1))
        return Entry(key: keyNode.scalar!.text, keyMark: keyNode.mark, value: value)
    }
}

/// A scalar as written: its text, how it was quoted, and an explicit tag if any.
public struct YAMLScalar: Sendable, Hashable {
    public enum Style: UInt8, Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style
    /// An explicit tag such as `tag:yaml.org,2002:str` (`!!str`), or nil.
    public var tag: String?

    public init(_ text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }
}
