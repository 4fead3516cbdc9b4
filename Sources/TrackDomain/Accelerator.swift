import Foundation
import TrackCore
import TrackEngine

/// An accelerator (GPU) in the workspace's catalog: peak speeds, memory, links, power and price.
public struct Accelerator: Sendable, Identifiable {
    /// Numeric precisions with a peak speed.
    public enum Precision: String, Sendable, Hashable, CaseIterable {
        case fp32, tf32, bf16, fp16, fp8, fp4

        /// Bytes per value.
        public var bytes: Double {
            switch self {
            case .fp32, .tf32: 4
            case .bf16, .fp16: 2
            case .fp8: 1
            case .fp4: 0.5
            }
        }
    }

    public var id: String
    public var name: String
    /// Dense peak FLOP/s (not TFLOP/s) per precision.
    public var peakFLOPS: [Precision: Double]
    /// Memory in bytes: the datasheet's "GB" read as GiB (2^30 bytes), as HBM comes in binary sizes.
    public var memoryBytes: Double
    public var memoryBandwidthBytesPerSecond: Double
    /// Bandwidth per GPU within a scale-up domain (NVLink), bytes per second in each direction
    /// (half the "total" NVLink figure NVIDIA quotes: H100 900 GB/s total is 450 GB/s one way).
    public var scaleUpBytesPerSecond: Double
    /// Bandwidth per GPU between domains (InfiniBand), bytes per second in each direction (400 Gb/s: 50 GB/s).
    public var scaleOutBytesPerSecond: Double
    /// GPUs in one scale-up (NVLink) domain: 8 in an HGX node, 72 in a GB200 NVL72 rack.
    public var gpusPerNode: Int
    public var boardPowerWatts: Double
    public var pricePerHourUSD: Double?
    public var source: String
    public var mark: SourceMark

    /// Bytes in a datasheet's "GB" of HBM: 2^30. An "80 GB" H100 reports 81,559 MiB to nvidia-smi, an "80 GB"
    /// A100 81,920 MiB (Modal, "Why does an NVIDIA H100 80GB card offer 85.52 GB?").
    public static let bytesPerGB = 1_073_741_824.0

    /// Realised share of a narrower format's extra peak, per halving of the width: FP8 GEMMs run 1.4-1.6x as
    /// fast as BF16 ones on H100 where the peak doubles (Transformer Engine's benchmark, "GEMM Speedups Across
    /// Precisions", nvidia.github.io/TransformerEngine): 1.5 / 2 = 0.75. The training and inference models both
    /// use it, so that FP8 is as efficient in one as in the other; FP4 (two halvings) gets 0.75^2 of its peak.
    public static let lowPrecisionGainPerHalving = 0.75

    /// Whether the chip has matrix units for `precision` (FP8, FP4) rather than emulating it in a wider format.
    public func hasUnits(for precision: Precision) -> Bool {
        switch precision {
        case .fp8, .fp4: peakFLOPS[precision] != nil
        case .bf16, .fp16: peakFLOPS[.bf16] != nil || peakFLOPS[.fp16] != nil
        case .tf32, .fp32: true
        }
    }

    /// The precision matrix products with weights stored at `precision` run at: the same where the chip has
    /// units for it, else the next wider one it has (FP4 weights on an H100 run FP8, FP8 weights on an A100 BF16).
    public func computePrecision(for precision: Precision) -> Precision {
        switch precision {
        case .fp4: hasUnits(for: .fp4) ? .fp4 : computePrecision(for: .fp8)
        case .fp8: hasUnits(for: .fp8) ? .fp8 : .bf16
        default: precision
        }
    }

    /// The FLOP/s a kernel at `precision` reaches at the utilisation it would reach in BF16: the peak, scaled by
    /// `lowPrecisionGainPerHalving` for each halving of the width beyond BF16 that the chip's peaks show.
    public func realisedPeak(_ precision: Precision) -> Double? {
        guard let peak = peak(precision) else { return nil }
        guard let bf16 = self.peak(.bf16), peak > bf16 else { return peak }
        return peak * pow(Self.lowPrecisionGainPerHalving, log2(peak / bf16))
    }

    /// Peak FLOP/s at `precision`, falling back to the nearest wider precision the chip has.
    public func peak(_ precision: Precision) -> Double? {
        if let value = peakFLOPS[precision] { return value }
        switch precision {
        case .fp4: return peak(.fp8)
        case .fp8: return peak(.bf16)
        case .fp16: return peakFLOPS[.bf16]
        case .bf16: return peakFLOPS[.fp16]
        case .tf32, .fp32: return peakFLOPS[.fp32]
        }
    }
}
