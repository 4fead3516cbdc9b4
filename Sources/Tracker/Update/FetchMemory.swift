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

    /// The remembered validators for this URL and configuration, if any (read only from a regular
    /// file inside the workspace `root`, at most 64 kB).
    static func validators(for url: String, configuration: String, at path: String, within root: String) -> HTTPFetch.Validators? {
        guard let bytes = try? WorkspaceFile.readBytes(path, within: root, maximumBytes: 65_536),
            let memory = try? JSONDecoder().decode(FetchMemory.self, from: Data(bytes)),
            memory.url == url, memory.configuration == configuration
        else { return nil }
        return memory.validators
    }

    /// Writes the memory to `path`, inside the workspace `root` only: a linked `.track/` or
    /// `.track/sources/` is refused, never written through.
    func save(to path: String, within root: String) throws {
        try WorkspaceFile.createFolders((path as NSString).deletingLastPathComponent, within: root)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try AtomicFile.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n", to: path, within: root)
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
