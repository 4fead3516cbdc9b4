import Foundation
import TrackCore
import TrackEngine

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP(S) GET with a time limit and a size cap, conditional on the validators of the last
/// successful fetch (`If-None-Match`, `If-Modified-Since`) so that an unchanged table is not
/// downloaded again. Every failure becomes a sentence that says what happened and what to do.
///
/// What a server may not do: send more than `maximumBytes` (a `Content-Length` over the cap fails at
/// once, a body that passes it is cancelled there and its bytes dropped); send a compressed body
/// (`Accept-Encoding: identity` is asked, so a gzip bomb is refused, not unpacked); answer 304 to a
/// request that sent no validators; redirect to another origin (scheme, host, port) unless
/// `followRedirects`. Credentials go only to the origin of the URL, never along a redirect.
public struct HTTPFetch: Sendable {
    /// What the server answered.
    public enum Response: Sendable {
        /// 304: the resource has not changed since the validators were given.
        case notModified
        /// 200: the body and the validators to send next time.
        case body(Data, validators: Validators)
    }

    /// An `ETag` and a `Last-Modified` date, as the server sent them.
    public struct Validators: Codable, Sendable, Equatable {
        public var etag: String?
        public var lastModified: String?

        public init(etag: String? = nil, lastModified: String? = nil) {
            self.etag = etag
            self.lastModified = lastModified
        }

        public var isEmpty: Bool { etag == nil && lastModified == nil }
    }

    public var timeout: Double
    public var maximumBytes: Int
    /// Whether a redirect to another origin is followed.
    public var followRedirects: Bool
    /// `user:password` sent as HTTP Basic authorization to the URL's origin only.
    public var credentials: String?

    public init(timeout: Double, maximumBytes: Int, followRedirects: Bool = false, credentials: String? = nil) {
        self.timeout = timeout
        self.maximumBytes = maximumBytes
        self.followRedirects = followRedirects
        self.credentials = credentials
    }

    /// GETs `url`, conditionally when `validators` has any.
    public func get(_ url: URL, validators: Validators? = nil) throws(SourceFailure) -> Response {
        let shown = url.absoluteString
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("track (track update)", forHTTPHeaderField: "User-Agent")
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        let etag = validators?.etag.flatMap(Self.headerSafe)
        let lastModified = validators?.lastModified.flatMap(Self.headerSafe)
        if let etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let lastModified { request.setValue(lastModified, forHTTPHeaderField: "If-Modified-Since") }
        if let credentials {
            request.setValue("Basic " + Data(credentials.utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        }

        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        let download = Download(maximumBytes: maximumBytes, origin: Self.origin(of: url), followRedirects: followRedirects)
        let session = URLSession(configuration: configuration, delegate: download, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: request)
        task.resume()
        // The session's own limits should end the task first; this is the backstop.
        if download.finished.wait(timeout: .now() + timeout + 2) == .timedOut {
            task.cancel()
            if let refusal = download.outcome.refusal { throw SourceFailure("\(shown): \(refusal)") }
            throw SourceFailure("\(shown): no answer within \(timeout.formatted) s (raise 'timeout' if the server is slow)")
        }
        let outcome = download.outcome
        if let refusal = outcome.refusal { throw SourceFailure("\(shown): \(refusal)") }
        if let error = outcome.error { throw SourceFailure("\(shown): \(Self.explain(error, timeout: timeout))") }
        guard let response = outcome.response else { throw SourceFailure("\(shown): the server sent no HTTP answer") }
        switch response.statusCode {
        case 304:
            guard etag != nil || lastModified != nil else {
                throw SourceFailure(
                    "\(shown): HTTP 304 (not modified) to a request that sent no validators; the server's answer is wrong, nothing was read"
                )
            }
            return .notModified
        case 200:
            return .body(
                outcome.body,
                validators: Validators(etag: header("ETag", of: response), lastModified: header("Last-Modified", of: response)))
        case 300..<400 where outcome.refusedRedirect != nil:
            throw SourceFailure(
                "\(shown): HTTP \(response.statusCode): a redirect to another origin (\(outcome.refusedRedirect!)); "
                    + "use the final URL, or set 'follow-redirects: true' if that origin is meant")
        default:
            throw SourceFailure("\(shown): \(Self.explain(status: response.statusCode))")
        }
    }

    /// A header's value, cut to 200 characters (an ETag or a date, never a long text).
    private func header(_ name: String, of response: HTTPURLResponse) -> String? {
        response.allHeaderFields.first { ($0.key as? String)?.caseInsensitiveCompare(name) == .orderedSame }
            .map { String("\($0.value)".prefix(200)) }
    }

    /// A remembered validator as it may be sent back: printable ASCII only (no header splitting).
    static func headerSafe(_ value: String) -> String? {
        value.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) } ? value : nil
    }

