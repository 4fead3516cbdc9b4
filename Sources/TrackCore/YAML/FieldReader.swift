/// Reads the fields of one YAML mapping into typed values, collecting every problem instead of
/// stopping at the first. The fields a mapping may have are declared up front; any other key is
/// reported as unknown, with a suggestion.
public struct FieldReader {
    /// What the mapping describes, for messages: "prediction", "observation".
    public let context: String
    public let mark: SourceMark
    public private(set) var diagnostics: [Diagnostic] = []
    private let mapping: YAMLMapping
    private let fields: [String]

    /// A reader over `node`, which must be a mapping whose keys are among `fields`.
    public init(_ node: YAMLNode, context: String, fields: [String]) throws(Diagnostic) {
        guard let mapping = node.mappingView else {
            throw Diagnostic("expected a mapping (the fields of a \(context)), found \(node.kindDescription)", at: node.mark)
        }
        self.mapping = mapping
        self.context = context
        self.mark = node.mark
        self.fields = fields
    }

    /// The raw node for `key`, if present.
    public func node(_ key: String) -> YAMLNode? {
        assert(fields.contains(key), "'\(key)' is not a declared field of \(context)")
        return mapping.value(forKey: key)
    }

    /// A field that must be present and valid; nil (with a diagnostic) otherwise.
    public mutating func required<T>(_ key: String, _ decode: (YAMLNode) throws -> T) -> T? {
        guard let value = node(key), !value.isNull else {
            diagnostics.append(Diagnostic("\(context) is missing the required field '\(key)'", at: mapping[key]?.keyMark ?? mark))
            return nil
        }
        return decoded(key, value, decode)
    }

    /// A field that may be absent or null; nil (with a diagnostic) when present but invalid.
    public mutating func optional<T>(_ key: String, _ decode: (YAMLNode) throws -> T) -> T? {
        guard let value = node(key), !value.isNull else { return nil }
        return decoded(key, value, decode)
    }

    /// Records a problem found while interpreting a field.
    public mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Every problem found, plus one for each key that is not a declared field.
    public func finish() -> [Diagnostic] {
        var all = diagnostics
        for position in 0..<mapping.count where !fields.contains(where: { mapping.key(at: position, equals: $0) }) {
            let entry = mapping.entry(at: position)
            var message = "unknown field '\(entry.key)' in \(context)"
            if let suggestion = Suggestion.closest(to: entry.key, among: fields) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "; known fields: \(fields.joined(separator: ", "))"
            }
            all.append(Diagnostic(message, at: entry.keyMark))
        }
        return all
    }

    /// Runs `decode`; a failure at the value itself is prefixed with the field's name.
    private mutating func decoded<T>(_ key: String, _ value: YAMLNode, _ decode: (YAMLNode) throws -> T) -> T? {
        do {
            return try decode(value)
        } catch var diagnostic as Diagnostic {
            if diagnostic.mark == value.mark { diagnostic.message = "'\(key)': \(diagnostic.message)" }
            diagnostics.append(diagnostic)
        } catch let error as DiagnosticsError {
            diagnostics += error.diagnostics
        } catch {
            diagnostics.append(Diagnostic("'\(key)': \(error)", at: value.mark))
        }
        return nil
    }
}

extension FieldReader {
    /// Every problem found, thrown together; nothing when all is well.
    public func finishOrThrow() throws(DiagnosticsError) {
        let problems = finish()
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    /// A required field's value, after `finishOrThrow` has shown that every required field was read.
    public func unwrap<T>(_ value: T?) throws(DiagnosticsError) -> T {
        guard let value else { throw DiagnosticsError(finish()) }
        return value
    }
}
