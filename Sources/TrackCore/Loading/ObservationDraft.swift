/// The fields of one observation as its fast paths read them, each value decoded straight from a
/// scalar's bytes. Anything unusual (an unknown or repeated key, a value the thorough path would
/// question) refuses the field, and the thorough path reads the observation and says what is wrong.
struct ObservationDraft {
    private var date: Day?
    private var subject: String?
    private var value: Observation.Value?
    private var source: String?
    private var note: String?
    /// The fields set so far, one bit each.
    private var seen: UInt8 = 0

    /// The field a key names: its position in `ObservationReader.fields` (date, subject, value, source, note).
    static func field(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        func named(_ name: StaticString) -> Bool {
            let letters = name.utf8Start
            for position in 0..<key.count where key[position] != letters[position] { return false }
            return true
        }
        switch key.count {
        case 4: return named("date") ? 0 : named("note") ? 4 : nil
        case 7: return named("subject") ? 1 : nil
        case 5: return named("value") ? 2 : nil
        case 6: return named("source") ? 3 : nil
        default: return nil
        }
    }

    /// Sets `field` from a scalar's bytes; false when the value is not plainly valid there, or the field is
    /// set twice. `isPlain`: a plain, untagged scalar, the only kind the core schema resolves (dates, numbers, null).
    mutating func set(
        _ field: Int, _ bytes: UnsafeBufferPointer<UInt8>, isPlain: Bool, kind: Indicator.Kind, states: [String]
    ) -> Bool {
        guard seen & (1 << field) == 0 else { return false }
        seen |= 1 << field
        func text() -> String? {
            isPlain && YAMLScalar.isNull(bytes) ? nil : String(decoding: bytes, as: UTF8.self)
        }
        switch field {
        case 0:
            date = Day.parse(bytes)  // quoted dates too, as `YAMLNode.day()` reads them
            return date != nil
        case 1:
            subject = text()
        case 2:
            switch kind {
            case .numeric: value = isPlain ? YAMLScalar.finiteNumber(bytes).map(Observation.Value.number) : nil
            case .state: value = Optional(String(decoding: bytes, as: UTF8.self)).flatMap { states.contains($0) ? .state($0) : nil }
            }
            return value != nil
        case 3:
            source = text()
            return source.map(ObservationReader.isCitation) ?? false
        default:
            note = text()
        }
        return true
    }

    /// The observation, when its required fields are set; its values are moved out of the draft, not copied.
    mutating func take(line: Int, column: Int) -> Observation? {
        guard let date, value != nil, source != nil else { return nil }
        return Observation(
            date: date, subject: subject.take(), value: value.take()!, source: source.take()!, note: note.take(), line: line, column: column
        )
    }
}