    /// `scheme://host:port`, the port made explicit, for comparing origins.
    static func origin(of url: URL) -> String {
        let scheme = url.scheme?.lowercased() ?? ""
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(url.host?.lowercased() ?? ""):\(port)"
    }

    /// An HTTP status other than 200 and 304, in words.
    static func explain(status: Int) -> String {
        let what =
            switch status {
            case 401, 403: "access denied; the table is not public at this URL"
            case 404, 410: "not found; check the URL (a file moved or renamed upstream?)"
            case 429: "too many requests; the server asks to wait, try again later"
            case 300..<400: "a redirect track could not follow; use the final URL"
            case 400..<500: "the server refused the request"
            case 500..<600: "the server failed; try again later"
            default: "an answer track does not understand"
            }
        return "HTTP \(status): \(what)"
    }

    private static func explain(_ error: any Error, timeout: Double) -> String {
        guard let error = error as? URLError else { return TerminalText.excerpt(error.localizedDescription) }
        switch error.code {
        case .timedOut: return "no answer within \(timeout.formatted) s (raise 'timeout' if the server is slow)"
        case .cannotFindHost, .dnsLookupFailed: return "the host name cannot be resolved; check the URL and the network"
        case .cannotConnectToHost: return "the server refused the connection; check the URL (and the port)"
        case .notConnectedToInternet, .networkConnectionLost:
            return "the network is unreachable or the connection was lost; try again later"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
            .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return "the secure connection failed (certificate or TLS problem)"
        case .unsupportedURL, .badURL: return "not a URL track can fetch (http:// or https://)"
        case .badServerResponse: return "the server's answer is malformed"
        case .httpTooManyRedirects: return "too many redirects; use the final URL"
        default: return "the download failed (\(TerminalText.excerpt(error.localizedDescription)))"
        }
    }
}

/// Collects one data task's answer. The session calls it on its own queue; the lock orders those calls
/// with the reader's. Past the cap it keeps no byte and cancels the task; a refusal (too large, a
/// compressed body) is kept as a sentence and wins over the error the cancellation causes.
private final class Download: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Outcome {
        var response: HTTPURLResponse?
        var body = Data()
        var error: (any Error)?
        /// Why track stopped the transfer itself.
        var refusal: String?
        /// The origin of a redirect that was not followed.
        var refusedRedirect: String?
    }

    let maximumBytes: Int
    let origin: String
    let followRedirects: Bool
    let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var state = Outcome()

    init(maximumBytes: Int, origin: String, followRedirects: Bool) {
        self.maximumBytes = maximumBytes
        self.origin = origin
        self.followRedirects = followRedirects
    }

    var outcome: Outcome { lock.withLock { state } }

    /// Stops the task with `reason`, once; later data are dropped.
    private func refuse(_ reason: String, _ task: URLSessionTask) {
        let first = lock.withLock { () -> Bool in
            guard state.refusal == nil else { return false }
            state.refusal = reason
            state.body = Data()
            return true
        }
        if first { task.cancel() }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let http = response as? HTTPURLResponse
        lock.withLock { state.response = http }
        let encoding = http?.allHeaderFields.first { ($0.key as? String)?.caseInsensitiveCompare("Content-Encoding") == .orderedSame }
            .map { "\($0.value)".trimmingCharacters(in: .whitespaces).lowercased() }
        if response.expectedContentLength > Int64(maximumBytes) {
            refuse(
                "the answer is larger than \(maximumBytes) bytes (Content-Length \(response.expectedContentLength); "
                    + "raise 'max-bytes' if the table is really that large)", dataTask)
        } else if let encoding, !encoding.isEmpty, encoding != "identity" {
            refuse(
                "the server sent a compressed answer (Content-Encoding \(TerminalText.excerpt(encoding, limit: 20))) though asked for none; "
                    + "track does not unpack downloads", dataTask)
        }
        // The Linux URLSession disregards this answer (it cannot pause a transfer): `refuse` cancels.
        completionHandler(outcome.refusal == nil ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let passed = lock.withLock { () -> Bool in
            guard state.refusal == nil else { return false }
            guard state.body.count + data.count <= maximumBytes else { return true }
            state.body.append(data)
            return false
        }
        if passed {
            refuse("the answer is larger than \(maximumBytes) bytes (raise 'max-bytes' if the table is really that large)", dataTask)
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        guard let target = request.url, ["http", "https"].contains(target.scheme?.lowercased() ?? "") else {
            lock.withLock { state.refusedRedirect = "not http or https" }
            completionHandler(nil)
            return
        }
        let targetOrigin = HTTPFetch.origin(of: target)
        if targetOrigin == origin {
            completionHandler(request)
        } else if followRedirects {
            // Credentials are for the configured origin only.
            var request = request
            request.setValue(nil, forHTTPHeaderField: "Authorization")
            completionHandler(request)
        } else {
            lock.withLock { state.refusedRedirect = TerminalText.excerpt(targetOrigin) }
            completionHandler(nil)
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.withLock { state.error = error }
        finished.signal()
    }
}
