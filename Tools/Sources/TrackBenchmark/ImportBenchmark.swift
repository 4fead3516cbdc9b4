import Foundation
import TrackCore
import TrackEngine
import TrackEvaluators
import Tracker

/// `track import` against `track record` in a loop: `rows` rows of a CSV table merged into an indicator
/// in one edit, and the same rows appended one at a time (each append reads and checks the whole file
/// again, as `record` does), in the same run. Both must give the same file.
func importBenchmark(rows: Int) throws {
    let empty = "name: Imported series\nunit: usd_per_mtok\nobservations: []\n"
    var csv = "date,subject,value\n"
    var day = Day(year: 2000, month: 1, day: 1)!
    for index in 0..<rows {
        day = day.adding(days: 1)
        csv += "\(day),model-\(index % 7),\(Double(index % 997) / 7.0)\n"
    }
    let table = try ImportTable.csv(csv, file: "bench.csv")
    var mapping = ImportMapping(source: .fixed("https://example.com/bench.csv"))
    mapping.subjectColumn = "subject"
    let policy = IndicatorMerge.Policy(allowNewSubjects: true)

    var imported = ""
    let importSeconds = time {
        imported = try! ObservationImport.run(
            table, mapping: mapping, into: empty, file: "bench.yaml", indicatorID: "bench", policy: policy
        ).merge.text!
    }
    let entries = try ObservationImport.entries(from: table, mapping: mapping, kind: .numeric).entries
    var appended = empty
    let appendSeconds = time {
        for entry in entries {
            guard
                case .appended(let text, _, _) = try! IndicatorEditor.append(
                    entry, to: appended, file: "bench.yaml", indicatorID: "bench", policy: policy)
            else {
                fatalError("benchmark row was not appended")
            }
            appended = text
        }
    }
    precondition(imported == appended, "import and one-by-one appends gave different files")
    print("import: \(rows) CSV rows into an empty indicator, one edit     \(String(format: "%.3f s", importSeconds))")
    print(
        "record: the same \(rows) rows appended one by one            \(String(format: "%.3f s  (%.0fx the import)", appendSeconds, appendSeconds / importSeconds))"
    )
}
