/// An indicator's subjects in order of first appearance in its file, with how many observations each
/// has, and the subjects its file declares before their first value.
public struct SubjectCounts: Sendable {
    /// The subjects observed, in order of first appearance.
    public let names: [String]
    /// The observed subjects, then the declared ones not observed yet: those a forecast may name.
    public let known: [String]
    /// How many observations have no subject.
    public let withoutSubject: Int
    private let positions: [String: Int]
    private let tallies: [Int]
    private let declared: Set<String>

    /// Counts the subjects of `observations` (in file order) in one pass.
    public init(_ observations: [Observation], declared: [String] = []) {
        var names: [String] = []
        var positions: [String: Int] = [:]
        var tallies: [Int] = []
        var withoutSubject = 0
        for observation in observations {
            guard let subject = observation.subject else {
                withoutSubject += 1
                continue
            }
            if let position = positions[subject] {
                tallies[position] += 1
            } else {
                positions[subject] = names.count
                names.append(subject)
                tallies.append(1)
            }
        }
        self.names = names
        self.withoutSubject = withoutSubject
        self.positions = positions
        self.tallies = tallies
        self.declared = Set(declared)
        known = names + declared.filter { positions[$0] == nil }
    }

    /// Whether the series has an observation of `subject`.
    public func contains(_ subject: String) -> Bool { positions[subject] != nil }

    /// Whether a forecast may name `subject`: it is observed or declared.
    public func isKnown(_ subject: String) -> Bool { positions[subject] != nil || declared.contains(subject) }

    /// How many observations `subject` has (0 for a subject the series does not have).
    public func count(of subject: String) -> Int { positions[subject].map { tallies[$0] } ?? 0 }
}
