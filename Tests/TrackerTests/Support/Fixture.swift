import Foundation
@testable import Tracker

/// A workspace in a fresh temporary directory, removed when the test is done with it.
final class Fixture {
    let root: String

    init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("track-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/indicators", withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func load() -> WorkspaceLoader.Result { WorkspaceLoader.load(root: root) }

    /// A minimal valid predictions.yaml with one source and the given predictions (YAML list items).
    static func predictions(_ items: String = "") -> String {
        """
        sources:
          - id: article
            title: An article
        predictions:\(items.isEmpty ? " []" : "\n" + items)

        """
    }

    /// One prediction, as a list item.
    static let prediction = """
          - id: cheaper-tokens
            statement: Tokens get cheaper.
            source: article
            made: 2026-06-15
            deadline: 2027-Q3
            probability: 0.6
            criteria: Yes if the price halves.
            tags: [cost]
        """

    /// A numeric indicator with two subjects.
    static let priceIndicator = """
        name: Output price
        unit: usd_per_mtok
        kind: numeric
        better: lower
        observations:
          - date: 2024-12-26
            subject: v3
            value: 1.10
            source: https://example.com/v3
          - date: 2025-09-29
            subject: v3.2
            value: 0.42
            source: https://example.com/v3.2
          - date: 2026-01-10
            subject: v3
            value: 0.90
            source: https://example.com/v3-cut

        """
}

extension Array where Element == Diagnostic {
    /// `file-name:line:column: severity: message` lines, for readable expectations.
    var rendered: [String] {
        map { diagnostic in
            let name = URL(fileURLWithPath: diagnostic.file).lastPathComponent
            let place = diagnostic.mark.map { "\(name):\($0.line):\($0.column)" } ?? name
            return "\(place): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        }
    }
}
