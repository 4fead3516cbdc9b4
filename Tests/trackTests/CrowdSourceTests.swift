import Foundation
import TestSupport
import Testing

/// The crowd sources of `track update` (manifold, metaculus, polymarket) against answers written from each
/// service's API documentation (Tests/Fixtures/crowd, each file citing its documentation), served on the
/// loopback address by a server each test starts: a first fetch, an unchanged answer, a resolved market, a
/// malformed answer and a server error, for each source.
@Suite("Crowd sources (end to end)")
struct CrowdSourceTests {
    /// One service: its source's configuration, the path its API is asked, and the recorded answers.
    struct Service: Sendable, CustomTestStringConvertible {
        var source: String
        /// The `update:` parameters beside `source` and `api`.
        var parameters: String
        var path: String
        /// The crowd's probability in the `open` answer and in the `moved` one, as the indicator file writes them.
        var open: String
        var moved: String
        /// What the resolved answer is said to have resolved to, and on which day.
        var resolved: String
        /// The reason the malformed answer is refused.
        var malformed: String
        var testDescription: String { source }
    }

    static let services = [
        Service(
            source: "manifold", parameters: "market: will-deepseek-release-v4-in-march-2",
            path: "/v0/slug/will-deepseek-release-v4-in-march-2", open: "0.4213", moved: "0.45",
            resolved: "the market resolved NO on 2026-04-01",
            malformed: "the answer is not a Manifold market as its API documents it ('probability' has the wrong type)"),
        Service(
            source: "metaculus", parameters: "question: 41234", path: "/api/posts/41234/", open: "0.31", moved: "0.35",
            resolved: "the question resolved no on 2026-04-01",
            malformed: "the answer is not a Metaculus question as its API documents it (no 'question.aggregations')"),
        Service(
            source: "polymarket", parameters: "market: deepseek-v4-released-by-april-30",
            path: "/markets/slug/deepseek-v4-released-by-april-30",
            open: "0.655", moved: "0.7", resolved: "the market resolved Yes on 2026-04-30",
            malformed: "the answer is not a Polymarket market as its API documents it ('outcomes' and 'outcomePrices' are not two lists"),
    ]

    /// The day every update runs as of: the day the observation is dated.
    static let today = "2026-06-20"

