#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// `read(2)`, under a name that no type's own `read` shadows (the readers have one).
func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// `write(2)`, under a name that no type's own `write` shadows.
func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
