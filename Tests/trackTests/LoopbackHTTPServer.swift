import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
    import TestSupport
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port) inside the test process, so that tests
/// fetch fixture tables without any other network. Each connection gets one answer from `handler`
/// and is closed; the requests are kept so that a test can check what was sent.
final class LoopbackHTTPServer: @unchecked Sendable {
    struct Request {
        var method: String
        var path: String
        /// Header names in lower case.
        var headers: [String: String]
    }

    struct Response {
        var status: Int
        var headers: [String: String] = [:]
        var body = Data()
        /// Seconds to wait before answering (a slow server).
        var delay = 0.0
        /// Sends no Content-Length: the body ends when the connection closes.
        var omitLength = false
        /// After `body`, this many more bytes of `a,1\n` lines with no Content-Length (a body that does
        /// not end, bounded so that the server stops by itself), or until the client hangs up.
        var streamedBytes = 0
    }

    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var handler: @Sendable (Request) -> Response
    private var received: [Request] = []

    init(handler: @escaping @Sendable (Request) -> Response) throws {
        self.handler = handler
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    /// The base URL, `http://127.0.0.1:PORT`.
    var base: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far.
    var requests: [Request] { lock.withLock { received } }

    /// Answers later requests with `handler`.
    func answer(with handler: @escaping @Sendable (Request) -> Response) {
        lock.withLock { self.handler = handler }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !bytes.containsHeaderEnd {
            let count = read(client, &buffer, buffer.count)
            if count <= 0 { return }
            bytes += buffer[0..<count]
        }
        let head = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        let requestLine = head[0].split(separator: " ").map(String.init)
        guard requestLine.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let request = Request(method: requestLine[0], path: requestLine[1], headers: headers)
        let handler = lock.withLock {
            received.append(request)
            return self.handler
        }
        let response = handler(request)
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        var text = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Status")\r\n"
        var fields = response.headers
        fields["Connection"] = "close"
        if response.status != 304, !response.omitLength, response.streamedBytes == 0 {
            fields["Content-Length"] = "\(response.body.count)"
        }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        var output = Data(text.utf8)
        if response.status != 304 { output.append(response.body) }
        guard Self.send(output, to: client) else { return }
        let chunk = Data(String(repeating: "a,1\n", count: 16_384).utf8)
        var streamed = 0
        while streamed < response.streamedBytes, Self.send(chunk, to: client) { streamed += chunk.count }
    }

    /// Sends all of `data`; false when the client hung up.
    private static func send(_ data: Data, to client: Int32) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // MSG_NOSIGNAL: a client that gave up (a timeout test) must not kill the test process with SIGPIPE.
                let sent = Glibc.send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }
}

extension [UInt8] {
    fileprivate var containsHeaderEnd: Bool {
        count >= 4 && (0...(count - 4)).contains { self[$0] == 13 && self[$0 + 1] == 10 && self[$0 + 2] == 13 && self[$0 + 3] == 10 }
    }
}
