import Foundation
import TrackCore
import TrackEngine

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP(S) GET with a time limit and a size cap, conditional on the validators of the last
/// successful fetch (`If-None-Match`, `If-Modified-Since`) so that an unchanged table is not
/// downloaded again. Every failure becomes a sentence that says what happened and what to do.
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

    public init(timeout: Double, maximumBytes: Int) {
        self.timeout = timeout
        self.maximumBytes = maximumBytes
    }

    /// GETs `url`, conditionally when `validators` has any.
    public func get(_ url: URL, validators: Validators? = nil) throws(SourceFailure) -> Response {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("track (track update)", forHTTPHeaderField: "User-Agent")
        if let etag = validators?.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let lastModified = validators?.lastModified { request.setValue(lastModified, forHTTPHeaderField: "If-Modified-Since") }

        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let download = Download(maximumBytes: maximumBytes)
        let session = URLSession(configuration: configuration, delegate: download, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: request)
        task.resume()
        // The session's own limits should end the task first; this is the backstop.
        if download.finished.wait(timeout: .now() + timeout + 2) == .timedOut {
            task.cancel()
            throw SourceFailure("\(url.absoluteString): no answer within \(timeout.formatted) s (raise 'timeout' if the server is slow)")
        }
        let (response, body, error, tooLarge) = download.result
        if tooLarge {
            throw SourceFailure(
                "\(url.absoluteString): the answer is larger than \(maximumBytes) bytes (raise 'max-bytes' if the table is really that large)"
            )
        }
        if let error { throw SourceFailure("\(url.absoluteString): \(Self.explain(error, timeout: timeout))") }
        guard let response else { throw SourceFailure("\(url.absoluteString): the server sent no HTTP answer") }
        switch response.statusCode {
        case 304:
            return .notModified
        case 200:
            let headers = response.allHeaderFields
            func header(_ name: String) -> String? {
                headers.first { ($0.key as? String)?.caseInsensitiveCompare(name) == .orderedSame }.map { "\($0.value)" }
            }
            return .body(body, validators: Validators(etag: header("ETag"), lastModified: header("Last-Modified")))
        default:
            throw SourceFailure("\(url.absoluteString): \(Self.explain(status: response.statusCode))")
        }
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
        guard let error = error as? URLError else { return error.localizedDescription }
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
        default: return "the download failed (\(error.localizedDescription))"
        }
    }
}

/// Collects one data task's answer, cancelling it once the body passes the cap. The session calls
/// it on its own queue; the lock orders those calls with the reader's.
private final class Download: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let maximumBytes: Int
    let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var response: HTTPURLResponse?
    private var body = Data()
    private var error: (any Error)?
    private var tooLarge = false

    init(maximumBytes: Int) {
        self.maximumBytes = maximumBytes
    }

    var result: (HTTPURLResponse?, Data, (any Error)?, Bool) {
        lock.withLock { (response, body, error, tooLarge) }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let large = response.expectedContentLength > Int64(maximumBytes)
        lock.withLock {
            self.response = response as? HTTPURLResponse
            tooLarge = large
        }
        completionHandler(large ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let large = lock.withLock {
            body.append(data)
            if body.count > maximumBytes { tooLarge = true }
            return tooLarge
        }
        if large { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.withLock { self.error = error }
        finished.signal()
    }
}
