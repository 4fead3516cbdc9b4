import Foundation
import TrackCore

/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64), so that the same
/// inputs always give the same simulated probability. Blackman & Vigna, "Scrambled linear
/// pseudorandom number generators", ACM TOMS 2021.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    /// The second normal of the last Box-Muller pair, not yet handed out.
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// A generator seeded from text (a forecast's id and day): FNV-1a over its bytes.
    public init(seedText: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in seedText.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        self.init(seed: hash)
    }

    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    /// Uniform in (0, 1).
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Standard normal (Box-Muller, both of each pair used).
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let radius = (-2 * log(uniform())).squareRoot()
        let angle = 2 * Double.pi * uniform()
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// Gamma with this shape and scale 1 (Marsaglia & Tsang, ACM TOMS 2000; shape < 1 by boosting).
    public mutating func gamma(shape: Double) -> Double {
        if shape < 1 { return gamma(shape: shape + 1) * pow(uniform(), 1 / shape) }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// Chi-squared with `degreesOfFreedom`: exactly (through the gamma) up to 100 degrees of freedom,
    /// above by Wilson & Hilferty's cube of a normal (PNAS 1931), whose error there is far below the
    /// draws' own noise and which needs one normal instead of a rejection loop.
    public mutating func chiSquared(_ degreesOfFreedom: Double) -> Double {
        guard degreesOfFreedom > 100 else { return 2 * gamma(shape: degreesOfFreedom / 2) }
        let scale = 2 / (9 * degreesOfFreedom)
        let root = 1 - scale + scale.squareRoot() * normal()
        return degreesOfFreedom * root * root * root
    }

    /// Poisson with this mean (by counting exponential gaps below 30, by a gamma-poisson split above).
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0, mean.isFinite else { return 0 }
        if mean < 30 {
            let limit = exp(-mean)
            var count = 0
            var product = uniform()
            while product > limit {
                count += 1
                product *= uniform()
            }
            return count
        }
        // Ahrens & Dieter's reduction: the arrival time of the m-th event decides on which side the count lies.
        let m = Int(mean * 0.875)
        let arrival = gamma(shape: Double(m))
        if arrival > mean { return binomial(m - 1, mean / arrival) }
        return m + poisson(mean - arrival)
    }

    /// Binomial by summing Bernoulli draws (used only for the Poisson split, n below the mean).
    private mutating func binomial(_ n: Int, _ p: Double) -> Int {
        var count = 0
        for _ in 0..<max(0, n) where uniform() < p { count += 1 }
        return count
    }
}
