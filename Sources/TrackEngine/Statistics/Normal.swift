import Foundation
import TrackCore

/// The standard normal distribution.
public enum Normal {
    /// Φ(x) = P(Z ≤ x), through the complementary error function.
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }
}
