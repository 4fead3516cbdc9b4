import Foundation
import TrackCore
import TrackDomain

// Cost-model benchmark: the inference and training models against the calibration tables, in sample (the
// shipped defaults) and cross-validated (the free defaults refitted with each publication left out, that
// publication's rows then modelled), with each row's ratio and the stated spreads beside the cross-validated ones.
// Run from the repository's root: swift run -c release --package-path Tools TrackCostModelBenchmark [--root DIR]

var root = FileManager.default.currentDirectoryPath
var explained: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--root": root = arguments.popFirst() ?? root
    case "--row": explained = arguments.popFirst()
    default:
        FileHandle.standardError.write(Data("usage: TrackCostModelBenchmark [--root DIR] [--row ID (explain one deployment)]\n".utf8))
        exit(64)
    }
}

let started = Date()
let catalog = Catalog(WorkspaceLoader.load(root: root).workspace)
let inference = CalibrationTable.load(root + "/" + CalibrationTable.deploymentsFile, catalog: catalog)
let training = CalibrationTable.load(root + "/" + CalibrationTable.trainingRunsFile, catalog: catalog)
for diagnostic in inference.diagnostics + training.diagnostics {
    FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
}
guard inference.diagnostics.isEmpty, training.diagnostics.isEmpty, !inference.deployments.isEmpty, !training.trainingRuns.isEmpty else {
    FileHandle.standardError.write(
        Data("the calibration tables have errors or no rows (run from the repository's root, or --root DIR)\n".utf8))
    exit(65)
}

if let explained, let row = inference.deployments.first(where: { $0.id == explained }) {
    let serving = row.outputTokens > 0 ? row.inputTokens + row.outputTokens / 2 : row.deployment.context
    var deployment = row.deployment
    deployment.context = serving
    print(
        InferenceReport(deployment: deployment, batch: row.runBatch, inputTokens: row.inputTokens, outputTokens: max(1, row.outputTokens))
            .text())
    print("modelled \(row.modelled), measured \(row.measured)")
    exit(0)
}

func cell(_ value: Double, _ digits: Int = 3) -> String { value.isFinite ? String(format: "%.\(digits)f", value) : "-" }
func padded(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }

/// "median |ln| 0.123 (x1.13), 76% within ±30%, rms 0.271 (x1.31), n 138".
func summary(_ errors: CalibrationErrors) -> String {
    "median |ln| \(cell(errors.medianAbsolute)) (x\(cell(exp(errors.medianAbsolute), 2))), "
        + "\(Int((errors.shareWithin(1.3) * 100).rounded()))% within ±30%, rms \(cell(errors.rootMeanSquare)) "
        + "(x\(cell(exp(errors.rootMeanSquare), 2))), n \(errors.count)"
}

/// The target check: LOSO median |ln| ≤ ln 1.2 and ≥ 75% within ±30%.
func verdict(_ errors: CalibrationErrors) -> String {
    let median = errors.medianAbsolute <= log(1.2)
    let share = errors.shareWithin(1.3) >= 0.75
    return "targets: median ≤ ln 1.2 (\(cell(log(1.2)))) \(median ? "met" : "NOT met"); ≥ 75% within ±30% \(share ? "met" : "NOT met")"
}

/// The in-sample and left-out summaries and the target check.
func printSummaries(inSample: [Double], leftOut: [Double]) {
    print("")
    print("  in sample (shipped defaults):    " + summary(CalibrationErrors(inSample)))
    print("  left out (leave one publication out): " + summary(CalibrationErrors(leftOut)))
    print("  " + verdict(CalibrationErrors(leftOut)))
}

/// The stated spread against the cross-validated rms: within 20%?
func spreadCheck(_ name: String, stated: ModelError, errors: CalibrationErrors) -> String {
    let rms = errors.rootMeanSquare
    let ratio = stated.sigma / rms
    return "  \(padded(name, 9)) stated sigma \(cell(stated.sigma)) (x\(cell(exp(stated.sigma), 2))) vs cross-validated rms \(cell(rms)) "
        + "(x\(cell(exp(rms), 2))), n \(errors.count): \(cell(ratio, 2)) of it, "
        + (abs(ratio - 1) <= 0.2 ? "within 20%" : "NOT within 20%")
}

// MARK: inference

let rows = inference.deployments
let shipped = InferenceCostModel.Utilization()
let fitted = InferenceCalibration.fit(rows)
let inSample = rows.map { InferenceCalibration.logError($0, shipped) }
let (crossValidated, folds) = InferenceCalibration.leaveOnePublicationOut(rows)

