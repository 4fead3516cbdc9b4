import CYAML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one YAML document through libyaml's event API into a `YAMLDocument`.
///
/// One parser owns one `yaml_parser_t` and its input (a private copy), which outlive it;
/// every event it takes from libyaml is deleted. Anchors and aliases work, within limits
/// that keep a hostile file (a "billion laughs") from hanging or exhausting memory.
public final class YAMLParser {
    /// Bounds that protect against hostile or runaway input.
    public struct Limits: Sendable {
        /// The deepest nesting of lists and mappings accepted.
        public var maxDepth = 64
        /// How many nodes aliases may add to a document in total when expanded.
        public var maxAliasExpansion = 100_000
        /// The largest input accepted, in bytes.
        public var maxBytes = 1 << 30

        public init() {}
    }

    /// libyaml's parser state, on the heap so that the event loop needs no exclusivity checks.
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: Input
    private let file: String
    private let limits: Limits

    /// Parses `bytes` (UTF-8) read from `file`.
    /// Throws every problem found: a syntax error, duplicate keys, a second document, exceeded limits.
    public static func parse(_ bytes: some Collection<UInt8>, file: String, limits: Limits = Limits()) throws(DiagnosticsError)
        -> YAMLDocument
    {
        var none: NoCollector?
        return try parse(bytes, file: file, limits: limits, collecting: &none)
    }

    /// Parses `bytes`, handing the items of one list of the root mapping to `collector` as they are read;
    /// when it gives the list up, the bytes are parsed again without it.
    static func parse<Collector: YAMLListCollector>(
        _ bytes: some Collection<UInt8>, file: String, limits: Limits = Limits(), collecting collector: inout Collector?
    ) throws(DiagnosticsError) -> YAMLDocument {
        try checkSize(bytes.count, file: file, limits: limits)
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        if bytes.withContiguousStorageIfAvailable({ _ = copy.initialize(from: $0) }) == nil {
            _ = copy.initialize(from: bytes)
        }
        let start = copy[..<bytes.count].starts(with: byteOrderMark) ? byteOrderMark.count : 0
        let parser = YAMLParser(
            input: .copied(UnsafeBufferPointer(rebasing: copy[start..<bytes.count]), allocation: copy), file: file, limits: limits)
        if let document = try parser.parseDocument(collecting: &collector) { return document }
        var none: Collector?
        return try parse(bytes, file: file, limits: limits, collecting: &none)
    }

    /// Reads and parses the file at `path`, streamed to libyaml in small reads: no copy of the whole file is
    /// held, and no mapping that dies with SIGBUS when an editor truncates the file while it is parsed
    /// (a file that shrinks is parsed as far as it goes). Opened without blocking, and refused unless it is
    /// a regular file, so a FIFO or a device never hangs.
    public static func parse(fileAt path: String, limits: Limits = Limits()) throws(DiagnosticsError) -> YAMLDocument {
        var none: NoCollector?
        return try parse(fileAt: path, limits: limits, collecting: &none)
    }

    /// Reads and parses the file at `path`, handing the items of one list of the root mapping to `collector`
    /// as they are read; when it gives the list up, the file is read again without it.
    static func parse<Collector: YAMLListCollector>(
        fileAt path: String, limits: Limits = Limits(), collecting collector: inout Collector?
    ) throws(DiagnosticsError) -> YAMLDocument {
        func failure(_ reason: String) -> DiagnosticsError { DiagnosticsError([Diagnostic(reason, file: path)]) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw failure("cannot read the file (\(String(cString: strerror(errno)))); check that it exists and is readable")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw failure("not a regular file (a folder, FIFO or device); track reads only regular files")
        }
        let size = Int(status.st_size)
        try checkSize(size, file: path, limits: limits)
        let source = FileSource(descriptor: descriptor, remaining: min(limits.maxBytes, Int(UInt32.max)))
        let parser = YAMLParser(input: .file(source, size: size), file: path, limits: limits)
        if let document = try parser.parseDocument(collecting: &collector) { return document }
        var none: Collector?
        return try parse(fileAt: path, limits: limits, collecting: &none)
    }

