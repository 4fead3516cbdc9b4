import Foundation
import TrackCore
import TrackEngine

/// `csv`: a CSV or JSON table at a URL or a path in the workspace, read with the column mapping,
/// filters and scale of `track import`. Downloads are conditional (an unchanged table answers 304
/// and adds nothing), limited in time and size. Each observation cites the table and its row,
/// unless `source-column` names a column holding each row's own source.
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
        .init("scale", .number, "Multiply each value by this (100 turns a 0-1 score into percent)."),
        .init("skip-incomplete", .boolean, "Skip rows whose date, value, subject or source cell is blank."),
        .init("timeout", .positiveNumber, "Seconds the download may take (default 30)."),
        .init("max-bytes", .positiveInteger, "The largest download accepted, in bytes (default 50000000)."),
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

    let location: Location
    let isJSON: Bool
    let mapping: ImportMapping
    let citation: String?
    let fetch: HTTPFetch
    let configuration: SourceConfiguration

    public init(_ configuration: SourceConfiguration, fields: inout FieldReader) throws(DiagnosticsError) {
        self.configuration = configuration
        let url = fields.optional("url") { node throws(Diagnostic) -> URL in
            let text = try node.string()
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw Diagnostic("'\(text)' is not an http:// or https:// URL", at: node.mark)
            }
            return url
        }
        let path = fields.optional("path") { node throws(Diagnostic) -> String in
            let text = try node.string()
            let root = URL(fileURLWithPath: configuration.workspaceRoot).standardizedFileURL.path
            let full = URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: root + "/")).standardizedFileURL.path
            guard full.hasPrefix(root + "/") else {
                throw Diagnostic("'\(text)' is outside the workspace; give a path inside it (relative to its root) or a URL", at: node.mark)
            }
            return full
        }
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
        fetch = HTTPFetch(timeout: timeout, maximumBytes: maximumBytes)
    }

    public func fetch(for indicator: Indicator) throws(SourceFailure) -> SourceAnswer {
        switch location {
        case .path(let path):
            let shown = String(path.dropFirst(URL(fileURLWithPath: configuration.workspaceRoot).standardizedFileURL.path.count + 1))
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SourceFailure("\(shown): cannot read the file; check 'path' (relative to the workspace's root)")
            }
            // The file's SHA-256 is its validator: the same file with the same configuration adds nothing.
            let memoryPath = FetchMemory.path(indicatorID: indicator.id, cacheDirectory: configuration.cacheDirectory)
            let fingerprint = FetchMemory.fingerprint(configuration.node)
            let validators = HTTPFetch.Validators(etag: "sha256:" + ImportMemory.digest(data))
            if FetchMemory.validators(for: "path:" + shown, configuration: fingerprint, at: memoryPath) == validators {
                return SourceAnswer(origin: shown, content: .unchanged("the file is the same as at the last update (SHA-256)"))
            }
            let memory = FetchMemory(url: "path:" + shown, configuration: fingerprint, validators: validators)
            return try answer(
                data, origin: shown, indicator: indicator, commit: { @Sendable () throws(any Error) in try memory.save(to: memoryPath) })
        case .url(let url):
            let memoryPath = FetchMemory.path(indicatorID: indicator.id, cacheDirectory: configuration.cacheDirectory)
            let fingerprint = FetchMemory.fingerprint(configuration.node)
            let remembered = FetchMemory.validators(for: url.absoluteString, configuration: fingerprint, at: memoryPath)
            switch try fetch.get(url, validators: remembered) {
            case .notModified:
                return SourceAnswer(origin: url.absoluteString, content: .unchanged("not modified since the last update (HTTP 304)"))
            case .body(let data, let validators):
                let memory = FetchMemory(url: url.absoluteString, configuration: fingerprint, validators: validators)
                let remember: (@Sendable () throws -> Void)? =
                    validators.isEmpty ? nil : { @Sendable () throws(any Error) in try memory.save(to: memoryPath) }
                return try answer(data, origin: url.absoluteString, indicator: indicator, commit: remember)
            }
        }
    }

    /// The observations the table in `data` holds for `indicator`, each citing its row.
    private func answer(
        _ data: Data, origin: String, indicator: Indicator, commit: (@Sendable () throws -> Void)?
    ) throws(SourceFailure) -> SourceAnswer {
        do throws(DiagnosticsError) {
            let table: ImportTable
            if isJSON {
                table = try ImportTable.json(data, file: origin)
            } else {
                guard let text = String(data: data, encoding: .utf8) else {
                    throw DiagnosticsError([Diagnostic("the table is not UTF-8 text", file: origin)])
                }
                table = try ImportTable.csv(text, file: origin)
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
                diagnostics: IndicatorUpdate.reworded(error.diagnostics))
        }
    }
}
