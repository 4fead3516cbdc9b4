import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine
@testable import TrackEvaluators
@testable import Tracker

/// Indicators that update themselves: the `update:` configuration, the csv source on a table in the
/// workspace, and what the merge refuses.
@Suite("Indicator updates (library)")
struct IndicatorUpdateTests {
    static let registry = SourceRegistry([CSVSource.self])

    static func indicator(update: String) -> String {
        """
        # list prices (comment kept)
        name: Output price
        unit: usd_per_mtok
        better: lower
        \(update)
        observations:
          - date: 2024-12-26
            subject: v3
            value: 1.10
            source: https://example.com/v3

        """
    }

    static let prices = """
        day,model,usd,kind
        2024-12-26,v3,1.10,list
        2025-09-29,v3,0.42,list
        2025-09-29,v3,0.28,cache-hit

        """

    private func update(_ update: String, table: String = prices, dryRun: Bool = false) throws -> (
        TemporaryWorkspace, IndicatorUpdate.Outcome
    ) {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(), "indicators/price.yaml": Self.indicator(update: update),
            "data/prices.csv": table,
        ])
        let loaded = fixture.load()
        let indicator = try #require(loaded.workspace.indicators.first { $0.id == "price" })
        return (fixture, IndicatorUpdate.run(indicator, workspaceRoot: fixture.root, registry: Self.registry, dryRun: dryRun))
    }

    @Test("a table in the workspace: filtered rows become observations citing the file and line, the comment stays")
    func pathTable() throws {
        let (fixture, outcome) = try update(
            "update: {source: csv, path: data/prices.csv, date: day, value: usd, subject: model, where: kind=list}")
        guard case .merged(let merge, let rowCount, let filteredOut, _) = outcome.result else {
            Issue.record("expected a merge, got \(outcome.result)")
            return
        }
        #expect((rowCount, filteredOut, merge.duplicates.count, merge.added.count) == (3, 1, 1, 1))
        let text = try String(contentsOfFile: fixture.path("indicators/price.yaml"), encoding: .utf8)
        #expect(
            text == Self.indicator(
                update: "update: {source: csv, path: data/prices.csv, date: day, value: usd, subject: model, where: kind=list}") + """
                      - date: 2025-09-29
                        subject: v3
                        value: 0.42
                        source: data/prices.csv (line 3)

                    """)
    }

    @Test("a table in the workspace is its own validator: the same file again is unchanged, an edited one is read")
    func pathTableDigest() throws {
        let configuration = "update: {source: csv, path: data/prices.csv, date: day, value: usd, subject: model, where: kind=list}"
        let (fixture, first) = try update(configuration)
        guard case .merged = first.result else {
            Issue.record("expected a merge, got \(first.result)")
            return
        }
        func again() throws -> IndicatorUpdate.Outcome {
            let indicator = try #require(fixture.load().workspace.indicators.first { $0.id == "price" })
            return IndicatorUpdate.run(indicator, workspaceRoot: fixture.root, registry: Self.registry, dryRun: false)
        }
        guard case .unchanged(let reason) = try again().result else {
            Issue.record("the same file was read again")
            return
        }
        #expect(reason.contains("SHA-256"))
        // One byte more in the table: read and merged again.
        try (Self.prices + "2025-10-01,v3,0.40,list\n").write(toFile: fixture.path("data/prices.csv"), atomically: true, encoding: .utf8)
        guard case .merged(let merge, _, _, _) = try again().result else {
            Issue.record("the edited file was not read")
            return
        }
        #expect(merge.added.count == 1)
    }

    @Test(
        "configuration errors are reported at their place, all at once",
        arguments: [
            ("update: {source: cvs, path: a.csv}", "'cvs' is not a known source: csv; did you mean 'csv'?"),
            ("update: {source: csv}", "the csv source needs 'url' (http:// or https://) or 'path'"),
            ("update: {source: csv, url: ftp://example.com/a.csv}", "is not an http:// or https:// URL"),
            ("update: {source: csv, path: ../outside.csv}", "is outside the workspace"),
            ("update: {source: csv, path: a.csv, url: https://example.com/a.csv}", "give 'url' or 'path', not both"),
            ("update: {source: csv, path: a.csv, scael: 100}", "unknown field 'scael' in update (source csv); did you mean 'scale'?"),
            ("update: {source: csv, path: a.csv, where: task}", "'task' is not COL=VALUE"),
            ("update: {source: csv, path: a.csv, replace: true, keep-existing: true}", "'replace' and 'keep-existing' exclude each other"),
        ])
    func configurationErrors(configuration: String, message: String) throws {
        let (fixture, outcome) = try update(configuration)
        guard case .failed(let failure) = outcome.result else {
            Issue.record("expected a failure, got \(outcome.result)")
            return
        }
        #expect(failure.kind == .configuration)
        #expect(
            failure.diagnostics.contains { $0.message.contains(message) && $0.mark?.file.hasSuffix("indicators/price.yaml") == true },
            "\(failure.diagnostics.map(\.description))")
        #expect(try String(contentsOfFile: fixture.path("indicators/price.yaml"), encoding: .utf8) == Self.indicator(update: configuration))
    }

    @Test("'update' must name its source; the reader says so at the field")
    func readerChecksShape() throws {
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(), "indicators/price.yaml": Self.indicator(update: "update: [csv]"),
        ])
        let problems = fixture.load().diagnostics.filter { $0.severity == .error }
        #expect(problems.contains { $0.message.contains("'update' takes a mapping that names its source") && $0.mark?.line == 5 })
    }

    @Test("a new subject close to an existing one is held back with a did-you-mean, named by the update's parameter")
    func closeSubject() throws {
        let (fixture, outcome) = try update(
            "update: {source: csv, path: data/prices.csv, date: day, value: usd, subject: model}",
            table: "day,model,usd\n2025-09-29,V3,0.42\n")
        guard case .failed(let failure) = outcome.result else {
            Issue.record("expected a failure, got \(outcome.result)")
            return
        }
        #expect(failure.kind == .merge)
        let message = try #require(failure.diagnostics.first?.message)
        #expect(message.contains("did you mean 'v3'?") && message.contains("set 'new-subjects: true' in 'update'"), "\(message)")
        #expect(failure.diagnostics.first?.mark == SourceMark(file: "data/prices.csv", line: 2, column: 15))
        #expect(try String(contentsOfFile: fixture.path("indicators/price.yaml"), encoding: .utf8).contains("V3") == false)
    }

    @Test(
        "HTTP statuses are explained in words",
        arguments: [(404, "not found"), (410, "not found"), (401, "access denied"), (429, "try again later"), (503, "the server failed")])
    func statusWords(status: Int, words: String) {
        #expect(HTTPFetch.explain(status: status).hasPrefix("HTTP \(status): "))
        #expect(HTTPFetch.explain(status: status).contains(words))
    }
}