    /// UTF-8's byte order mark, which some editors write first; skipped (libyaml, told the encoding, would read it as text).
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static func checkSize(_ count: Int, file: String, limits: Limits) throws(DiagnosticsError) {
        guard count <= min(limits.maxBytes, Int(UInt32.max)) else {
            throw DiagnosticsError([Diagnostic("the file is larger than \(limits.maxBytes) bytes; split it", file: file)])
        }
    }

    /// What libyaml reads: bytes in memory (with the allocation freed with the parser), or an open file.
    private enum Input {
        case copied(UnsafeBufferPointer<UInt8>, allocation: UnsafeMutableBufferPointer<UInt8>)
        case file(FileSource, size: Int)

        /// The input's size as known when parsing starts.
        var size: Int {
            switch self {
            case .copied(let bytes, _): bytes.count
            case .file(_, let size): size
            }
        }

        func release() {
            if case .copied(_, let allocation) = self { allocation.deallocate() }
        }

        /// The first `count` bytes (for placing an encoding error); the file is read again.
        func prefix(_ count: Int) -> [UInt8] {
            switch self {
            case .copied(let bytes, _): return Array(bytes.prefix(count))
            case .file(let source, _):
                var bytes = [UInt8](repeating: 0, count: max(0, count))
                let read = bytes.withUnsafeMutableBytes { pread(source.descriptor, $0.baseAddress, count, off_t(source.skipped)) }
                return Array(bytes.prefix(max(0, read)))
            }
        }
    }

    /// An open file libyaml reads through `read(2)`, at most `remaining` bytes in all, a byte order mark skipped.
    private final class FileSource {
        let descriptor: Int32
        var remaining: Int
        /// The bytes skipped at the start (a byte order mark), once the first read has looked.
        var skipped = 0
        private var started = false

        init(descriptor: Int32, remaining: Int) {
            self.descriptor = descriptor
            self.remaining = remaining
        }

        /// For libyaml's read handler: 1 with the bytes read (0 at the end), 0 on a read error.
        func read(into buffer: UnsafeMutablePointer<UInt8>, size: Int, sizeRead: UnsafeMutablePointer<Int>) -> Int32 {
            while true {
                var count = systemRead(descriptor, buffer, min(size, remaining))
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { return 0 }
                remaining -= count
                if !started {
                    started = true
                    let mark = YAMLParser.byteOrderMark
                    if count >= mark.count, UnsafeBufferPointer(start: buffer, count: mark.count).elementsEqual(mark) {
                        buffer.update(from: buffer + mark.count, count: count - mark.count)
                        count -= mark.count
                        skipped = mark.count
                    }
                }
                sizeRead.pointee = count
                return 1
            }
        }
    }

    /// Takes ownership of `input`.
    private init(input: Input, file: String, limits: Limits) {
        self.file = file
        self.limits = limits
        self.input = input
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        switch input {
        case .copied(let bytes, _):
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        case .file(let source, _):
            // The source outlives the parser: `input` holds it until deinit.
            yaml_parser_set_input(
                parser,
                { data, buffer, size, sizeRead in
                    guard let data, let buffer, let sizeRead else { return 0 }
                    return Unmanaged<FileSource>.fromOpaque(data).takeUnretainedValue().read(into: buffer, size: size, sizeRead: sizeRead)
                }, Unmanaged.passUnretained(source).toOpaque())
        }
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.release()
    }

    // MARK: - Events

