/// Warnings for indicator data that contradict themselves: a state series that goes back to an
/// earlier state, and one value recorded under two subjects whose names differ only in spelling or a
/// version suffix (one model under two names, which counts it twice in any fit across subjects).
/// Both are linear in the observations: one date order per indicator, one name key per subject.
enum DataConsistencyChecks {
    static func check(_ workspace: Workspace) -> [Diagnostic] {
        workspace.indicators.flatMap { indicator in
            indicator.kind == .state ? statesGoingBack(indicator) : likelyAliases(indicator)
        }
    }

    /// A warning at each observation of a `kind: state` series whose state comes before the one of the
    /// subject's previous observation (by date; equal dates, which the duplicate check compares, are skipped).
    static func statesGoingBack(_ indicator: Indicator) -> [Diagnostic] {
        let observations = indicator.observations
        let rank = Dictionary(indicator.states.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let order = SeriesStore.dateOrder(observations) ?? Array(observations.indices)
        var previous: [String?: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for index in order {
            let current = observations[index]
            guard case .state(let state) = current.value, let currentRank = rank[state] else { continue }
            defer { previous[current.subject] = index }
            guard let earlierIndex = previous[current.subject] else { continue }
            let earlier = observations[earlierIndex]
            guard earlier.date < current.date, case .state(let earlierState) = earlier.value, let earlierRank = rank[earlierState],
                currentRank < earlierRank
            else { continue }
            let series = current.subject.map { "'\($0)'" } ?? indicator.id
            diagnostics.append(
                Diagnostic(
                    "\(series) goes back from '\(earlierState)' (line \(earlier.line), \(earlier.date)) to '\(state)' here (\(current.date)); "
                        + "the states run \(indicator.states.joined(separator: ", ")): correct the date or the state, "
                        + "or say in a note why it went back",
                    at: indicator.mark(of: current), severity: .warning))
        }
        return diagnostics
    }

    /// A warning at the first observation of a subject whose value another subject of the same name key
    /// (`aliasKey`) already has, once per pair of subjects, when the two names differ in spelling only or one
    /// of them has no version suffix: the same figure under "Llama 3.1-405B" and "Llama 3.1 405B", or under
    /// "gpt-4o" and "gpt-4o-2024-05-13", is most likely one model twice, while "gpt-4o-2024-08-06" and
    /// "gpt-4o-2024-11-20" are two versions that may well score alike.
    static func likelyAliases(_ indicator: Indicator) -> [Diagnostic] {
        struct Fact: Hashable {
            let key: String
            let value: Observation.Value
        }
        var keys: [String: String] = [:]
        var firstWith: [Fact: Int] = [:]
        var reported = Set<[String]>()
        var diagnostics: [Diagnostic] = []
        let observations = indicator.observations
        for (index, observation) in observations.enumerated() {
            guard let subject = observation.subject else { continue }
            let key =
                keys[subject]
                ?? {
                    let key = aliasKey(subject)
                    keys[subject] = key
                    return key
                }()
            let fact = Fact(key: key, value: observation.value)
            guard let earlierIndex = firstWith[fact] else {
                firstWith[fact] = index
                continue
            }
            let earlier = observations[earlierIndex]
            guard let earlierSubject = earlier.subject, earlierSubject != subject,
                [spelling(subject), spelling(earlierSubject)].contains(key) || spelling(subject) == spelling(earlierSubject),
                reported.insert([earlierSubject, subject].sorted()).inserted
            else { continue }
            diagnostics.append(
                Diagnostic(
                    "'\(subject)' has the value \(observation.value) that '\(earlierSubject)' has at line \(earlier.line), and the two names "
                        + "differ only in spelling or a version suffix: likely one model under two names, counted twice; "
                        + "keep one subject, or say in a note why both",
                    at: indicator.mark(of: observation), severity: .warning))
        }
        return diagnostics
    }

    /// A subject's name with case, spaces and punctuation ignored and a trailing version or date suffix
    /// dropped: "Llama 3.1-405B" and "llama-3.1 405b" give the same key, as do "gpt-4o-2024-05-13",
    /// "gpt-4o-0513" and "gpt-4o". A suffix is a trailing run of all-digit parts of three digits or more,
    /// or a year-month-day date; short numbers ("gpt-4", "qwen-2") are part of the name.
    static func aliasKey(_ subject: String) -> String {
        var parts = nameParts(subject)
        func isDigits(_ part: String, _ counts: ClosedRange<Int>) -> Bool {
            counts.contains(part.count) && part.allSatisfy(\.isNumber)
        }
        while parts.count > 1 {
            let count = parts.count
            if count >= 4, isDigits(parts[count - 3], 4...4), isDigits(parts[count - 2], 2...2), isDigits(parts[count - 1], 2...2) {
                parts.removeLast(3)
            } else if isDigits(parts[count - 1], 3...8) {
                parts.removeLast()
            } else {
                break
            }
        }
        return parts.joined()
    }

    /// A subject's name with case, spaces and punctuation ignored, its suffix kept.
    static func spelling(_ subject: String) -> String { nameParts(subject).joined() }

    private static func nameParts(_ subject: String) -> [String] {
        // ASCII names (nearly all) without Unicode property look-ups: letters lowered, anything but a letter or digit splits.
        if subject.utf8.allSatisfy({ $0 < 0x80 }) {
            var parts: [String] = []
            var part: [UInt8] = []
            for byte in subject.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): part.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): part.append(byte + 32)
                default:
                    if !part.isEmpty { parts.append(String(decoding: part, as: UTF8.self)) }
                    part.removeAll(keepingCapacity: true)
                }
            }
            if !part.isEmpty { parts.append(String(decoding: part, as: UTF8.self)) }
            return parts
        }
        return subject.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
