import Foundation
import TrackCore

extension Array where Element == Diagnostic {
    /// `file-name:line:column: severity: message` lines, for readable expectations.
    public var rendered: [String] {
        map { diagnostic in
            let name = URL(fileURLWithPath: diagnostic.file).lastPathComponent
            let place = diagnostic.mark.map { "\(name):\($0.line):\($0.column)" } ?? name
            return "\(place): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        }
    }
}
