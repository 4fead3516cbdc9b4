import Foundation
import TestSupport
import Testing

/// `track update` on workspaces whose indicators declare sources, against tables served by a
/// server on the loopback address started by each test (no other network).
@Suite("track update (end to end)")
struct UpdateCommandTests {
    /// Rows in the shape of Epoch AI's benchmark runs: a 0-1 score, a run date with a time of day,
    /// a second task that the indicator's `where` leaves out.
    static let runs = """
        id,task,model,score,started_at
        r1,GPQA diamond,v3,0.62,1 April 2025 10:40am
        r2,GPQA diamond,v4,0.85,17 November 2025 4:28pm
        r3,MATH level 5,v4,0.97,17 November 2025 4:28pm

        """

    /// An indicator that already holds the first row (0.62 x 100 on 2025-04-01), fed from `url`.
    static func gpqa(url: String, extra: String = "") -> String {
        gpqa(
            update: """
                update:
                  source: csv
                  url: \(url)
                  where: task=GPQA diamond
                  date: started_at
                  value: score
                  scale: 100
                  subject: model\(extra)
                """)
    }

    static func gpqa(update: String) -> String {
        """
        # GPQA Diamond, from Epoch AI's runs (this comment must survive updates)
        name: GPQA Diamond
        unit: percent
        better: higher
        \(update)
        observations:
          - date: 2025-04-01
            subject: v3
            value: 62.0
            source: https://example.com/runs.csv

        """
    }