    /// The document, or nil when `collector` gave its list up.
    private func parseDocument<Collector: YAMLListCollector>(collecting collector: inout Collector?) throws(DiagnosticsError)
        -> YAMLDocument?
    {
        var builder = DocumentBuilder(file: file, limits: limits, expectedBytes: input.size, collector: collector.take())
        defer { collector = builder.collector }
        var documents = 0
        do throws(Diagnostic) {
            loop: while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError() }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    break loop
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        throw Diagnostic(
                            "a second YAML document ('---'); a track file holds exactly one document", at: mark(event.start_mark))
                    }
                case YAML_SCALAR_EVENT:
                    let scalar = event.data.scalar
                    try checkTag(scalar.tag, at: event.start_mark)
                    try builder.scalar(
                        UnsafeBufferPointer(start: scalar.value, count: scalar.length), style: Self.style(scalar.style),
                        tag: scalar.tag, anchor: scalar.anchor, mark: event.start_mark)
                case YAML_SEQUENCE_START_EVENT:
                    try checkTag(event.data.sequence_start.tag, at: event.start_mark)
                    try builder.open(.sequence, anchor: event.data.sequence_start.anchor, mark: event.start_mark)
                case YAML_MAPPING_START_EVENT:
                    try checkTag(event.data.mapping_start.tag, at: event.start_mark)
                    try builder.open(.mapping, anchor: event.data.mapping_start.anchor, mark: event.start_mark)
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    try builder.close()
                case YAML_ALIAS_EVENT:
                    try builder.alias(String(cString: event.data.alias.anchor), mark: event.start_mark)
                default:
                    break
                }
                if builder.gaveUp {
                    builder.collector?.giveUp()
                    return nil
                }
            }
        } catch {
            builder.diagnostics.append(error)
        }
        return try builder.finish()
    }

    /// The tags of the YAML 1.2 core schema (`!!str 2025` keeps a year a string) and the non-specific `!`.
    static let coreTags: Set<String> = Set(["str", "int", "float", "bool", "null", "map", "seq"].map { "tag:yaml.org,2002:" + $0 } + ["!"])

    /// Refuses any other tag (`!!python/object`, `!custom`): track reads plain data, and a tag it
    /// ignored would read as something the writer did not mean.
    private func checkTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, at position: yaml_mark_t) throws(Diagnostic) {
        guard let tag else { return }
        let text = String(cString: tag)
        guard !Self.coreTags.contains(text) else { return }
        let shown = text.hasPrefix("tag:yaml.org,2002:") ? "!!" + text.dropFirst("tag:yaml.org,2002:".count) : text
        throw Diagnostic(
            "the tag '\(TerminalText.excerpt(shown, limit: 40))' is not one track reads (only the core schema's !!str, !!int, "
                + "!!float, !!bool, !!null, !!map, !!seq); remove it", at: mark(position))
    }

    // MARK: - libyaml glue

    private func mark(_ mark: yaml_mark_t) -> SourceMark {
        SourceMark(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    private func syntaxError() -> Diagnostic {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unreadable YAML"
        var message = "invalid YAML: \(problem)"
        if let context = state.context.map({ String(cString: $0) }) {
            message += " (\(context) at line \(state.context_mark.line + 1), column \(state.context_mark.column + 1))"
        }
        if state.error == YAML_READER_ERROR {
            // libyaml gives the byte offset of an encoding error, not its mark.
            let offset = Int(state.problem_offset)
            return input.prefix(offset).withUnsafeBufferPointer { bytes in
                Diagnostic(message, at: Self.mark(ofByte: offset, in: bytes, file: file))
            }
        }
        return Diagnostic(message, at: mark(state.problem_mark))
    }

    /// The 1-based line and column (in characters) of the byte at `offset`.
    static func mark(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>, file: String) -> SourceMark {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var column = 1
        for byte in bytes[..<end] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceMark(file: file, line: line, column: column)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}

/// Builds a `YAMLDocument` from parser events. A value type, so that the hot path
/// needs no dynamic exclusivity checks.
private struct DocumentBuilder<Collector: YAMLListCollector> {
    private typealias Record = YAMLDocument.Record

    let file: String
    let limits: YAMLParser.Limits

    // The document being built.
    private var records: [Record] = []
    private var text: [UInt8] = []
    private var children: [UInt32] = []
    private var tags: [Int: String] = [:]
    private var mappingIndexes: [Int: [String: Int]] = [:]
    private var rootIndex: Int?

    // Parsing state.
    private var stack: [Frame] = []
    /// Children of the open collections, innermost last; moved to `children` when a collection ends.
    private var pending: [UInt32] = []
    private var anchors: [String: Anchored] = [:]
    private var aliasExpansion = 0
    var diagnostics: [Diagnostic] = []

    /// What takes the items of one list instead of the document (see `YAMLListCollector`), if anything.
    var collector: Collector?
    /// Whether a mapping item of the collected list is open (its scalars go to the collector).
    private var inCollectedItem = false
    /// Whether the collector met an item it cannot take: the document is parsed again without it.
    private(set) var gaveUp = false

    init(file: String, limits: YAMLParser.Limits, expectedBytes: Int, collector: Collector?) {
        self.file = file
        self.limits = limits
        self.collector = collector
        // Scalars never hold more bytes than the input; an event takes ten bytes of input or more
        // in most files. Reserving is cheap: pages that are never written are never touched. With a
        // collector, the long list never reaches the document, and what is left of it is small.
        guard collector == nil else { return }
        text.reserveCapacity(expectedBytes)
        records.reserveCapacity(expectedBytes / 10)
        children.reserveCapacity(expectedBytes / 10)
    }

    /// The document, or every problem found.
    func finish() throws(DiagnosticsError) -> YAMLDocument {
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        return YAMLDocument(
            file: file, records: records, text: text, children: children, tags: tags,
            mappingIndexes: mappingIndexes, rootIndex: rootIndex)
    }

    mutating func scalar(
        _ value: UnsafeBufferPointer<UInt8>, style: YAMLScalar.Style, tag: UnsafeMutablePointer<yaml_char_t>?,
        anchor: UnsafeMutablePointer<yaml_char_t>?, mark start: yaml_mark_t
    ) throws(Diagnostic) {
        if inCollectedItem {
            if tag != nil || anchor != nil || !collector!.itemScalar(value, style: style) { gaveUp = true }
            return
        }
        if stack.last?.isCollected == true {
            gaveUp = true  // an item that is no mapping
            return
        }
        let index = records.count
        records.append(
            Record(
                kind: .scalar, style: style, line: UInt32(start.line + 1), column: UInt32(start.column + 1),
                start: UInt32(text.count), count: UInt32(value.count)))
        text.append(contentsOf: value)
        if let tag { tags[index] = String(cString: tag) }
        if let anchor { anchors[String(cString: anchor)] = Anchored(index: index, weight: 1) }
        try add(index, weight: 1, mark: start)
    }

    mutating func alias(_ name: String, mark start: yaml_mark_t) throws(Diagnostic) {
        if inCollectedItem || stack.last?.isCollected == true {
            gaveUp = true
            return
        }
        guard let target = anchors[name] else {
            throw Diagnostic("unknown alias '*\(name)'; define the anchor '&\(name)' before using it", at: mark(start))
        }
        aliasExpansion += target.weight
        if aliasExpansion > limits.maxAliasExpansion {
            throw Diagnostic(
                "aliases expand to more than \(limits.maxAliasExpansion) nodes; this file looks like an alias bomb", at: mark(start))
        }
        try add(target.index, weight: target.weight, mark: start)
    }

    /// A list or mapping still being read.
    private struct Frame {
        var index: Int
        var isMapping: Bool
        /// Where its children start in `pending`.
        var pendingStart: Int
        var anchor: String?
        /// Nodes in this subtree, aliases counted as expanded.
        var weight = 1
        /// Whether its items go to the collector.
        var isCollected = false
    }

    /// A node that carries an anchor, and its expanded size.
    private struct Anchored {
        var index: Int
        var weight: Int
    }

    mutating func open(_ kind: YAMLDocument.Kind, anchor: UnsafeMutablePointer<yaml_char_t>?, mark start: yaml_mark_t) throws(Diagnostic) {
        if inCollectedItem {
            gaveUp = true  // a list or mapping inside an item
            return
        }
        if stack.last?.isCollected == true {
            guard kind == .mapping, anchor == nil, stack.count < limits.maxDepth else {
                gaveUp = true
                return
            }
            inCollectedItem = true
            collector!.beginItem(line: Int(start.line) + 1, column: Int(start.column) + 1)
            return
        }
        if expectsKey {
            throw Diagnostic("a mapping key must be a plain string, not a list or mapping", at: mark(start))
        }
        guard stack.count < limits.maxDepth else {
            throw Diagnostic("nesting deeper than \(limits.maxDepth) levels", at: mark(start))
        }
        let isCollected = kind == .sequence && anchor == nil && startsCollectedList()
        stack.append(
            Frame(
                index: records.count, isMapping: kind == .mapping, pendingStart: pending.count, anchor: anchor.map { String(cString: $0) },
                isCollected: isCollected))
        records.append(
            Record(
                kind: kind, style: .plain, line: UInt32(start.line + 1), column: UInt32(start.column + 1), start: 0, count: 0))
    }

    mutating func close() throws(Diagnostic) {
        if inCollectedItem {
            inCollectedItem = false
            if !collector!.endItem() { gaveUp = true }
            return
        }
        let frame = stack.removeLast()
        records[frame.index].start = UInt32(children.count)
        records[frame.index].count = UInt32(pending.count - frame.pendingStart)
        children.append(contentsOf: pending[frame.pendingStart...])
        pending.removeSubrange(frame.pendingStart...)
        if frame.isMapping { checkKeys(ofMapping: frame.index) }
        if let anchor = frame.anchor { anchors[anchor] = Anchored(index: frame.index, weight: frame.weight) }
        try add(frame.index, weight: frame.weight, mark: nil)
    }

    /// Whether the list opening now is the collector's: the value of its key in the root mapping,
    /// in a document without errors so far.
    private mutating func startsCollectedList() -> Bool {
        guard var collector, diagnostics.isEmpty, stack.count == 1, let root = stack.first, root.isMapping,
            (pending.count - root.pendingStart) % 2 == 1, let key = pending.last, records[Int(key)].kind == .scalar
        else { return false }
        var name = collector.key
        let isKey = name.withUTF8 { name in
            text.withUnsafeBufferPointer { name.elementsEqual($0[records[Int(key)].range]) }
        }
        guard isKey else { return false }
        let begins = withView { view in
            collector.begin(rootEntries: pending[root.pendingStart..<pending.count - 1], in: view)
        }
        self.collector = collector
        return begins
    }

    /// Calls `body` with a view of the document read so far.
    private func withView<T>(_ body: (YAMLDocument.UnsafeView) -> T) -> T {
        records.withUnsafeBufferPointer { records in
            text.withUnsafeBufferPointer { text in
                children.withUnsafeBufferPointer { children in
                    body(YAMLDocument.UnsafeView(records: records, text: text, children: children, hasTags: !tags.isEmpty))
                }
            }
        }
    }

    /// Whether the next node read is a key of the innermost mapping.
    private var expectsKey: Bool {
        guard let top = stack.last else { return false }
        return top.isMapping && (pending.count - top.pendingStart) % 2 == 0
    }

    private mutating func add(_ index: Int, weight: Int, mark start: yaml_mark_t?) throws(Diagnostic) {
        guard !stack.isEmpty else {
            rootIndex = index
            return
        }
        if expectsKey, records[index].kind != .scalar {
            throw Diagnostic("a mapping key must be a plain string, not a list or mapping", at: start.map(mark) ?? nodeMark(index))
        }
        stack[stack.count - 1].weight += weight
        pending.append(UInt32(index))
    }

    /// Reports duplicate keys; gives large mappings their dictionary index.
    private mutating func checkKeys(ofMapping index: Int) {
        let record = records[index]
        let keyCount = Int(record.count) / 2
        func key(_ position: Int) -> Int { Int(children[Int(record.start) + 2 * position]) }
        func report(_ duplicate: Int, first: Int) {
            let firstMark = nodeMark(first)
            diagnostics.append(
                Diagnostic(
                    "duplicate key '\(string(duplicate))'; it is already set at line \(firstMark.line), column \(firstMark.column): keep one",
                    at: nodeMark(duplicate)))
        }
        if keyCount <= YAMLDocument.indexedMappingThreshold {
            for later in 1..<max(1, keyCount) {
                if let earlier = (0..<later).first(where: { sameText(key($0), key(later)) }) { report(key(later), first: key(earlier)) }
            }
            return
        }
        var positions: [String: Int] = [:]
        positions.reserveCapacity(keyCount)
        for position in 0..<keyCount {
            let text = string(key(position))
            if let earlier = positions[text] { report(key(position), first: key(earlier)) } else { positions[text] = position }
        }
        mappingIndexes[index] = positions
    }

    private func sameText(_ a: Int, _ b: Int) -> Bool {
        let (ra, rb) = (records[a], records[b])
        return ra.count == rb.count && text[ra.range].elementsEqual(text[rb.range])
    }

    private func string(_ index: Int) -> String {
        let record = records[index]
        return String(decoding: text[record.range], as: UTF8.self)
    }

    private func mark(_ mark: yaml_mark_t) -> SourceMark {
        SourceMark(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    private func nodeMark(_ index: Int) -> SourceMark {
        SourceMark(file: file, line: Int(records[index].line), column: Int(records[index].column))
    }
}
