import Foundation
import TrackCore
import TrackEngine

/// What `track update` remembers of an indicator's last successful fetch: the URL, a fingerprint of
/// the `update:` configuration and the server's validators, in `.track/sources/INDICATOR.json`.
/// They are sent only while URL and configuration are the same, so that a changed filter or column
/// reads the table in full again rather than being told "not modified".
struct FetchMemory: Codable, Sendable, Equatable {
    var url: String
    var configuration: String
    var validators: HTTPFetch.Validators

    static func path(indicatorID: String, cacheDirectory: String) -> String {
        "\(cacheDirectory)/\(indicatorID).json"
    }

    /// The remembered validators for this URL and configuration, if any.
    static func validators(for url: String, configuration: String, at path: String) -> HTTPFetch.Validators? {
        guard let data = FileManager.default.contents(atPath: path),
            let memory = try? JSONDecoder().decode(FetchMemory.self, from: data),
            memory.url == url, memory.configuration == configuration
        else { return nil }
        return memory.validators
    }

    func save(to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try AtomicFile.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n", to: path)
    }

    /// A stable text for a YAML node: scalars as written, mappings in key order.
    static func fingerprint(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let scalar): return "\"\(scalar.text)\""
        case .sequence(let items): return "[" + items.map(fingerprint).joined(separator: ",") + "]"
        case .mapping(let mapping):
            return "{" + mapping.entries.sorted { $0.key < $1.key }.map { "\($0.key):\(fingerprint($0.value))" }.joined(separator: ",")
                + "}"
        }
    }
}