/// An indicator file swapped, after the workspace was loaded, for a link out of the workspace or a FIFO:
/// the update reads it again through the guarded reader, as record does, and refuses it.
@Suite("Indicator updates on a swapped file (library)")
struct SwappedIndicatorUpdateTests {
    private func loadThenSwap(_ swap: (String) throws -> Void) throws -> (TemporaryWorkspace, IndicatorUpdate.Outcome) {
        let update = "update: {source: csv, path: data/prices.csv, date: day, value: usd, subject: model, where: kind=list}"
        let fixture = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.predictions(), "indicators/price.yaml": IndicatorUpdateTests.indicator(update: update),
            "data/prices.csv": IndicatorUpdateTests.prices,
        ])
        let indicator = try #require(fixture.load().workspace.indicators.first { $0.id == "price" })
        try FileManager.default.removeItem(atPath: fixture.path("indicators/price.yaml"))
        try swap(fixture.path("indicators/price.yaml"))
        let outcome = IndicatorUpdate.run(indicator, workspaceRoot: fixture.root, registry: IndicatorUpdateTests.registry, dryRun: false)
        return (fixture, outcome)
    }

    @Test("a link out of the workspace is refused; the file it points to is unchanged")
    func linkOut() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("track-outside-\(UUID().uuidString).yaml").path
        let text = IndicatorUpdateTests.indicator(update: "")
        try text.write(toFile: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let (_, outcome) = try loadThenSwap { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: outside) }
        guard case .failed(let failure) = outcome.result else {
            Issue.record("expected a failure, got \(outcome.result)")
            return
        }
        #expect(failure.kind == .unwritable)
        #expect(failure.description.contains("outside the workspace"), "\(failure.description)")
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == text)
    }

    @Test("a FIFO is refused at once, not waited on", .timeLimit(.minutes(1)))
    func fifo() throws {
        let (_, outcome) = try loadThenSwap { #expect(mkfifo($0, 0o644) == 0) }
        guard case .failed(let failure) = outcome.result else {
            Issue.record("expected a failure, got \(outcome.result)")
            return
        }
        #expect(failure.description.contains("not a regular file (a FIFO)"), "\(failure.description)")
    }
}
