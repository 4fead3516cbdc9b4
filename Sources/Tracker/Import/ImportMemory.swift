import Crypto
import Foundation
import TrackCore

/// What `track import` remembers of its last import into an indicator, in `.track/imports/INDICATOR.json`:
/// the SHA-256 of the table (and of the table joined to it), the settings, the SHA-256 of the indicator
/// file as the import left it, and the counts an import of the same table would print again. While all
/// three are the same, importing the table again adds nothing, so it is answered from here without
/// reading the indicator file as YAML (the way an HTTP source's validators answer "not modified").
struct ImportMemory: Codable, Sendable, Equatable {
    var table: String
    var settings: String
    var file: String
    var rows: Int
    var duplicates: Int
    var shadowed: Int
    var filteredOut: Int
    var incomplete: Int

    static func path(indicatorID: String, workspaceRoot: String) -> String {
        "\(workspaceRoot)/\(Workspace.stateDirectory)/imports/\(indicatorID).json"
    }

    /// The memory at `path` when it is for this table and these settings and the file is still as it was left.
    static func matching(table: String, settings: String, fileText: String, at path: String) -> ImportMemory? {
        guard let data = FileManager.default.contents(atPath: path), let memory = try? JSONDecoder().decode(ImportMemory.self, from: data),
            memory.table == table, memory.settings == settings, memory.file == digest(Data(fileText.utf8))
        else { return nil }
        return memory
    }

    /// What an import of the same table into the file `report` leaves would print: every row added is then there already.
    init(table: String, settings: String, fileText: String, report: ObservationImport.Report) {
        self.table = table
        self.settings = settings
        file = Self.digest(Data(fileText.utf8))
        rows = report.rowCount
        duplicates = report.duplicateCount + report.merge.added.count
        shadowed = report.shadowedCount
        filteredOut = report.filteredOut
        incomplete = report.incomplete
    }

    /// The import's report when it repeats the last one: nothing to add.
    var report: ObservationImport.Report {
        ObservationImport.Report(
            merge: IndicatorMerge.Result(text: nil, added: [], duplicates: [], shadowed: [], replaced: [], newSubjects: []),
            rowCount: rows, filteredOut: filteredOut, incomplete: incomplete, repeated: (duplicates, shadowed))
    }

    func save(to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try AtomicFile.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n", to: path)
    }

    /// The SHA-256 of `data`, in hex.
    static func digest(_ data: some DataProtocol) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
