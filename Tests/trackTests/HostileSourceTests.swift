import Foundation
import TestSupport
import Testing

/// `track update` against hostile tables and servers: a source reads only what it may, a download
/// stays within its cap in time and memory, and nothing a server or a table says is echoed in full,
/// unescaped, or with credentials (every server is on the loopback address, started by the test).
@Suite("Hostile sources and servers (end to end)")
struct HostileSourceTests {
    static let table = "date,value\n2025-06-01,2.0\n"

    /// A workspace whose indicator `price` is fed by `update` (its parameters, one per line).
    private func workspace(update: String, extra: [String: String] = [:]) throws -> TemporaryWorkspace {
        let indicator = """
            name: Price
            unit: usd
            better: lower
            update:
              source: csv
            \(update.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            observations:
              - date: 2025-01-01
                value: 3.0
                source: https://example.com/a

            """
        return try TemporaryWorkspace(
            ["predictions.yaml": SampleFiles.twoForecasts, "indicators/price.yaml": indicator].merging(extra) { $1 })
    }

    @Test("a csv path that is a link out of the workspace, or into .git/ or .track/, is not read, and nothing of it is printed")
    func pathOutside() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("track-secret-\(UUID().uuidString).csv").path
        try "https://x-access-token:ghp_SECRET@github.com,value\n2025-06-01,1\n".write(toFile: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: secret) }
        for (path, setUp) in [
            (
                "linked.csv",
                { (root: String) in try FileManager.default.createSymbolicLink(atPath: root + "/linked.csv", withDestinationPath: secret) }
            ),
            (
                ".git/config",
                { (root: String) in
                    try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
                    try "https://x-access-token:ghp_SECRET@github.com,value\n".write(
                        toFile: root + "/.git/config", atomically: true, encoding: .utf8)
                }
            ),
            (
                "data/in-git.csv",
                { (root: String) in
                    try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
                    try "https://x-access-token:ghp_SECRET@github.com,value\n".write(
                        toFile: root + "/.git/t.csv", atomically: true, encoding: .utf8)
                    try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
                    try FileManager.default.createSymbolicLink(atPath: root + "/data/in-git.csv", withDestinationPath: root + "/.git/t.csv")
                }
            ),
        ] as [(String, (String) throws -> Void)] {
            let workspace = try workspace(update: "path: \(path)")
            try setUp(workspace.root)
            let before = try String(contentsOfFile: workspace.path("indicators/price.yaml"), encoding: .utf8)
            let output = try TrackProcess.run(["update"], in: workspace.root)
            #expect(output.status == 65 || output.status == 69, "\(path): \(output.stderr)")
            #expect(!output.stderr.contains("SECRET") && !output.stdout.contains("SECRET"), "\(path): \(output.stderr)")
            #expect(try String(contentsOfFile: workspace.path("indicators/price.yaml"), encoding: .utf8) == before)
        }
    }

    @Test("a csv file larger than max-bytes is refused before it is read")
    func pathTooLarge() throws {
        let workspace = try workspace(
            update: "path: big.csv\nmax-bytes: 1000", extra: ["big.csv": "date,value\n" + String(repeating: "2025-06-01,1\n", count: 200)])
        let output = try TrackProcess.run(["update"], in: workspace.root)
        #expect(output.status == 69 && output.stderr.contains("big.csv is larger than 1000 bytes"), "\(output.stderr)")
    }

    @Test("what a table says is echoed only as a short escaped excerpt: a header name, a 20 MB cell, a colour sequence")
    func excerpts() throws {
        let workspace = try workspace(
            update: "path: t.csv\nvalue: amount", extra: ["t.csv": "date,\u{1B}[8mhidden\u{1B}[0m,value\n2025-06-01,x,1\n"])
        let header = try TrackProcess.run(["update"], in: workspace.root)
        #expect(header.status == 69, "\(header.stderr)")
        #expect(
            header.stderr.contains("'value': no column 'amount' in this table; its columns are date, \\u001B[8mhidden\\u001B[0m, value"),
            "\(header.stderr)")
        #expect(!header.stderr.contains("\u{1B}[8m"))

        let hugeCell = String(repeating: "9", count: 20_000_000)
        let large = try self.workspace(update: "path: u.csv", extra: ["u.csv": "date,value\n2025-06-02,\(hugeCell)x\n"])
        let cell = try TrackProcess.run(["update"], in: large.root)
        #expect(cell.status == 69, "\(cell.stderr.prefix(500))")
        #expect(cell.stderr.contains("… (20000001 characters)' is not a number"), "\(cell.stderr.prefix(500))")
        #expect(cell.stderr.utf8.count < 5_000, "\(cell.stderr.utf8.count) bytes of errors")
    }

    @Test("a state from a table that fits no state is quoted as an excerpt, not in full")
    func stateExcerpt() throws {
        let indicator = """
            name: Stage
            kind: state
            states: [private, listed]
            update: {source: csv, path: s.csv}
            observations: []

            """
        let huge = String(repeating: "z", count: 2_000_000)
        let workspace = try TemporaryWorkspace([
            "predictions.yaml": SampleFiles.twoForecasts, "indicators/stage.yaml": indicator, "s.csv": "date,value\n2025-06-01,\(huge)\n",
        ])
        let output = try TrackProcess.run(["update"], in: workspace.root)
        #expect(output.status == 65, "\(output.stderr.prefix(300))")
        #expect(output.stderr.contains("… (2000000 characters)' does not fit stage"), "\(output.stderr.prefix(300))")
        #expect(output.stderr.utf8.count < 5_000, "\(output.stderr.utf8.count) bytes of errors")
    }

    @Test("a table with a bad cell in every row gives twenty errors and a count of the rest")
    func foldedErrors() throws {
        let rows = (1...5_000).map { "2025-06-01,bad\($0)" }.joined(separator: "\n")
        let workspace = try workspace(update: "path: t.csv", extra: ["t.csv": "date,value\n" + rows + "\n"])
        let output = try TrackProcess.run(["update"], in: workspace.root)
        #expect(output.status == 69)
        #expect(output.stderr.components(separatedBy: "is not a number").count - 1 == 20, "\(output.stderr.prefix(300))")
        #expect(output.stderr.contains("and 4,980 more like it"), "\(output.stderr.suffix(300))")
    }

    @Test("credentials in url: are refused and never printed; credentials-env sends them to the URL's origin only")
    func credentials() throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, body: Data(Self.table.utf8)) }
        let inline = try workspace(update: "url: http://user:hunter2@127.0.0.1:\(server.port)/t.csv")
        let refused = try TrackProcess.run(["update"], in: inline.root)
        #expect(refused.status == 65 && refused.stderr.contains("'url' holds credentials"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("hunter2") && server.requests.isEmpty)

        let named = try workspace(update: "url: \(server.base)/t.csv\ncredentials-env: TABLE_CREDENTIALS")
        let unset = try TrackProcess.run(["update"], in: named.root)
        #expect(unset.status == 69 && unset.stderr.contains("TABLE_CREDENTIALS named in 'credentials-env' is not set"), "\(unset.stderr)")
        let output = try TrackProcess.run(["update"], in: named.root, environment: ["TABLE_CREDENTIALS": "user:hunter2"])
        #expect(output.status == 0, "\(output.stderr)")
        // Basic authentication is base64 of user:password (RFC 7617).
        #expect(server.requests.last?.headers["authorization"] == "Basic " + Data("user:hunter2".utf8).base64EncodedString())
        let file = try String(contentsOfFile: named.path("indicators/price.yaml"), encoding: .utf8)
        #expect(!file.contains("hunter2") && file.contains("source: \(server.base)/t.csv (line 2)"), "\(file)")
        #expect(!output.stdout.contains("hunter2"))
    }

    @Test("a redirect to another origin is refused unless follow-redirects: true, and credentials never follow it")
    func redirects() throws {
        let other = try LoopbackHTTPServer { _ in .init(status: 200, body: Data(Self.table.utf8)) }
        let server = try LoopbackHTTPServer { request in
            request.path == "/moved"
                ? .init(status: 200, body: Data(Self.table.utf8))
                : request.path == "/same"
                    ? .init(status: 302, headers: ["Location": "/moved"])
                    : .init(status: 302, headers: ["Location": "\(other.base)/t.csv"])
        }
        let same = try workspace(update: "url: \(server.base)/same")
        #expect(try TrackProcess.run(["update"], in: same.root).status == 0)
        let away = try workspace(update: "url: \(server.base)/away\ncredentials-env: TABLE_CREDENTIALS")
        let refused = try TrackProcess.run(["update"], in: away.root, environment: ["TABLE_CREDENTIALS": "u:p"])
        #expect(refused.status == 69, "\(refused.stderr)")
        #expect(refused.stderr.contains("a redirect to another origin (http://127.0.0.1:\(other.port))"), "\(refused.stderr)")
        #expect(other.requests.isEmpty)
        try away.write(
            "indicators/price.yaml",
            try String(contentsOfFile: away.path("indicators/price.yaml"), encoding: .utf8)
                .replacingOccurrences(
                    of: "credentials-env: TABLE_CREDENTIALS", with: "credentials-env: TABLE_CREDENTIALS\n  follow-redirects: true"))
        let followed = try TrackProcess.run(["update"], in: away.root, environment: ["TABLE_CREDENTIALS": "u:p"])
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(other.requests.count == 1 && other.requests.first?.headers["authorization"] == nil, "\(other.requests) \(followed.stdout)")
    }

    @Test("a 304 to a request that sent no validators is an error, not 'unchanged'")
    func unaskedNotModified() throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 304) }
        let workspace = try workspace(update: "url: \(server.base)/t.csv")
        let output = try TrackProcess.run(["update"], in: workspace.root)
        #expect(output.status == 69, "\(output.stdout)")
        #expect(output.stderr.contains("HTTP 304 (not modified) to a request that sent no validators"), "\(output.stderr)")
    }

    @Test("identity is asked for; a Content-Length over max-bytes fails at once, without reading the body")
    func identityAndLength() throws {
        let server = try LoopbackHTTPServer { _ in .init(status: 200, body: Data(repeating: 65, count: 50_000)) }
        let workspace = try workspace(update: "url: \(server.base)/t.csv\nmax-bytes: 10000")
        let output = try TrackProcess.run(["update"], in: workspace.root)
        #expect(output.status == 69)
        #expect(output.stderr.contains("larger than 10000 bytes (Content-Length 50000"), "\(output.stderr)")
        #expect(server.requests.first?.headers["accept-encoding"] == "identity")
    }

    /// `head -c BYTES /dev/zero | gzip -c`: a few hundred kB that unpack to `bytes`.
    private static func gzipBomb(unpacking bytes: Int) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c \(bytes) /dev/zero | gzip -c"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test(
        "a gzip bomb and an endless body stop at the cap: the peak memory of track update stays within a few times max-bytes",
        .timeLimit(.minutes(2)))
    func memoryBound() throws {
        let maximumBytes = 5_000_000
        let bomb = try Self.gzipBomb(unpacking: 1 << 30)
        #expect(bomb.count < maximumBytes)
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/bomb.csv": .init(status: 200, headers: ["Content-Encoding": "gzip"], body: bomb)
            case "/endless.csv": .init(status: 200, body: Data("date,value\n".utf8), streamedBytes: 4 << 30)
            default: .init(status: 200, body: Data(Self.table.utf8))
            }
        }
        var peaks: [String: Int] = [:]
        for name in ["small", "bomb", "endless"] {
            let workspace = try workspace(update: "url: \(server.base)/\(name).csv\nmax-bytes: \(maximumBytes)")
            let (output, peak) = try TrackProcess.runMeasuringPeakMemory(["update"], in: workspace.root)
            peaks[name] = peak
            if name == "small" {
                #expect(output.status == 0, "\(output.stderr)")
            } else {
                #expect(output.status == 69, "\(name): \(output.stderr)")
                #expect(!output.stderr.contains("no answer within"), "\(name): \(output.stderr)")
            }
            if name == "bomb" { #expect(output.stderr.contains("compressed answer (Content-Encoding gzip)"), "\(output.stderr)") }
            if name == "endless" { #expect(output.stderr.contains("larger than \(maximumBytes) bytes"), "\(output.stderr)") }
        }
        let baseline = peaks["small"]!
        print(
            "peak RSS: small \(baseline / 1_000_000) MB, gzip bomb \(peaks["bomb"]! / 1_000_000) MB, endless \(peaks["endless"]! / 1_000_000) MB; max-bytes \(maximumBytes / 1_000_000) MB"
        )
        for name in ["bomb", "endless"] {
            #expect(
                peaks[name]! - baseline <= 4 * maximumBytes, "\(name): \(peaks[name]! / 1_000_000) MB against \(baseline / 1_000_000) MB")
        }
    }

    @Test("update and import refuse dates after today without allow-future, and placeholder dates before 1900 always")
    func dates() throws {
        let workspace = try workspace(
            update: "path: t.csv", extra: ["t.csv": "date,value\n2099-01-01,1\n", "old.csv": "date,value\n0001-01-01,1\n"])
        let environment = ["TRACK_TODAY": "2026-01-01"]
        let future = try TrackProcess.run(["update"], in: workspace.root, environment: environment)
        #expect(future.status == 65 && future.stderr.contains("the date 2099-01-01 is after today (2026-01-01)"), "\(future.stderr)")
        #expect(future.stderr.contains("set 'allow-future: true' in 'update'"), "\(future.stderr)")
        let imported = try TrackProcess.run(["import", "price", "t.csv", "--source", "s"], in: workspace.root, environment: environment)
        #expect(imported.status == 65 && imported.stderr.contains("pass --allow-future"), "\(imported.stderr)")
        let allowed = try TrackProcess.run(
            ["import", "price", "t.csv", "--source", "s", "--allow-future", "--dry-run"], in: workspace.root, environment: environment)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let old = try TrackProcess.run(
            ["import", "price", "old.csv", "--source", "s", "--allow-future"], in: workspace.root, environment: environment)
        #expect(old.status == 65 && old.stderr.contains("0001-01-01 is before 1900-01-01"), "\(old.stderr)")
    }

    @Test("a linked .track/sources is never written through: the validators are not remembered, nothing appears outside")
    func linkedSourcesMemory() throws {
        let server = try LoopbackHTTPServer(handler: UpdateCommandTests.table(Self.table, etag: "\"v1\""))
        let workspace = try workspace(update: "url: \(server.base)/t.csv")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("track-outside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createDirectory(atPath: workspace.path(".track"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: workspace.path(".track/sources"), withDestinationPath: outside)
        let output = try TrackProcess.run(["update"], in: workspace.root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }
}