    static func answer(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: TrackProcess.repositoryRoot + "/Tests/Fixtures/crowd/\(name).json"))
    }

    /// Answers `file` with `etag` (or 304 when the request already holds it), at `path` only (404 elsewhere).
    static func serving(_ file: Data, etag: String?, at path: String)
        -> @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response
    {
        { request in
            guard request.path == path else { return .init(status: 404, body: Data(#"{"message": "not found"}"#.utf8)) }
            if let etag, request.headers["if-none-match"] == etag { return .init(status: 304, headers: ["ETag": etag]) }
            var headers = ["Content-Type": "application/json"]
            if let etag { headers["ETag"] = etag }
            return .init(status: 200, headers: headers, body: file)
        }
    }

    /// A workspace whose indicator `crowd` follows `service` on `server`, and a forecast that names it.
    private func setUp(_ service: Service, etag: String? = "\"v1\"") throws -> (LoopbackHTTPServer, TemporaryWorkspace) {
        let server = try LoopbackHTTPServer(handler: Self.serving(try Self.answer("\(service.source)-open"), etag: etag, at: service.path))
        let indicator = """
            # The crowd on the same question (this comment must survive updates)
            name: Crowd probability (\(service.source))
            range: [0, 1]
            update:
              source: \(service.source)
              \(service.parameters)
              api: \(server.base)
            observations: []

            """
        let predictions = SampleFiles.twoForecasts.replacingOccurrences(
            of: "    tags: [cost]\n", with: "    tags: [cost]\n    crowd: crowd\n")
        let workspace = try TemporaryWorkspace(["predictions.yaml": predictions, "indicators/crowd.yaml": indicator])
        return (server, workspace)
    }

    private func update(_ workspace: TemporaryWorkspace, on day: String = today, _ extra: [String] = []) throws -> TrackProcess.Output {
        try TrackProcess.run(["update"] + extra, in: workspace.root, environment: ["TRACK_TODAY": day])
    }

    private func crowd(_ workspace: TemporaryWorkspace) throws -> String {
        try String(contentsOfFile: workspace.path("indicators/crowd.yaml"), encoding: .utf8)
    }

    @Test("a first fetch adds one observation, dated the day of the update, citing the API's URL", arguments: services)
    func firstFetch(_ service: Service) throws {
        let (server, workspace) = try setUp(service)
        let run = try update(workspace)
        let url = server.base + service.path
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("crowd (\(service.source) \(url)): 1 added, 0 already there"), "\(run.stdout)")
        let text = try crowd(workspace)
        #expect(text.hasPrefix("# The crowd on the same question (this comment must survive updates)\n"))
        #expect(text.hasSuffix("observations:\n  - date: \(Self.today)\n    value: \(service.open)\n    source: \(url)\n"), "\(text)")
        #expect(server.requests.map(\.path) == [service.path])
        #expect(server.requests.first?.headers["if-none-match"] == nil)
        // The forecast's crowd is now shown beside the tracker's probability.
        let status = try TrackProcess.run(["status", "--as-of", Self.today, "--format", "json"], in: workspace.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let first = try #require((object["forecasts"] as? [[String: Any]])?.first)
        let crowd = try #require(first["crowd"] as? [String: Any])
        #expect(crowd["probability"] as? Double == Double(service.open))
        #expect(crowd["date"] as? String == Self.today && crowd["indicator"] as? String == "crowd")
        #expect(try TrackProcess.run(["validate"], in: workspace.root).status == 0)
    }

    @Test(
        "an unchanged answer adds nothing: asked with its ETag it answers 304; without one, the same price is already there",
        arguments: services)
    func unchanged(_ service: Service) throws {
        let (server, workspace) = try setUp(service)
        _ = try update(workspace)
        let before = try workspace.snapshot()
        let second = try update(workspace)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("unchanged, not modified since the last update (HTTP 304)"), "\(second.stdout)")
        #expect(server.requests.last?.headers["if-none-match"] == "\"v1\"")
        #expect(try workspace.snapshot() == before)

        // A server that sends no validators: the same price the same day is already there.
        server.answer(with: Self.serving(try Self.answer("\(service.source)-open"), etag: nil, at: service.path))
        try FileManager.default.removeItem(atPath: workspace.path(".track/sources"))
        let third = try update(workspace)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("0 added, 1 already there"), "\(third.stdout)")
        #expect(try crowd(workspace) == String(decoding: before["indicators/crowd.yaml"]!, as: UTF8.self))
    }

    @Test("the day's latest price replaces an earlier one of the same day; the next day adds one", arguments: services)
    func oneObservationPerDay(_ service: Service) throws {
        let (server, workspace) = try setUp(service)
        _ = try update(workspace)
        server.answer(with: Self.serving(try Self.answer("\(service.source)-moved"), etag: "\"v2\"", at: service.path))
        let later = try update(workspace)
        #expect(later.status == 0, "\(later.stderr)")
        #expect(later.stdout.contains("0 already there, 1 replaced"), "\(later.stdout)")
        #expect(later.stdout.contains("~ \(Self.today): \(service.open) -> \(service.moved)"), "\(later.stdout)")
        server.answer(with: Self.serving(try Self.answer("\(service.source)-open"), etag: "\"v3\"", at: service.path))
        let tomorrow = try update(workspace, on: "2026-06-21")
        #expect(tomorrow.stdout.contains("1 added"), "\(tomorrow.stdout)")
        let values = try crowd(workspace).components(separatedBy: "\n").filter { $0.hasPrefix("    value: ") }
        #expect(values == ["    value: \(service.moved)", "    value: \(service.open)"])
    }

    @Test("a resolved market adds nothing and says how it resolved", arguments: services)
    func resolved(_ service: Service) throws {
        let (server, workspace) = try setUp(service)
        server.answer(with: Self.serving(try Self.answer("\(service.source)-resolved"), etag: nil, at: service.path))
        let before = try workspace.snapshot()
        let run = try update(workspace)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("unchanged, \(service.resolved): the crowd forecasts no more, nothing added"), "\(run.stdout)")
        #expect(try workspace.snapshot() == before)
    }

    @Test("a malformed answer fails the update, naming what is wrong; no file changes", arguments: services)
    func malformed(_ service: Service) throws {
        let (server, workspace) = try setUp(service)
        server.answer(with: Self.serving(try Self.answer("\(service.source)-malformed"), etag: "\"bad\"", at: service.path))
        let before = try workspace.snapshot()
        let run = try update(workspace)
        #expect(run.status == 69)
        #expect(
            run.stderr.contains("update of 'crowd' (source \(service.source)) failed: \(server.base + service.path): \(service.malformed)"),
            "\(run.stderr)")
        #expect(try workspace.snapshot() == before)
        // Not JSON at all.
        server.answer { _ in .init(status: 200, body: Data("<html>maintenance</html>".utf8)) }
        let html = try update(workspace)
        #expect(html.status == 69)
        #expect(html.stderr.contains("as its API documents it (not JSON)"), "\(html.stderr)")
        #expect(try workspace.snapshot() == before)
    }

    @Test("a server error fails the update with the HTTP status; no file changes", arguments: services)
    func serverError(_ service: Service) throws {
        let (server, workspace) = try setUp(service)
        server.answer { _ in .init(status: 503, body: Data(#"{"message": "down for maintenance"}"#.utf8)) }
        let before = try workspace.snapshot()
        let run = try update(workspace)
        #expect(run.status == 69)
        #expect(
            run.stderr.contains(
                "update of 'crowd' (source \(service.source)) failed: \(server.base + service.path): HTTP 503: the server failed"),
            "\(run.stderr)")
        #expect(try workspace.snapshot() == before)
    }

    @Test("Metaculus refusing a request without a token says so and what to do")
    func metaculusToken() throws {
        let (server, workspace) = try setUp(Self.services[1])
        server.answer { _ in .init(status: 403, body: Data(#"{"detail": "Authentication credentials were not provided."}"#.utf8)) }
        let run = try update(workspace)
        #expect(run.status == 69)
        #expect(run.stderr.contains("HTTP 403: access denied"), "\(run.stderr)")
        #expect(run.stderr.contains("metaculus.com answers only requests that carry an API token"), "\(run.stderr)")
    }

    @Test("track validate checks a crowd source's parameters and the forecast's crowd indicator")
    func validation() throws {
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts.replacingOccurrences(
                of: "    tags: [cost]\n", with: "    tags: [cost]\n    crowd: crowds\n"),
            "indicators/crowd.yaml": "name: Crowd\nrange: [0, 1]\nupdate: {source: manifold, market: a/b}\nobservations: []\n",
            "indicators/percent.yaml": "name: Crowd in percent\nunit: percent\nupdate: {source: polymarket}\nobservations: []\n",
            "indicators/meta.yaml":
                "name: Community\nrange: [0, 1]\nupdate: {source: metaculus, question: 0, api: ftp://x}\nobservations: []\n",
        ])
        let run = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(run.status == 65)
        // crowd: is on line 14 of the forecasts, after 'tags:'; the indicator named is a typo.
        #expect(run.stderr.contains("predictions.yaml:14:12: error: 'crowd': 'crowds' is not a known indicator"), "\(run.stderr)")
        #expect(run.stderr.contains("did you mean 'crowd'?"), "\(run.stderr)")
        #expect(run.stderr.contains("indicators/crowd.yaml:3:36: error: 'market': 'a/b' is not a market's slug"), "\(run.stderr)")
        #expect(
            run.stderr.contains("indicators/percent.yaml:3:9: error: update (source polymarket) is missing the required field 'market'"),
            "\(run.stderr)")
        #expect(run.stderr.contains("indicators/meta.yaml:3:39: error: 'question': expected a whole number above zero"), "\(run.stderr)")
        #expect(
            run.stderr.contains("indicators/meta.yaml:3:47: error: 'api': 'ftp://x' is not an http:// or https:// base URL"),
            "\(run.stderr)")
        // A crowd indicator holds probabilities.
        try workspace.write(
            "predictions.yaml",
            SampleFiles.twoForecasts.replacingOccurrences(of: "    tags: [cost]\n", with: "    tags: [cost]\n    crowd: percent\n"))
        let percent = try TrackProcess.run(["validate"], in: workspace.root)
        #expect(percent.stderr.contains("'crowd': indicator 'percent' is not a series of probabilities"), "\(percent.stderr)")
    }
}