print("INFERENCE: \(rows.count) published measurements from \(Set(rows.map(\.publication)).count) publications")
print("  defaults (shipped -> fitted on all rows, each publication weighted equally):")
for parameter in InferenceCalibration.parameters {
    print(
        "    \(padded(parameter.name, 16)) \(cell(shipped[keyPath: parameter.keyPath], 3)) -> \(cell(fitted[keyPath: parameter.keyPath], 3))"
    )
}
print("  refitted without each publication:")
for fold in folds {
    let values = InferenceCalibration.parameters.map { "\($0.name) \(cell(fold.utilization[keyPath: $0.keyPath], 2))" }
    print("    \(padded(fold.publication, 36)) " + values.joined(separator: ", "))
}
print("")
print("  | deployment | publication | measure | batch | modelled | measured | in sample | left out |")
print("  |---|---|---|---|---|---|---|---|")
for (index, row) in rows.enumerated() {
    print(
        "  | \(row.id) | \(row.publication) | \(row.measure.rawValue) | \(row.runBatch) | \(cell(row.modelled, 1)) | \(cell(row.measured, 1)) | "
            + "\(cell(exp(inSample[index]), 2)) | \(cell(exp(crossValidated[index]), 2)) |")
}
printSummaries(inSample: inSample, leftOut: crossValidated)
let groups = ["decode", "prefill", "serving"]
for group in groups {
    let indices = rows.indices.filter { rows[$0].measure.group == group }
    print(
        "    \(padded(group, 8)) in sample: \(summary(CalibrationErrors(indices.map { inSample[$0] }))); "
            + "left out: \(summary(CalibrationErrors(indices.map { crossValidated[$0] })))")
}
print("  by publication (left out): median ln(modelled / measured), rms")
for publication in Set(rows.map(\.publication)).sorted() {
    let indices = rows.indices.filter { rows[$0].publication == publication }
    let errors = CalibrationErrors(indices.map { crossValidated[$0] })
    let median = indices.map { crossValidated[$0] }.sorted()[indices.count / 2]
    print(
        "    \(padded(publication, 36)) n \(String(format: "%3d", indices.count)), median \(cell(median, 2)), rms \(cell(errors.rootMeanSquare, 2))"
    )
}

// MARK: training

let runs = training.trainingRuns
let shippedTraining = TrainingUtilization()
let fittedTraining = TrainingCalibration.fit(runs)
let trainingInSample = runs.map { TrainingCalibration.logError($0, shippedTraining) }
let trainingCrossValidated = TrainingCalibration.leaveOnePublicationOut(runs)
let withoutSizeCrossValidated = TrainingCalibration.leaveOnePublicationOut(runs, withSize: false)

print("")
print("TRAINING: \(runs.count) published runs from \(Set(runs.map(\.publication)).count) publications")
print(
    "  ln MFU = intercept + hardware x ln(BF16 FLOP per byte / 150) + size x ln(N / 10B) + MoE; availability "
        + "\(cell(TrainingUtilization.availability, 2)) (measured); shipped -> fitted on all runs:")
print("    intercept \(cell(shippedTraining.intercept)) -> \(cell(fittedTraining.intercept))")
print("    hardware  \(cell(shippedTraining.hardwareSlope)) -> \(cell(fittedTraining.hardwareSlope))")
print("    size      \(cell(shippedTraining.sizeSlope)) -> \(cell(fittedTraining.sizeSlope))")
print("    moe       \(cell(shippedTraining.mixtureOfExpertsTerm)) -> \(cell(fittedTraining.mixtureOfExpertsTerm))")
print("    without the size term, left out: \(summary(CalibrationErrors(withoutSizeCrossValidated)))")
print("")
print("  | run | publication | measure | hardware | modelled / measured in sample | left out |")
print("  |---|---|---|---|---|---|")
for (index, run) in runs.enumerated() {
    print(
        "  | \(run.id) | \(run.publication) | \(run.measure.rawValue) | \(run.accelerator.id) | \(cell(exp(trainingInSample[index]), 2)) | "
            + "\(cell(exp(trainingCrossValidated[index]), 2)) |")
}
printSummaries(inSample: trainingInSample, leftOut: trainingCrossValidated)

// MARK: stated spreads

print("")
print("STATED SPREADS (ModelError) against the cross-validated rms:")
for (name, stated) in [("decode", ModelError.decode), ("prefill", ModelError.prefill), ("serving", ModelError.serving)] {
    let indices = rows.indices.filter { rows[$0].measure.group == name }
    print(spreadCheck(name, stated: stated, errors: CalibrationErrors(indices.map { crossValidated[$0] })))
}
print(spreadCheck("training", stated: ModelError.trainingTime, errors: CalibrationErrors(trainingCrossValidated)))
print("")
print("done in \(cell(Date().timeIntervalSince(started), 1)) s")
