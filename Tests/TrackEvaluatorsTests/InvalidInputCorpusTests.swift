import Foundation
import TestSupport
import Testing

@testable import TrackCalibration
@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import TrackExec
@testable import Tracker

/// The bad-input corpus: every file under Tests/Fixtures/invalid/ is a broken workspace file whose header
/// lines (`# expect: error LINE:COLUMN: MESSAGE`, or `-` for a problem of the whole file) list the errors it
/// must produce, each exactly once and nothing else: one root error per problem, no knock-on errors elsewhere.
/// The name says where it goes: `*.indicator.yaml` replaces indicators/price.yaml, `*.state.yaml`
/// indicators/status.yaml, `*.predictions.yaml` predictions.yaml, `*.settings.yaml` track.yaml, `*.catalog.yaml`
/// catalog/models.yaml. Cases named `fuzz-*` are findings of scripts/fuzz.sh (crashes before they were fixed).
@Suite("Bad-input corpus")
struct InvalidInputCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/invalid").path

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }
        .sorted()

    static let price = """
        name: Price
        unit: usd
        better: lower
        observations:
          - date: 2025-01-01
            value: 2
            source: https://example.com/a
          - date: 2025-06-01
            value: 1
            source: https://example.com/b

        """
    static let status = """
        name: Status
        kind: state
        states: [private, ipo-filed, listed]
        observations:
          - date: 2025-01-01
            value: private
            source: https://example.com/c

        """
    static let predictions = """
        sources:
          - {id: article, title: An article}
        predictions:
          - id: cheap
            statement: The price halves.
            source: article
            made: 2024-12-01
            deadline: 2026-12-31
            criteria: Yes if it halves.
            evaluate:
              threshold: {indicator: price, target: 0.5}
          - id: listing
            statement: The company lists.
            source: article
            made: 2024-12-01
            deadline: 2028
            criteria: Yes if it lists.
            evaluate:
              milestone: {indicator: status, reaches: listed}

        """

    @Test("the corpus holds at least 100 cases")
    func size() {
        #expect(Self.cases.count >= 100)
    }

    @Test("the base workspace the cases go into is valid")
    func base() throws {
        let root = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(Self.errors(root) == [])
    }

    @Test("each case produces exactly its expected errors, at their file, line and column", arguments: cases)
    func expected(name: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + name))
        let header = String(decoding: bytes, as: UTF8.self).split(separator: "\n").prefix { $0.hasPrefix("# expect: ") }
        let target =
            switch name.split(separator: ".").dropLast().last {
            case "predictions": "predictions.yaml"
            case "settings": "track.yaml"
            case "state": "indicators/status.yaml"
            case "catalog": "catalog/models.yaml"
            default: "indicators/price.yaml"
            }
        let expected = header.map { line -> String in
            // "# expect: error 12:5: message" -> "indicators/price.yaml:12:5: error: message"
            let rest = line.dropFirst("# expect: ".count)
            let severity = rest.prefix { $0 != " " }
            let afterSeverity = rest.dropFirst(severity.count + 1)
            let place = afterSeverity.prefix { $0 != " " }.dropLast()
            let message = afterSeverity.dropFirst(place.count + 2)
            return (place == "-" ? target : "\(target):\(place)") + ": \(severity): \(message)"
        }
        try #require(!expected.isEmpty, "\(name) has no '# expect:' line")
        let root = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/catalog", withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: root + "/" + target))
        #expect(Self.errors(root) == expected.sorted())
    }

    /// The base workspace in a new temporary folder.
    static func workspace() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("track-corpus-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/indicators", withIntermediateDirectories: true)
        try predictions.write(toFile: root + "/predictions.yaml", atomically: true, encoding: .utf8)
        try price.write(toFile: root + "/indicators/price.yaml", atomically: true, encoding: .utf8)
        try status.write(toFile: root + "/indicators/status.yaml", atomically: true, encoding: .utf8)
        return root
    }

    /// Every error of the workspace as `track validate` reports it, paths relative to the workspace, sorted.
    static func errors(_ root: String) -> [String] {
        let result = WorkspaceLoader.load(root: root)
        let engine = EvaluationEngine(workspace: result.workspace, registry: BuiltInEvaluators.registry)
        return (result.diagnostics + Catalog.read(result.workspace.catalog).diagnostics + result.withoutKnockOns(engine.diagnostics))
            .filter { $0.severity == .error }
            .map { $0.description.replacingOccurrences(of: root + "/", with: "") }
            .sorted()
    }
}
