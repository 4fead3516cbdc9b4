import Foundation
import TrackCore
import TrackEngine

/// `track report`: the report of a workspace as of a day, rendered in a format and written to a file
/// or a folder (or returned, for standard output).
extension WorkspaceSession {
    /// The report's text when no output is given, else the files written (the report first, then charts).
    public enum ReportWritten: Sendable {
        case text(String)
        case files([String])
    }

    /// The whole report as of `asOf`, with each forecast's stored runs and the naive baseline.
    public func report(
        asOf: Day, notice: @escaping (String) -> Void, damaged: @escaping ([Diagnostic]) -> Void = { _ in }
    ) throws(TrackError) -> (report: WorkspaceReport, warnings: [Diagnostic]) {
        let (engine, warnings) = try engine()
        let store = try HistoryAccess(workspace: engine.workspace, notice: notice, damaged: damaged).indexIfAny()
        let report = try TrackError.converting {
            try WorkspaceReport(
                engine: engine, asOf: asOf, history: { try store?.history(of: $0) ?? [] }, naive: engine.naiveBaseline(for:))
        }
        return (report, warnings)
    }

    /// Where the HTML report goes when no `--output` is given: a folder, as coverage tools write theirs.
    public static let defaultHTMLOutput = "track-report/index.html"

    /// Renders `report` as `format` (`json` given as already encoded text) into `output`: a file, or a
    /// folder (an existing one, or a path ending in `/`) that gets `index.html`, `report.json` or
    /// `report.md` with its charts in `charts/`; `-` for the rendered text (standard output). Without
    /// `output`, HTML goes to `defaultHTMLOutput` and the other formats are returned as text.
    public static func write(
        _ report: WorkspaceReport, as format: ReportFormat, json: () throws -> String, to output: String?
    ) throws(TrackError) -> ReportWritten {
        let requested = output == "-" ? nil : output ?? (format == .html ? defaultHTMLOutput : nil)
        var isDirectory: ObjCBool = false
        let intoFolder =
            requested.map {
                $0.hasSuffix("/") || (FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue)
            }
            ?? false
        let output = requested.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        var files: [(path: String, text: String)] = []
        switch format {
        case .json:
            let text = try TrackError.converting { try json() + "\n" }
            guard let output else { return .text(text) }
            files.append((intoFolder ? output + "/report.json" : output, text))
        case .html:
            let html = HTMLReportRenderer().render(report)
            guard let output else { return .text(html) }
            files.append((intoFolder ? output + "/index.html" : output, html))
        default:
            let rendered = MarkdownReportRenderer(chartFolder: intoFolder ? "charts" : nil).render(report)
            guard let output else { return .text(rendered.text + "\n") }
            let base = intoFolder ? output : (output as NSString).deletingLastPathComponent
            files.append((intoFolder ? output + "/report.md" : output, rendered.text + "\n"))
            files += rendered.charts.map { ((base.isEmpty ? "" : base + "/") + $0.path, $0.svg) }
        }
        // A file where a folder of the report goes: say so, and what to do.
        for file in files {
            var folder = (file.path as NSString).deletingLastPathComponent
            while !folder.isEmpty, folder != "/", folder != "." {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
                    throw TrackError(
                        .cannotCreate,
                        "--output \(output ?? ""): \(DisplayPath.relative(folder)) is a file, not a folder; remove it or give --output another path"
                    )
                }
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        try TrackError.converting(exit: .cannotCreate, context: "--output \(output ?? ""): cannot write the report") {
            for file in files {
                let folder = (file.path as NSString).deletingLastPathComponent
                if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                try AtomicFile.write(file.text, to: file.path)
            }
        }
        return .files(files.map(\.path))
    }
}
