import TrackCore
import TrackEngine

extension FieldReader {
    /// A source's `timeout:`, in seconds above 0 and at most 600; `otherwise` when it is not given.
    mutating func sourceTimeout(default otherwise: Double) -> Double {
        optional("timeout") { node throws(Diagnostic) -> Double in
            let seconds = try node.double()
            guard seconds > 0, seconds <= 600 else {
                throw Diagnostic("'timeout' is a number of seconds above 0, at most 600", at: node.mark)
            }
            return seconds
        } ?? otherwise
    }
}
