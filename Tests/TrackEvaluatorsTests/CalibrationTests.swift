import Foundation
import TestSupport
import Testing

@testable import TrackCore
@testable import TrackDomain
@testable import TrackEngine

/// The calibration tables (calibration/deployments.yaml, calibration/training-runs.yaml): every row loads, the
/// table spans what it must, the shipped defaults are the fit to it, and a coarse bound on the in-sample scatter.
/// The cross-validation (each publication left out of the fit) is in the benchmark, TrackCostModelBenchmark.
@Suite("Cost model calibration tables")
struct CalibrationTests {
    static let catalog = Catalog(WorkspaceLoader.load(root: TrackProcess.repositoryRoot).workspace)
    static let inference = CalibrationTable.load(TrackProcess.repositoryRoot + "/" + CalibrationTable.deploymentsFile, catalog: catalog)
    static let training = CalibrationTable.load(TrackProcess.repositoryRoot + "/" + CalibrationTable.trainingRunsFile, catalog: catalog)

    @Test("every deployment and training run loads, names a listed publication and keeps its URL; ids are unique")
    func everyRowLoads() {
        #expect(Self.inference.diagnostics.isEmpty, "\(Self.inference.diagnostics)")
        #expect(Self.training.diagnostics.isEmpty, "\(Self.training.diagnostics)")
        let deployments = Self.inference.deployments
        let runs = Self.training.trainingRuns
        #expect(deployments.count >= 30)
        #expect(runs.count >= 12)
        #expect(Set(deployments.map(\.id)).count == deployments.count)
        #expect(Set(runs.map(\.id)).count == runs.count)
        for url in deployments.map(\.url) + runs.map(\.url) + (Self.inference.sources + Self.training.sources).map(\.url) {
            #expect(url.hasPrefix("https://"), "\(url)")
        }
        // Every row's modelled figure is a positive number with the shipped defaults.
        for row in deployments {
            #expect(row.modelled.isFinite && row.modelled > 0, "\(row.id): \(row.modelled)")
        }
    }

    /// The families the issue counts: A100, Hopper (H100, H200, H800), Blackwell (B200, GB200), Google TPU.
    private func family(_ accelerator: Accelerator) -> String {
        switch accelerator.id {
        case let id where id.hasPrefix("a100"): "A100"
        case "h100", "h200", "h800", "h20": "Hopper"
        case "b200", "gb200": "Blackwell"
        case let id where id.hasPrefix("tpu"): "TPU"
        default: accelerator.id
        }
    }

    @Test("the tables span four hardware families, two serving stacks, dense and MoE, every measure and BF16/FP8/FP4")
    func coverage() {
        let deployments = Self.inference.deployments
        let runs = Self.training.trainingRuns
        let families = Set(deployments.map { family($0.deployment.accelerator) } + runs.map { family($0.accelerator) })
        #expect(families.isSuperset(of: ["A100", "Hopper", "Blackwell", "TPU"]), "\(families)")
        let stacks = Set(
            deployments.compactMap { Self.inference.stack(of: $0.publication) }.compactMap { stack in
                ["TensorRT-LLM", "SGLang", "vLLM", "DeepSeek", "FasterTransformer"].first { stack.contains($0) }
            })
        #expect(stacks.count >= 2, "\(stacks)")
        #expect(Set(deployments.map(\.deployment.model.isMixtureOfExperts)) == [true, false])
        #expect(Set(runs.map(\.mixtureOfExperts)) == [true, false])
        #expect(Set(deployments.map(\.measure)) == Set(InferenceMeasurement.Measure.allCases))
        let precisions = Set(deployments.map(\.deployment.weightPrecision))
        #expect(precisions.isSuperset(of: [.fp8, .fp4]) && !precisions.isDisjoint(with: [.bf16, .fp16]), "\(precisions)")
        // Static batches (a given batch) and max-throughput rows (the largest that fits).
        #expect(deployments.contains { $0.batch != nil } && deployments.contains { $0.batch == nil && $0.userTokensPerSecond == nil })
    }

    @Test("the shipped inference defaults are the fit to the whole table (each publication weighted equally), to 0.01")
    func inferenceDefaultsAreTheFit() {
        let fitted = InferenceCalibration.fit(Self.inference.deployments)
        let shipped = InferenceCostModel.Utilization()
        for parameter in InferenceCalibration.parameters {
            #expect(
                abs(fitted[keyPath: parameter.keyPath] - shipped[keyPath: parameter.keyPath]) <= 0.011,
                "\(parameter.name): fitted \(fitted[keyPath: parameter.keyPath]), shipped \(shipped[keyPath: parameter.keyPath])")
        }
    }

    @Test("the shipped training MFU fit is the fit to the whole table, to 0.002 in each coefficient")
    func trainingDefaultsAreTheFit() {
        let fitted = TrainingCalibration.fit(Self.training.trainingRuns)
        let shipped = TrainingUtilization()
        #expect(abs(fitted.intercept - shipped.intercept) < 0.002, "\(fitted)")
        #expect(abs(fitted.hardwareSlope - shipped.hardwareSlope) < 0.002, "\(fitted)")
        #expect(abs(fitted.sizeSlope - shipped.sizeSlope) < 0.002, "\(fitted)")
        #expect(abs(fitted.mixtureOfExpertsTerm - shipped.mixtureOfExpertsTerm) < 0.002, "\(fitted)")
    }

    @Test("coarse bound: in sample, the median error stays under 1.2x and the scatter within the largest stated spread")
    func coarseBound() {
        let inference = CalibrationErrors(Self.inference.deployments.map { InferenceCalibration.logError($0, .init()) })
        #expect(inference.medianAbsolute < log(1.2), "\(inference.medianAbsolute)")
        #expect(inference.rootMeanSquare < ModelError.serving.sigma * 1.2, "\(inference.rootMeanSquare)")
        let training = CalibrationErrors(Self.training.trainingRuns.map { TrainingCalibration.logError($0, TrainingUtilization()) })
        #expect(training.medianAbsolute < log(1.2), "\(training.medianAbsolute)")
        #expect(training.rootMeanSquare < ModelError.trainingTime.sigma * 1.2, "\(training.rootMeanSquare)")
    }

    @Test("the error summaries: median of |ln|, share within a factor, root mean square (closed forms)")
    func errorSummaries() {
        let errors = CalibrationErrors([log(1.1), -log(1.5), log(2), -log(1.05)])
        // |ln|: 0.0488, 0.0953, 0.4055, 0.6931 -> median (0.0953 + 0.4055) / 2.
        #expect(abs(errors.medianAbsolute - (log(1.1) + log(1.5)) / 2) < 1e-12)
        #expect(errors.shareWithin(1.3) == 0.5)
        let rms = ((log(1.1) * log(1.1) + log(1.5) * log(1.5) + log(2) * log(2) + log(1.05) * log(1.05)) / 4).squareRoot()
        #expect(abs(errors.rootMeanSquare - rms) < 1e-12)
    }

    @Test("the fitting tools: golden section finds a parabola's minimum; Gaussian elimination solves a known system")
    func fittingTools() {
        let minimum = InferenceCalibration.goldenSection(0...1) { ($0 - 0.37) * ($0 - 0.37) }
        #expect(abs(minimum - 0.37) < 1e-3)
        // 2x + y = 5, x + 3y = 10: x = 1, y = 3.
        let x = TrainingCalibration.solve([[2, 1], [1, 3]], [5, 10])
        #expect(abs(x[0] - 1) < 1e-12 && abs(x[1] - 3) < 1e-12)
    }
}
