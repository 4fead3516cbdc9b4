import CHTTPTransfer
import Foundation
import TrackCore
import TrackEngine

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

    /// Redirects followed at most, within the origin or (with `followRedirects`) across origins.
    public static let maximumRedirects = 5

    /// GETs `url`, conditionally when `validators` has any.
    public func get(_ url: URL, validators: Validators? = nil) throws(SourceFailure) -> Response {
        let shown = url.absoluteString
        guard track_http_load() == 0 else {
            throw SourceFailure("\(shown): downloads need libcurl (Debian: apt install libcurl4), which is not installed")
        }
        let etag = validators?.etag.flatMap(Self.headerSafe)
        let lastModified = validators?.lastModified.flatMap(Self.headerSafe)
        var headers = ["User-Agent: track (track update)", "Accept-Encoding: identity"]
        if let etag { headers.append("If-None-Match: \(etag)") }
        if let lastModified { headers.append("If-Modified-Since: \(lastModified)") }
        let origin = Self.origin(of: url)
        let started = Date()
        var current = url
        for _ in 0...Self.maximumRedirects {
            let remaining = timeout - Date().timeIntervalSince(started)
            guard remaining > 0 else {
                throw SourceFailure("\(shown): no answer within \(timeout.formatted) s (raise 'timeout' if the server is slow)")
            }
            // Credentials go to the configured origin only, never along a redirect elsewhere.
            var sent = headers
            if let credentials, Self.origin(of: current) == origin {
                sent.append("Authorization: Basic " + Data(credentials.utf8).base64EncodedString())
            }
            let transfer = HTTPTransfer(url: current, headers: sent, timeout: remaining, maximumBytes: maximumBytes)
            transfer.run()
            if let refusal = transfer.refusal { throw SourceFailure("\(shown): \(refusal)") }
            if transfer.code != 0 { throw SourceFailure("\(shown): \(Self.explain(curlCode: transfer.code, timeout: timeout))") }
            switch transfer.status {
            case 304:
                guard etag != nil || lastModified != nil else {
                    throw SourceFailure(
                        "\(shown): HTTP 304 (not modified) to a request that sent no validators; the server's answer is wrong, nothing was read"
                    )
                }
                return .notModified
            case 200:
                return .body(
                    transfer.body,
                    validators: Validators(etag: transfer.header("etag"), lastModified: transfer.header("last-modified")))
            case 301, 302, 303, 307, 308:
                guard let location = transfer.header("location"), let target = URL(string: location, relativeTo: current)?.absoluteURL,
                    ["http", "https"].contains(target.scheme?.lowercased() ?? ""), target.host != nil
                else {
                    throw SourceFailure("\(shown): \(Self.explain(status: transfer.status))")
                }
                guard Self.origin(of: target) == Self.origin(of: current) || followRedirects else {
                    throw SourceFailure(
                        "\(shown): HTTP \(transfer.status): a redirect to another origin (\(TerminalText.excerpt(Self.origin(of: target)))); "
                            + "use the final URL, or set 'follow-redirects: true' if that origin is meant")
                }
                current = target
            default:
                throw SourceFailure("\(shown): \(Self.explain(status: transfer.status))")
            }
        }
        throw SourceFailure("\(shown): more than \(Self.maximumRedirects) redirects; use the final URL")
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

    /// A libcurl error (CURLcode, curl/curl.h) in words.
    static func explain(curlCode code: Int32, timeout: Double) -> String {
        switch code {
        case 28: return "no answer within \(timeout.formatted) s (raise 'timeout' if the server is slow)"
        case 5, 6: return "the host name cannot be resolved; check the URL and the network"
        case 7: return "the server refused the connection; check the URL (and the port)"
        case 1, 3: return "not a URL track can fetch (http:// or https://)"
        case 35, 51, 53, 54, 58, 59, 60, 66, 77, 80, 82, 83, 90, 91: return "the secure connection failed (certificate or TLS problem)"
        case 8, 16: return "the server's answer is malformed"
        case 52: return "the server sent no HTTP answer"
        case 18, 55, 56: return "the connection was lost before the answer ended; try again later"
        default: return "the download failed (\(String(cString: track_http_strerror(code))))"
        }
    }
}