    /// Answers `body` with `etag`, or 304 when the request already holds that ETag.
    static func table(_ body: String, etag: String) -> @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        { request in
            request.headers["if-none-match"] == etag
                ? .init(status: 304, headers: ["ETag": etag])
                : .init(status: 200, headers: ["ETag": etag, "Content-Type": "text/csv"], body: Data(body.utf8))
        }
    }

    private func setUp(_ body: String = runs, extra: String = "") throws -> (LoopbackHTTPServer, TemporaryWorkspace, String) {
        let server = try LoopbackHTTPServer(handler: Self.table(body, etag: "\"v1\""))
        let url = server.base + "/data/runs.csv"
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts, "indicators/gpqa.yaml": Self.gpqa(url: url, extra: extra),
        ])
        return (server, workspace, url)
    }

    private func indicatorText(_ workspace: TemporaryWorkspace) throws -> String {
        try String(contentsOfFile: workspace.root + "/indicators/gpqa.yaml", encoding: .utf8)
    }

    @Test("a first fetch adds the new row, citing the URL and its line; the comment and the old entry stay as they were")
    func firstFetch() throws {
        let (server, workspace, url) = try setUp()
        let before = try indicatorText(workspace)
        let run = try TrackProcess.run(["update"], in: workspace.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("gpqa (csv \(url)): 1 added, 1 already there, 1 of 3 rows left out by 'where'"), "\(run.stdout)")
        // Row r2 is on line 3 of the table (after the header and r1); 0.85 x 100 = 85.
        let added = """
              - date: 2025-11-17
                subject: v4
                value: 85.0
                source: \(url) (line 3)

            """
        #expect(try indicatorText(workspace) == before + added)
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.headers["if-none-match"] == nil)
        #expect(FileManager.default.fileExists(atPath: workspace.root + "/.track/sources/gpqa.json"))
    }

    @Test("an unchanged table is asked for with its ETag, answers 304 and adds nothing")
    func unchangedFetch() throws {
        let (server, workspace, _) = try setUp()
        _ = try TrackProcess.run(["update"], in: workspace.root)
        let before = try workspace.snapshot()
        let second = try TrackProcess.run(["update"], in: workspace.root)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("unchanged, not modified since the last update (HTTP 304)"), "\(second.stdout)")
        #expect(server.requests.last?.headers["if-none-match"] == "\"v1\"")
        #expect(try workspace.snapshot() == before)
        let quiet = try TrackProcess.run(["update", "--quiet"], in: workspace.root)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet.stdout)")
    }

    @Test("a server that sends only Last-Modified is asked If-Modified-Since")
    func lastModified() throws {
        let (server, workspace, _) = try setUp()
        let stamp = "Wed, 03 Dec 2025 10:00:00 GMT"
        server.answer { request in
            request.headers["if-modified-since"] == stamp
                ? .init(status: 304)
                : .init(status: 200, headers: ["Last-Modified": stamp], body: Data(Self.runs.utf8))
        }
        _ = try TrackProcess.run(["update"], in: workspace.root)
        let second = try TrackProcess.run(["update"], in: workspace.root)
        #expect(server.requests.last?.headers["if-modified-since"] == stamp)
        #expect(server.requests.last?.headers["if-none-match"] == nil)
        #expect(second.stdout.contains("unchanged"), "\(second.stdout)")
    }

    @Test("a new row in the table is added once; --quiet prints only the addition")
    func newRow() throws {
        let (server, workspace, url) = try setUp()
        _ = try TrackProcess.run(["update"], in: workspace.root)
        server.answer(with: Self.table(Self.runs + "r4,GPQA diamond,v5,0.9,2 January 2026 9:00am\n", etag: "\"v2\""))
        let run = try TrackProcess.run(["update", "--quiet"], in: workspace.root)
        #expect(run.status == 0, "\(run.stderr)")
        // The new row is line 5: header, r1, r2, r3, r4.
        #expect(
            run.stdout == """
                gpqa (csv \(url)): 1 added, 2 already there, 1 of 4 rows left out by 'where'
                  + 2026-01-02 v5: 90.0  (\(url) (line 5))

                """)
        #expect(try indicatorText(workspace).components(separatedBy: "subject: v5").count == 2)
        let again = try TrackProcess.run(["update"], in: workspace.root)
        #expect(again.stdout.contains("unchanged"), "\(again.stdout)")
    }

    @Test("a changed row is a conflict: reported with both values, nothing written, the ETag not remembered")
    func changedRow() throws {
        let (server, workspace, url) = try setUp()
        _ = try TrackProcess.run(["update"], in: workspace.root)
        let before = try workspace.snapshot()
        server.answer(with: Self.table(Self.runs.replacingOccurrences(of: "v4,0.85", with: "v4,0.87"), etag: "\"v2\""))
        let run = try TrackProcess.run(["update"], in: workspace.root)
        #expect(run.status == 65)
        #expect(run.stderr.contains("update of 'gpqa' (source csv): what \(url) answered cannot be added"), "\(run.stderr)")
        #expect(run.stderr.contains("already has the value 85.0"), "\(run.stderr)")
        #expect(run.stderr.contains("this would add 87.0"), "\(run.stderr)")
        #expect(run.stderr.contains("set 'replace: true' in 'update'"), "\(run.stderr)")
        #expect(try workspace.snapshot() == before)
        // Not remembered: the next run asks for the table in full again, with the old ETag.
        _ = try TrackProcess.run(["update"], in: workspace.root)
        #expect(server.requests.last?.headers["if-none-match"] == "\"v1\"")
    }

    @Test(
        "a failing server: each HTTP failure is named with the indicator and the source; no file changes",
        arguments: [
            (500, "HTTP 500: the server failed"), (404, "HTTP 404: not found"), (403, "HTTP 403: access denied"),
        ])
    func serverError(status: Int, message: String) throws {
        let (server, workspace, url) = try setUp()
        server.answer { _ in .init(status: status, body: Data("oops".utf8)) }
        let before = try workspace.snapshot()
        let run = try TrackProcess.run(["update"], in: workspace.root)
        #expect(run.status == 69)
        #expect(run.stderr.contains("update of 'gpqa' (source csv) failed: \(url): \(message)"), "\(run.stderr)")
        #expect(try workspace.snapshot() == before)
    }

    @Test("a server slower than 'timeout' fails the update")
    func timeout() throws {
        let (server, workspace, _) = try setUp(extra: "\n  timeout: 0.5")
        server.answer { _ in .init(status: 200, body: Data(Self.runs.utf8), delay: 5) }
        let before = try workspace.snapshot()
        // Had the limit not held, the update would have waited the 5 s and succeeded.
        let run = try TrackProcess.run(["update"], in: workspace.root)
        #expect(run.status == 69)
        #expect(run.stderr.contains("no answer within 0.5 s"), "\(run.stderr)")
        #expect(try workspace.snapshot() == before)
    }

    @Test("a body larger than 'max-bytes' is refused, whether or not the server announces its length", arguments: [false, true])
    func bodyOverCap(omitLength: Bool) throws {
        let body = Self.runs + String(repeating: "r9,other,x,0.1,2025-01-01\n", count: 100)
        let (server, workspace, _) = try setUp(body, extra: "\n  max-bytes: 1000")
        server.answer { _ in .init(status: 200, body: Data(body.utf8), omitLength: omitLength) }
        let before = try workspace.snapshot()
        let run = try TrackProcess.run(["update"], in: workspace.root)
        #expect(run.status == 69)
        #expect(run.stderr.contains("the answer is larger than 1000 bytes"), "\(run.stderr)")
        #expect(try workspace.snapshot() == before)
    }

    @Test("malformed rows are each reported at the URL's line and column; nothing is added")
    func malformedRows() throws {
        let body = """
            id,task,model,score,started_at
            r1,GPQA diamond,v3,0.62,1 April 2025 10:40am
            r2,GPQA diamond,v4,high,17 November 2025 4:28pm
            r5,GPQA diamond,v5,0.9,someday

            """
        let (_, workspace, url) = try setUp(body)
        let before = try workspace.snapshot()
        let run = try TrackProcess.run(["update"], in: workspace.root)
        #expect(run.status == 69)
        #expect(run.stderr.contains("update of 'gpqa' (source csv) failed: \(url): the table has 2 problems"), "\(run.stderr)")
        // 'high' starts at column 20 of line 3 (after 'r2,GPQA diamond,v4,'); 'someday' at column 24 of line 4.
        #expect(run.stderr.contains("\(url):3:20: error: column 'score': 'high' is not a number"), "\(run.stderr)")
        #expect(run.stderr.contains("\(url):4:24: error: column 'started_at': 'someday' is not a date"), "\(run.stderr)")
        #expect(try workspace.snapshot() == before)
    }

    @Test("--dry-run shows what would be added and writes nothing, the ETag included")
    func dryRun() throws {
        let (_, workspace, _) = try setUp()
        let before = try workspace.snapshot()
        let run = try TrackProcess.run(["update", "--dry-run"], in: workspace.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 to add, 1 already there"), "\(run.stdout)")
        #expect(try workspace.snapshot() == before)
    }

    @Test("an unknown indicator or one without a source is a usage error")
    func usage() throws {
        let (_, workspace, _) = try setUp()
        let unknown = try TrackProcess.run(["update", "gpqb"], in: workspace.root)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'gpqa'"), "\(unknown.stderr)")
    }

    static let price = """
        name: Output price
        unit: usd_per_mtok
        better: lower
        update: {source: exec, program: prices, parameters: {currency: usd}}
        observations:
          - date: 2024-12-26
            subject: v3
            value: 1.10
            source: https://example.com/v3
          - date: 2025-09-29
            subject: v3
            value: 0.42
            source: https://example.com/v3.2

        """

    @Test("exec: the program reads the indicator, its latest value per subject and the parameters; a failing one fails only its indicator")
    func execSources() throws {
        let (_, workspace, _) = try setUp()
        // gpqa's source is replaced by a program that fails; price's program answers one new price.
        try Self.gpqa(update: "update: {source: exec, program: broken}").write(
            toFile: workspace.root + "/indicators/gpqa.yaml", atomically: true, encoding: .utf8)
        try Self.price.write(toFile: workspace.root + "/indicators/price.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: workspace.root + "/plugins", withIntermediateDirectories: true)
        let programs = [
            "track-source-broken": "#!/bin/sh\ncat > /dev/null\necho 'upstream down' >&2\nexit 3\n",
            "track-source-prices": """
            #!/bin/sh
            cat > "$(dirname "$0")/../request.json"
            echo '{"observations": [{"date": "2026-01-15", "subject": "v4", "value": 0.28, "source": "https://example.com/pricing"}]}'

            """,
        ]
        for (name, script) in programs {
            try script.write(toFile: workspace.root + "/plugins/\(name)", atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: workspace.root + "/plugins/\(name)")
        }
        let gpqaBefore = try indicatorText(workspace)
        let priceBefore = try String(contentsOfFile: workspace.root + "/indicators/price.yaml", encoding: .utf8)

        // Programs that came with the workspace do not run until it is trusted: each indicator fails, nothing changes.
        let untrusted = try TrackProcess.run(["update"], in: workspace.root)
        #expect(untrusted.status == 69)
        #expect(
            untrusted.stderr.contains("track-source-prices comes with the workspace (plugins/) and is not trusted yet"),
            "\(untrusted.stderr)")
        #expect(try indicatorText(workspace) == gpqaBefore)
        #expect(try String(contentsOfFile: workspace.root + "/indicators/price.yaml", encoding: .utf8) == priceBefore)
        #expect(!FileManager.default.fileExists(atPath: workspace.root + "/request.json"))
        #expect(try TrackProcess.run(["trust"], in: workspace.root).status == 0)

        let run = try TrackProcess.run(["update"], in: workspace.root)
        #expect(run.status == 69)
        #expect(
            run.stderr.contains("update of 'gpqa' (source exec) failed: track-source-broken exited with status 3: upstream down"),
            "\(run.stderr)")
        #expect(try indicatorText(workspace) == gpqaBefore)
        #expect(run.stdout.contains("price (exec track-source-prices): 1 added"), "\(run.stdout)")
        let price = try String(contentsOfFile: workspace.root + "/indicators/price.yaml", encoding: .utf8)
        #expect(
            price.hasSuffix(
                """
                  - date: 2026-01-15
                    subject: v4
                    value: 0.28
                    source: https://example.com/pricing

                """))

        let request = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.root + "/request.json")))
                as? [String: Any])
        #expect((request["indicator"] as? [String: Any])?["id"] as? String == "price")
        #expect((request["parameters"] as? [String: Any])?["currency"] as? String == "usd")
        // v3's latest value is the 2025-09-29 one of the fixture above.
        let latest = try #require(request["latest"] as? [[String: Any]])
        #expect(latest.count == 1)
        #expect(latest.first?["date"] as? String == "2025-09-29")
        #expect(latest.first?["value"] as? Double == 0.42)
    }

    @Test("exec: an observation without a source is refused, not given one")
    func execWithoutSource() throws {
        let workspace = try TemporaryWorkspace(["predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": Self.price])
        try FileManager.default.createDirectory(atPath: workspace.root + "/plugins", withIntermediateDirectories: true)
        let path = workspace.root + "/plugins/track-source-prices"
        try "#!/bin/sh\ncat > /dev/null\necho '{\"observations\": [{\"date\": \"2026-01-15\", \"subject\": \"v4\", \"value\": 0.28}]}'\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        #expect(try TrackProcess.run(["trust"], in: workspace.root).status == 0)
        let before = try workspace.snapshot()
        let run = try TrackProcess.run(["update"], in: workspace.root)
        #expect(run.status == 69)
        #expect(run.stderr.contains("observation 1 has no 'source'"), "\(run.stderr)")
        #expect(try workspace.snapshot() == before)
    }
}

