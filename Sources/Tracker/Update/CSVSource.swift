import Foundation
import TrackCore
import TrackEngine

/// `csv`: a CSV or JSON table at a URL or a path in the workspace, read with the column mapping,
/// filters and scale of `track import`. Downloads are conditional (an unchanged table answers 304
/// and adds nothing), limited in time and size. Each observation cites the table and its row,
/// unless `source-column` names a column holding each row's own source. With `join`, the columns of
/// a second table are added to each row by key, as `track import --join` does; both tables are then
/// read in full on every update, so that a change in either is seen.
public struct CSVSource: ObservationSource {
    public static let identifier = "csv"
    public static let fields: [FileSchema.Field] = [
        .init("url", .string, "The table's http:// or https:// URL."),
        .init("path", .string, "The table's path in the workspace, relative to its root."),
        .init("format", .oneOf(["csv", "json"]), "The table's format (default: json when the name ends in .json, else csv)."),
        .init("date", .string, "The column holding each observation's date (default date)."),
        .init("value", .string, "The column holding each value (default value)."),
        .init("subject", .string, "The column naming each value's subject."),
        .init("note", .string, "A column holding a note for each row."),
        .init("source-column", .string, "A column holding each row's source (default: the table's URL or path and the row)."),
        .init("citation", .string, "What each row cites in place of the URL (the row is added)."),
        .init("where", .oneOrList(.string), "Take only rows where COL=VALUE (also !=, and numeric >=, >, <=, <)."),
        .init("join", .string, "A second table (an http(s) URL, or a path in the workspace) whose columns are added to each row by key."),
        .init("join-on", .string, "COL=OTHERCOL: the key column of each row and of the 'join' table (required with 'join')."),
        .init("scale", .number, "Multiply each value by this (100 turns a 0-1 score into percent)."),
        .init("skip-incomplete", .boolean, "Skip rows whose date, value, subject or source cell is blank."),
        .init("timeout", .positiveNumber, "Seconds the download may take (default 30)."),
        .init("max-bytes", .positiveInteger, "The largest download or file accepted, in bytes (default 50000000)."),
        .init("follow-redirects", .boolean, "Follow a redirect to another origin (scheme, host or port); refused by default."),
        .init(
            "credentials-env", .string,
            "The environment variable holding user:password for the URL (sent as HTTP Basic to its origin only; never in url:)."),
    ]
    /// Seconds a download may take unless `timeout` says otherwise.
    public static let defaultTimeout = 30.0
    /// Bytes a download may have unless `max-bytes` says otherwise (Epoch AI's largest tables are a few MB).
    public static let defaultMaximumBytes = 50_000_000

    /// Where the table is.
    enum Location: Sendable {
        case url(URL)
        case path(String)
    }

    /// A second table joined to each row: where it is and the two key columns.
    struct Join: Sendable {
        var location: Location
        var column: String
        var otherColumn: String
    }

    let location: Location
    let join: Join?
    let isJSON: Bool
    let mapping: ImportMapping
    let citation: String?
    let timeout: Double
    let maximumBytes: Int
    let followRedirects: Bool
    /// The environment variable holding `user:password` for the URL, read when the source runs.
    let credentialsVariable: String?
    let configuration: SourceConfiguration

