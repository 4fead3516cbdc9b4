import Foundation
import TestSupport
import Testing

@Suite("track import (end to end)")
struct ImportCommandTests {
    /// Rows in the shape of Epoch AI's benchmark runs: a 0-1 score, a run date with a time of day,
    /// a quoted cell holding a comma, and a second task the filter leaves out.
    private static let runs = """
        id,task,model,Best score (across scorers),started_at
        r1,GPQA diamond,v4,0.85,"17 November 2025 4:28pm"
        r2,GPQA diamond,"v3, updated",0.62,1 April 2025 10:40am
        r3,MATH level 5,v4,0.97,17 November 2025 4:28pm

        """

    private func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": SampleFiles.price, "runs.csv": Self.runs,
        ])
    }

    private let arguments = [
        "import", "gpqa", "runs.csv", "--where", "task=GPQA diamond", "--date", "started_at", "--value", "Best score (across scorers)",
        "--scale", "100", "--subject", "model", "--source", "https://example.com/runs.csv",
    ]

    @Test("--create makes the indicator; rows are added in date order; importing again adds nothing")
    func importTwice() throws {
        let workspace = try workspace()
        let first = try TrackProcess.run(
            arguments + ["--create", "--name", "GPQA", "--unit", "percent", "--better", "higher"], in: workspace.root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("3 rows, 2 added, 0 already there, 1 left out by --where"))
        let text = try String(contentsOfFile: workspace.root + "/indicators/gpqa.yaml", encoding: .utf8)
        #expect(
            text == """
                id: gpqa
                name: GPQA
                unit: percent
                kind: numeric
                better: higher
                observations:
                  - date: 2025-04-01
                    subject: v3, updated
                    value: 62.0
                    source: https://example.com/runs.csv
                  - date: 2025-11-17
                    subject: v4
                    value: 85.0
                    source: https://example.com/runs.csv

                """)
        let before = try workspace.snapshot()
        let again = try TrackProcess.run(arguments, in: workspace.root)
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 added, 2 already there"))
        #expect(try workspace.snapshot() == before)
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
    }

    @Test("a bad row, a conflict or a near-miss subject exits 65 naming the place and changes no file")
    func refusals() throws {
        let workspace = try workspace()
        #expect(try TrackProcess.run(arguments + ["--create", "--name", "GPQA"], in: workspace.root).status == 0)
        let cases: [(String, String)] = [
            (
                "id,task,model,Best score (across scorers),started_at\nr9,GPQA diamond,v4,0.85,someday\n",
                "runs.csv:2:25: error: column 'started_at': 'someday' is not a date"
            ),
            (
                "id,task,model,Best score (across scorers),started_at\nr9,GPQA diamond,v4,0.86,2025-11-17\n",
                "'v4' on 2025-11-17 already has the value 85.0"
            ),
            (
                "id,task,model,Best score (across scorers),started_at\nr9,GPQA diamond,V4,0.9,2025-12-01\n",
                "subject 'V4' is new to gpqa; did you mean 'v4'?"
            ),
        ]
        for (table, message) in cases {
            try table.write(toFile: workspace.root + "/runs.csv", atomically: true, encoding: .utf8)
            let before = try workspace.snapshot()
            let output = try TrackProcess.run(arguments, in: workspace.root)
            #expect(output.status == 65)
            #expect(output.stderr.contains(message), "\(output.stderr)")
            #expect(try workspace.snapshot() == before)
        }
        // The flags that allow what was refused.
        #expect(try TrackProcess.run(arguments + ["--new-subject"], in: workspace.root).status == 0)
        try "id,task,model,Best score (across scorers),started_at\nr9,GPQA diamond,v4,0.86,2025-11-17\n".write(
            toFile: workspace.root + "/runs.csv", atomically: true, encoding: .utf8)
        let replaced = try TrackProcess.run(arguments + ["--replace"], in: workspace.root)
        #expect(replaced.stdout.contains("replaced 85.0 with 86.0 for v4 on 2025-11-17"), "\(replaced.stdout)\(replaced.stderr)")
    }

    @Test("record stops on a misspelt subject and on a second value for a date and subject, changing nothing")
    func recordGuards() throws {
        let workspace = try workspace()
        let file = workspace.root + "/indicators/price.yaml"
        let before = try String(contentsOfFile: file, encoding: .utf8)
        // SampleFiles.price has deepseek-style subjects v3 (2024-12-26: 1.10) and v3.2.
        let typo = try TrackProcess.run(
            ["record", "price", "0.3", "--subject", "V3.2", "--source", "https://example.com/x"], in: workspace.root)
        #expect(typo.status == 65 && typo.stderr.contains("subject 'V3.2' is new to price; did you mean 'v3.2'?"), "\(typo.stderr)")
        let conflict = try TrackProcess.run(
            ["record", "price", "1.2", "--subject", "v3", "--date", "2024-12-26", "--source", "https://example.com/x"], in: workspace.root)
        #expect(conflict.status == 65 && conflict.stderr.contains("'v3' on 2024-12-26 already has the value 1.1"), "\(conflict.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
        let allowed = try TrackProcess.run(
            ["record", "price", "0.3", "--subject", "V3.2", "--source", "https://example.com/x", "--new-subject"], in: workspace.root)
        #expect(allowed.status == 0)
    }

    @Test("usage errors name the flag")
    func usage() throws {
        let workspace = try workspace()
        let missing = try TrackProcess.run(["import", "gpqa", "runs.csv", "--source", "s"], in: workspace.root)
        #expect(missing.status == 64 && missing.stderr.contains("--create makes a new one"))
        let filter = try TrackProcess.run(["import", "price", "runs.csv", "--source", "s", "--where", "task"], in: workspace.root)
        #expect(filter.status == 64 && filter.stderr.contains("--where 'task'"))
        let column = try TrackProcess.run(["import", "price", "runs.csv", "--source", "s", "--value", "score"], in: workspace.root)
        #expect(column.status == 65 && column.stderr.contains("--value: no column 'score' in this table"))
    }

    @Test("--replace of an item that defines an anchor an alias further down reads is refused, the file unchanged")
    func replacedAnchor() throws {
        // The third item redefines &s; the last item's *s means its source. Dropping the third item would
        // silently give the last one the first item's source.
        let price = """
            name: Price
            unit: usd
            observations:
              - date: 2025-01-01
                value: 2.0
                source: &s https://example.com/A
              - date: 2025-02-01
                value: 1.9
                source: https://example.com/x
              - date: 2025-03-01
                value: 1.8
                source: &s https://example.com/B
              - date: 2025-04-01
                value: 1.7
                source: https://example.com/y
              - date: 2025-05-01
                value: 1.6
                source: https://example.com/z
              - date: 2025-06-01
                value: 1.5
                source: *s

            """
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": price, "rep.csv": "date,value\n2025-03-01,1.75\n",
        ])
        let output = try TrackProcess.run(
            ["import", "price", "rep.csv", "--date", "date", "--value", "value", "--source", "https://example.com/new", "--replace"],
            in: workspace.root)
        #expect(output.status == 65, "\(output.stdout)\(output.stderr)")
        #expect(output.stderr.contains("nothing was written"))
        #expect(try String(contentsOfFile: workspace.root + "/indicators/price.yaml", encoding: .utf8) == price)
    }
}