@Suite("track validate checks update: sources")
struct UpdateValidationTests {
    @Test("an unknown parameter and a missing program are errors of track validate, at their place")
    func validateSources() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts,
            "indicators/gpqa.yaml": UpdateCommandTests.gpqa(update: "update: {source: csv, url: https://example.com/a.csv, scael: 100}"),
            "indicators/price.yaml": UpdateCommandTests.price.replacingOccurrences(of: "program: prices", with: "program: missing"),
        ])
        let run = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(run.status == 65)
        // The update: line is line 5 of gpqa (after the comment and three fields), line 4 of price; the columns count from its "u".
        #expect(
            run.stderr.contains("indicators/gpqa.yaml:5:55: error: unknown field 'scael' in update (source csv); did you mean 'scale'?"),
            "\(run.stderr)")
        #expect(run.stderr.contains("indicators/price.yaml:4:33: error: no executable track-source-missing"), "\(run.stderr)")
    }

    @Test("join adds a second table's columns by key, as import --join does; join and join-on go together")
    func joinedTable() throws {
        // Runs without dates, and the models' release dates in a second table.
        let runs = "id,task,model,score\nr1,GPQA diamond,v3,0.62\nr2,GPQA diamond,v4,0.85\n"
        let versions = "id,released\nv3,2025-04-01\nv4,2026-04-24\n"
        let server = try LoopbackHTTPServer { request in
            .init(status: 200, body: Data((request.path.hasSuffix("versions.csv") ? versions : runs).utf8))
        }
        let update = """
            update:
              source: csv
              url: \(server.base)/runs.csv
              join: \(server.base)/versions.csv
              join-on: model=id
              date: released
              value: score
              scale: 100
              subject: model
            """
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts, "indicators/gpqa.yaml": UpdateCommandTests.gpqa(update: update),
        ])
        let run = try TrackProcess.run(["update"], in: workspace.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 added, 1 already there"), "\(run.stdout)")
        #expect(run.stdout.contains("+ 2026-04-24 v4: 85.0  (\(server.base)/runs.csv (line 3))"), "\(run.stdout)")

        let alone = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts,
            "indicators/gpqa.yaml": UpdateCommandTests.gpqa(update: update.replacingOccurrences(of: "  join-on: model=id\n", with: "")),
        ])
        let refused = try TrackProcess.run(["validate"], in: alone.root)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("error: 'join' needs 'join-on' (COL=OTHERCOL, for example model=id)"), "\(refused.stderr)")
    }
}