    public init(_ configuration: SourceConfiguration, fields: inout FieldReader) throws(DiagnosticsError) {
        self.configuration = configuration
        let url = fields.optional("url") { node throws(Diagnostic) -> URL in try Self.url(node) }
        let path = fields.optional("path") { node throws(Diagnostic) -> String in try Self.path(node, root: configuration.workspaceRoot) }
        let credentialsVariable = fields.optional("credentials-env") { node throws(Diagnostic) -> String in
            let text = try node.string()
            guard let first = text.first, first == "_" || (first.isASCII && first.isUppercase),
                text.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") })
            else {
                throw Diagnostic("'credentials-env' names an environment variable (like TABLE_CREDENTIALS), not its value", at: node.mark)
            }
            return text
        }
        followRedirects = fields.optional("follow-redirects") { try $0.bool() } ?? false
        let format = fields.optional("format") { node throws(Diagnostic) -> String in
            let text = try node.string()
            guard ["csv", "json"].contains(text) else { throw Diagnostic("'format' is csv or json", at: node.mark) }
            return text
        }
        var settings = ImportMapping(source: .fixed("-"))
        settings.dateColumn = fields.optional("date") { try $0.string() } ?? "date"
        settings.valueColumn = fields.optional("value") { try $0.string() } ?? "value"
        settings.subjectColumn = fields.optional("subject") { try $0.string() }
        settings.noteColumn = fields.optional("note") { try $0.string() }
        let sourceColumn = fields.optional("source-column") { try $0.string() }
        if let sourceColumn { settings.source = .column(sourceColumn) }
        citation = fields.optional("citation") { try $0.string() }
        settings.filters =
            fields.optional("where") { node throws(Diagnostic) -> [RowFilter] in
                let texts = node.items == nil ? [try node.string()] : try node.strings()
                return try texts.map { text throws(Diagnostic) in
                    guard let filter = RowFilter(text) else {
                        throw Diagnostic("'\(text)' is not COL=VALUE, COL!=VALUE or a numeric bound such as COL>=1e24", at: node.mark)
                    }
                    return filter
                }
            } ?? []
        settings.scale = fields.optional("scale") { node throws(Diagnostic) -> Double in
            let scale = try node.double()
            guard scale.isFinite, scale != 0 else { throw Diagnostic("'scale' must be a finite number other than 0", at: node.mark) }
            return scale
        }
        settings.skipIncomplete = fields.optional("skip-incomplete") { try $0.bool() } ?? false
        let timeout =
            fields.optional("timeout") { node throws(Diagnostic) -> Double in
                let seconds = try node.double()
                guard seconds > 0, seconds <= 600 else {
                    throw Diagnostic("'timeout' is a number of seconds above 0, at most 600", at: node.mark)
                }
                return seconds
            } ?? Self.defaultTimeout
        let maximumBytes =
            fields.optional("max-bytes") { node throws(Diagnostic) -> Int in try node.positiveInt() } ?? Self.defaultMaximumBytes
        let joinLocation = fields.optional("join") { node throws(Diagnostic) -> Location in
            (try? node.string()).map { $0.contains("://") } == true
                ? .url(try Self.url(node)) : .path(try Self.path(node, root: configuration.workspaceRoot))
        }
        // Two key columns, as an array: a closure that throws a typed error and returns a tuple crashes Swift 6.3's SILGen.
        let joinKeys = fields.optional("join-on") { node throws(Diagnostic) -> [String] in
            let parts = try node.string().split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Diagnostic("'join-on' is COL=OTHERCOL, for example model=id", at: node.mark)
            }
            return parts
        }
        switch (joinLocation, joinKeys) {
        case (let location?, let keys?): join = Join(location: location, column: keys[0], otherColumn: keys[1])
        case (nil, nil): join = nil
        case (.some, nil):
            if fields.node("join-on") != nil { throw DiagnosticsError([]) }
            throw DiagnosticsError([
                Diagnostic("'join' needs 'join-on' (COL=OTHERCOL, for example model=id)", at: fields.node("join")!.mark)
            ])
        case (nil, .some):
            if fields.node("join") != nil { throw DiagnosticsError([]) }
            throw DiagnosticsError([Diagnostic("'join-on' needs 'join' (the second table's URL or path)", at: fields.node("join-on")!.mark)]
            )
        }
        if sourceColumn != nil, citation != nil, let node = fields.node("citation") {
            throw DiagnosticsError([
                Diagnostic(
                    "'citation' and 'source-column' exclude each other: one citation for every row, or a column of them", at: node.mark)
            ])
        }
        switch (url, path) {
        case (let url?, nil): location = .url(url)
        case (nil, let path?): location = .path(path)
        case (.some, .some):
            throw DiagnosticsError([Diagnostic("give 'url' or 'path', not both", at: fields.node("path")!.mark)])
        case (nil, nil):
            if fields.node("url") != nil || fields.node("path") != nil { throw DiagnosticsError([]) }
            throw DiagnosticsError([
                Diagnostic("the csv source needs 'url' (http:// or https://) or 'path' (a file in the workspace)", at: fields.mark)
            ])
        }
        let name =
            switch location {
            case .url(let url): url.path
            case .path(let path): path
            }
        isJSON = format.map { $0 == "json" } ?? name.lowercased().hasSuffix(".json")
        mapping = settings
        self.timeout = timeout
        self.maximumBytes = maximumBytes
        self.credentialsVariable = credentialsVariable
        if credentialsVariable != nil, case .path = location, let node = fields.node("credentials-env") {
            throw DiagnosticsError([Diagnostic("'credentials-env' is for a 'url'; a 'path' needs none", at: node.mark)])
        }
    }

    /// Top-level folders of the workspace that sources never read: git's (credentials, hooks) and track's own state.
    static let privateFolders: Set<String> = [".git", Workspace.stateDirectory]

    /// `text` without a URL's `user:password@`, for messages.
    static func withoutCredentials(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
            !text[scheme.upperBound..<at].contains("/")
        else { return text }
        return String(text[..<scheme.upperBound]) + "…@" + text[text.index(after: at)...]
    }

    public func fetch(for indicator: Indicator) throws(SourceFailure) -> SourceAnswer {
        if let join {
            let table = try contents(of: location, parameter: "path")
            let other = try contents(of: join.location, parameter: "join")
            return try answer(
                table.data, origin: table.origin, joining: (other.data, other.origin, join), indicator: indicator, commit: nil)
        }
        switch location {
        case .path:
            let table = try contents(of: location, parameter: "path")
            // The file's SHA-256 is its validator: the same file with the same configuration adds nothing.
            let root = configuration.workspaceRoot
            let memoryPath = FetchMemory.path(indicatorID: indicator.id, cacheDirectory: configuration.cacheDirectory)
            let fingerprint = FetchMemory.fingerprint(configuration.node)
            let validators = HTTPFetch.Validators(etag: "sha256:" + ImportMemory.digest(table.data))
            if FetchMemory.validators(for: "path:" + table.origin, configuration: fingerprint, at: memoryPath, within: root) == validators {
                return SourceAnswer(origin: table.origin, content: .unchanged("the file is the same as at the last update (SHA-256)"))
            }
            let memory = FetchMemory(url: "path:" + table.origin, configuration: fingerprint, validators: validators)
            return try answer(
                table.data, origin: table.origin, indicator: indicator,
                commit: { @Sendable () throws(any Error) in try memory.save(to: memoryPath, within: root) })
        case .url(let url):
            let fetch = try httpFetch()
            let root = configuration.workspaceRoot
            let memoryPath = FetchMemory.path(indicatorID: indicator.id, cacheDirectory: configuration.cacheDirectory)
            let fingerprint = FetchMemory.fingerprint(configuration.node)
            let remembered = FetchMemory.validators(for: url.absoluteString, configuration: fingerprint, at: memoryPath, within: root)
            switch try fetch.get(url, validators: remembered) {
            case .notModified:
                return SourceAnswer(origin: url.absoluteString, content: .unchanged("not modified since the last update (HTTP 304)"))
            case .body(let data, let validators):
                let memory = FetchMemory(url: url.absoluteString, configuration: fingerprint, validators: validators)
                let remember: (@Sendable () throws -> Void)? =
                    validators.isEmpty ? nil : { @Sendable () throws(any Error) in try memory.save(to: memoryPath, within: root) }
                return try answer(data, origin: url.absoluteString, indicator: indicator, commit: remember)
            }
        }
    }

    /// The whole table at `location`, read without a condition, and how to name it in messages.
    private func contents(of location: Location, parameter: String) throws(SourceFailure) -> (data: Data, origin: String) {
        switch location {
        case .path(let path):
            let shown = String(path.dropFirst(URL(fileURLWithPath: configuration.workspaceRoot).standardizedFileURL.path.count + 1))
            return (Data(try read(path, shown: shown, parameter: parameter)), shown)
        case .url(let url):
            guard case .body(let data, _) = try httpFetch().get(url) else {
                throw SourceFailure("\(url.absoluteString): the server answered 304 to a request without validators")
            }
            return (data, url.absoluteString)
        }
    }

    /// A table from its bytes: JSON when `json`, else UTF-8 CSV.
    private static func table(_ data: Data, origin: String, json: Bool) throws(DiagnosticsError) -> ImportTable {
        if json { return try ImportTable.json(data, file: origin) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([Diagnostic("the table is not UTF-8 text", file: origin)])
        }
        return try ImportTable.csv(text, file: origin)
    }

    /// The table at `path` through the guarded reader: a regular file inside the workspace (no link
    /// out, nothing under `.git/` or `.track/` once links are resolved), at most `max-bytes`.
    private func read(_ path: String, shown: String, parameter: String) throws(SourceFailure) -> [UInt8] {
        let root = configuration.workspaceRoot
        if let real = WorkspaceFile.realPath(path), let realRoot = WorkspaceFile.realPath(root), real.hasPrefix(realRoot + "/"),
            let first = real.dropFirst(realRoot.count + 1).split(separator: "/").first, Self.privateFolders.contains(String(first))
        {
            throw SourceFailure("\(shown): a link into \(first)/, which sources never read; give a table of the workspace")
        }
        do {
            return try WorkspaceFile.readBytes(path, within: root, maximumBytes: maximumBytes)
        } catch let refused as WorkspaceFile.Refused {
            let reason =
                refused.description.hasPrefix(path) ? String(refused.description.dropFirst(path.count)) : ": " + refused.description
            throw SourceFailure(
                "\(shown)\(reason.replacingOccurrences(of: root + "/", with: "")); check '\(parameter)' (relative to the workspace's root)")
        } catch {
            throw SourceFailure("\(shown): cannot read the file; check '\(parameter)' (relative to the workspace's root)")
        }
    }

    /// The download of this source: its time and size limits, redirects and credentials.
    private func httpFetch() throws(SourceFailure) -> HTTPFetch {
        var credentials: String?
        if let credentialsVariable {
            guard let value = ProcessInfo.processInfo.environment[credentialsVariable], !value.isEmpty else {
                throw SourceFailure("the environment variable \(credentialsVariable) named in 'credentials-env' is not set")
            }
            credentials = value
        }
        return HTTPFetch(timeout: timeout, maximumBytes: maximumBytes, followRedirects: followRedirects, credentials: credentials)
    }

    /// The observations the table in `data` (with the `joining` table's columns added by key) holds for
    /// `indicator`, each citing its row.
    private func answer(
        _ data: Data, origin: String, joining: (data: Data, origin: String, join: Join)? = nil, indicator: Indicator,
        commit: (@Sendable () throws -> Void)?
    ) throws(SourceFailure) -> SourceAnswer {
        do throws(DiagnosticsError) {
            var table = try Self.table(data, origin: origin, json: isJSON)
            if let joining {
                let other = try Self.table(joining.data, origin: joining.origin, json: joining.origin.lowercased().hasSuffix(".json"))
                table = try table.joined(with: other, on: joining.join.column, equals: joining.join.otherColumn)
            }
            let read = try ObservationImport.entries(from: table, mapping: mapping, kind: indicator.kind)
            let row = isJSON ? "item" : "line"
            let entries = read.entries.map { entry in
                guard case .fixed = mapping.source else { return entry }
                var cited = entry
                cited.source = "\(citation ?? origin) (\(row) \(entry.origin?.line ?? 0))"
                return cited
            }
            return SourceAnswer(
                origin: origin,
                content: .entries(entries, rowCount: table.rows.count, filteredOut: read.filteredOut, incomplete: read.incomplete),
                commit: commit)
        } catch {
            throw SourceFailure(
                "\(origin): the table has \(error.diagnostics.count == 1 ? "a problem" : "\(error.diagnostics.count) problems"); nothing was added",
                diagnostics: Diagnostic.folded(IndicatorUpdate.reworded(error.diagnostics)))
        }
    }

    /// An `http://` or `https://` URL without credentials (they would be copied into every observation's
    /// source and every message: `credentials-env` names where they are).
    private static func url(_ node: YAMLNode) throws(Diagnostic) -> URL {
        let text = try node.string()
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw Diagnostic("'\(TerminalText.excerpt(Self.withoutCredentials(text)))' is not an http:// or https:// URL", at: node.mark)
        }
        guard url.user == nil, url.password == nil else {
            throw Diagnostic(
                "'url' holds credentials (user:password@); remove them and name an environment variable holding them in 'credentials-env'",
                at: node.mark)
        }
        return url
    }

    /// A path inside the workspace at `root`, made absolute, never under `.git/` or `.track/`.
    private static func path(_ node: YAMLNode, root workspaceRoot: String) throws(Diagnostic) -> String {
        let text = try node.string()
        let root = URL(fileURLWithPath: workspaceRoot).standardizedFileURL.path
        let full = URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: root + "/")).standardizedFileURL.path
        guard full.hasPrefix(root + "/") else {
            throw Diagnostic(
                "'\(TerminalText.excerpt(text))' is outside the workspace; give a path inside it (relative to its root) or a URL",
                at: node.mark)
        }
        if let first = full.dropFirst(root.count + 1).split(separator: "/").first, privateFolders.contains(String(first)) {
            throw Diagnostic(
                "'\(TerminalText.excerpt(text))' is inside \(first)/, which sources never read; give a table of the workspace",
                at: node.mark)
        }
        return full
    }
}
