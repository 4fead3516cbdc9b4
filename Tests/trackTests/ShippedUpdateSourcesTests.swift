import Foundation
import TestSupport
import Testing

/// `track update` on a copy of the shipped workspace, its Epoch AI sources answered on the loopback address
/// from unchanged copies of the tables (Tests/Fixtures/epoch): the `update:` declarations map the tables
/// exactly as the imports that built the indicators did.
@Suite("track update on the shipped workspace (Epoch AI's tables on the loopback address)")
struct ShippedUpdateSourcesTests {
    static let fixtures = TrackProcess.repositoryRoot + "/Tests/Fixtures/epoch"
    static let upstream = "https://raw.githubusercontent.com/epoch-research/"

    /// The shipped indicators that copy one of Epoch AI's tables.
    static let sourced = [
        "frontiermath", "gpqa-diamond", "h100-rental-price-by-vendor", "llm-price-blended", "llm-price-gpqa-diamond",
        "llm-price-math-500", "llm-price-mmlu", "math-level-5", "mmlu", "training-compute",
    ]

    /// Answers `/epoch-research/REPO/main/PATH` with the fixture REPO/PATH, and `extra` appended to the tables named in it.
    static func tables(appending extra: [String: String] = [:]) -> @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        { request in
            let path = request.path.removingPercentEncoding ?? request.path
            let parts = path.split(separator: "/", maxSplits: 3).map(String.init)
            guard parts.count == 4, parts[0] == "epoch-research", parts[2] == "main",
                var body = FileManager.default.contents(atPath: "\(fixtures)/\(parts[1])/\(parts[3])")
            else { return .init(status: 404) }
            if let more = extra[parts[3]] { body.append(Data(more.utf8)) }
            return .init(status: 200, headers: ["Content-Type": "text/csv"], body: body)
        }
    }

    /// A copy of the shipped workspace whose Epoch AI URLs point at `server`.
    static func workspace(served server: LoopbackHTTPServer) throws -> TemporaryWorkspace {
        let workspace = try TemporaryWorkspace.shippedCopy()
        let root = workspace.root
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/indicators") {
            let path = root + "/indicators/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: upstream, with: server.base + "/epoch-research/")
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
        return workspace
    }

    static func indicators(_ root: String) throws -> [String: String] {
        var texts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/indicators") {
            texts[name] = try String(contentsOfFile: root + "/indicators/" + name, encoding: .utf8)
        }
        return texts
    }

    @Test("every indicator that copies an Epoch AI table declares it, and a dry run reports each source with nothing to add")
    func dryRun() throws {
        let server = try LoopbackHTTPServer(handler: Self.tables())
        let workspace = try Self.workspace(served: server)
        let root = workspace.root
        let declared = try Self.indicators(root).filter { $0.value.contains(server.base + "/epoch-research/") }.keys
        #expect(declared.sorted() == Self.sourced.map { $0 + ".yaml" })
        let run = try TrackProcess.run(["update", "--dry-run"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        for id in Self.sourced {
            let line = lines.first { $0.hasPrefix("\(id) (csv \(server.base)/epoch-research/") }
            #expect(line?.contains(": 0 to add, ") == true, "\(id): \(line ?? "no line")")
            #expect(line?.hasSuffix("nothing written (dry run)") == true, "\(id): \(line ?? "no line")")
        }
        // The GPQA-Diamond runs: 541 rows of which 133 are GPQA diamond runs with a release date (Epoch's table).
        #expect(lines.contains { $0.contains("gpqa-diamond") && $0.contains("133 already there, 407 of 541 rows left out by 'where'") })
    }

    @Test("an update adds nothing the workspace already has; a new run in Epoch's tables is added once, dated by its model's release")
    func newRowOnce() throws {
        let server = try LoopbackHTTPServer(handler: Self.tables())
        let workspace = try Self.workspace(served: server)
        let root = workspace.root
        let before = try Self.indicators(root)
        let first = try TrackProcess.run(["update"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.indicators(root) == before, "\(first.stdout)")

        // A new model version (its release date in model_versions.csv) and its GPQA-Diamond run (score 0-1); both
        // tables end without a line break.
        server.answer(
            with: Self.tables(appending: [
                "data/model_versions.csv": "\nfixture-model-2026,Fixture Model,2026-11-20,,,,,,\n",
                "data/benchmarks_runs.csv":
                    "\nFixtureRun1,GPQA diamond,fixture-model-2026,0.912,,,,,20 November 2026 9:00am,Success,,1.0.1\n",
            ]))
        let second = try TrackProcess.run(["update"], in: root)
        #expect(second.status == 0, "\(second.stderr)")
        let runs = "https://github.com/epoch-research/benchmark-stitching (data/benchmarks_runs.csv)"
        // The run is line 543 of the served table: the header, Epoch's 541 runs, then this one.
        #expect(
            second.stdout.contains(
                "gpqa-diamond (csv \(server.base)/epoch-research/benchmark-stitching/main/data/benchmarks_runs.csv): 1 added"))
        #expect(second.stdout.contains("+ 2026-11-20 fixture-model-2026: 91.2  (\(runs) (line 543))"), "\(second.stdout)")
        let after = try Self.indicators(root)
        #expect(after.filter { $0.value != before[$0.key] }.keys.sorted() == ["gpqa-diamond.yaml"])
        #expect(after["gpqa-diamond.yaml"]?.components(separatedBy: "subject: fixture-model-2026").count == 2)

        let third = try TrackProcess.run(["update"], in: root)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try Self.indicators(root) == after)
        #expect(
            third.stdout.contains(
                "gpqa-diamond (csv \(server.base)/epoch-research/benchmark-stitching/main/data/benchmarks_runs.csv): 0 added, 134 already there"
            ), "\(third.stdout)")
    }
}
