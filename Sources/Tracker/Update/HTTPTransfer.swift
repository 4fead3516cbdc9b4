import CHTTPTransfer
import Foundation
import TrackCore

/// One HTTP exchange through libcurl, bounded byte by byte: libcurl hands each piece of the answer to
/// this object on the calling thread and stops the moment a callback declines it, so no more than
/// `maximumBytes` of body are ever held and nothing is read past the cap. libcurl is asked to unpack
/// nothing and to follow no redirect (`HTTPFetch` decides those); a `Content-Length` over the cap or
/// a `Content-Encoding` other than identity stops the transfer as soon as the headers end.
final class HTTPTransfer {
    let url: URL
    let headers: [String]
    let timeout: Double
    let maximumBytes: Int

    /// The final answer's status (0 when none came), its headers by lower-case name, its body.
    private(set) var status = 0
    private(set) var responseHeaders: [String: String] = [:]
    private(set) var body = Data()
    /// The libcurl result (CURLcode, 0 for success).
    private(set) var code: Int32 = 0
    /// Why track stopped the transfer itself (too large, compressed).
    private(set) var refusal: String?

    init(url: URL, headers: [String], timeout: Double, maximumBytes: Int) {
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.maximumBytes = maximumBytes
    }

    /// A header of the answer, cut to 200 characters (an ETag, a date, a URL: never a long text).
    func header(_ name: String) -> String? { responseHeaders[name].map { String($0.prefix(200)) } }

    /// Options and information codes of curl/curl.h (stable across libcurl 7 and 8).
    private enum Option {
        static let writeData: Int32 = 10_001
        static let url: Int32 = 10_002
        static let httpHeader: Int32 = 10_023
        static let headerData: Int32 = 10_029
        static let writeFunction: Int32 = 20_011
        static let headerFunction: Int32 = 20_079
        static let followLocation: Int32 = 52
        static let noSignal: Int32 = 99
        static let timeoutMS: Int32 = 155
        static let connectTimeoutMS: Int32 = 156
        static let httpContentDecoding: Int32 = 158
        static let protocols: Int32 = 181
        static let responseCode: Int32 = 0x20_0002
    }

    /// Runs the exchange to its end, its refusal or its timeout.
    func run() {
        guard let handle = track_http_easy_init() else {
            code = 2
            return
        }
        defer { track_http_easy_cleanup(handle) }
        var list: UnsafeMutableRawPointer?
        for header in headers { list = track_http_slist_append(list, header) }
        defer { track_http_slist_free_all(list) }
        let context = Unmanaged.passUnretained(self).toOpaque()
        let milliseconds = max(1, Int((timeout * 1000).rounded(.up)))
        _ = url.absoluteString.withCString { track_http_setopt_pointer(handle, Option.url, $0) }
        _ = track_http_setopt_pointer(handle, Option.httpHeader, list)
        _ = track_http_setopt_long(handle, Option.followLocation, 0)
        _ = track_http_setopt_long(handle, Option.httpContentDecoding, 0)
        // CURLPROTO_HTTP | CURLPROTO_HTTPS.
        _ = track_http_setopt_long(handle, Option.protocols, 3)
        _ = track_http_setopt_long(handle, Option.noSignal, 1)
        _ = track_http_setopt_long(handle, Option.timeoutMS, milliseconds)
        _ = track_http_setopt_long(handle, Option.connectTimeoutMS, milliseconds)
        _ = track_http_setopt_callback(handle, Option.writeFunction, HTTPTransfer.receiveBody)
        _ = track_http_setopt_pointer(handle, Option.writeData, context)
        _ = track_http_setopt_callback(handle, Option.headerFunction, HTTPTransfer.receiveHeader)
        _ = track_http_setopt_pointer(handle, Option.headerData, context)
        code = withExtendedLifetime(self) { track_http_perform(handle) }
        var answered = 0
        if track_http_getinfo_long(handle, Option.responseCode, &answered) == 0, answered > 0 { status = answered }
    }

    /// Stops the transfer with `reason`: nothing more is kept.
    private func refuse(_ reason: String) {
        refusal = reason
        body = Data()
    }

    /// A piece of the body: kept while the total stays within the cap, else the transfer stops here.
    private static let receiveBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard transfer.refusal == nil else { return 0 }
        guard transfer.body.count + length <= transfer.maximumBytes else {
            transfer.refuse(
                "the answer is larger than \(transfer.maximumBytes) bytes (raise 'max-bytes' if the table is really that large)")
            return 0
        }
        if let data { transfer.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length) }
        return length
    }

    /// One header line: a status line starts a new answer's headers; the blank line that ends them is
    /// where a length over the cap or a compressed body stops the transfer.
    private static let receiveHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let data else { return length }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            transfer.responseHeaders = [:]
            transfer.status = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        } else if let colon = line.firstIndex(of: ":") {
            guard transfer.responseHeaders.count < 200 else { return length }
            let name = line[..<colon].lowercased()
            transfer.responseHeaders[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        } else if line.isEmpty, !(100..<200).contains(transfer.status) {
            if let declared = transfer.responseHeaders["content-length"].flatMap({ Int($0) }), declared > transfer.maximumBytes {
                transfer.refuse(
                    "the answer is larger than \(transfer.maximumBytes) bytes (Content-Length \(declared); "
                        + "raise 'max-bytes' if the table is really that large)")
                return 0
            }
            if let encoding = transfer.responseHeaders["content-encoding"]?.lowercased(), !encoding.isEmpty, encoding != "identity" {
                transfer.refuse(
                    "the server sent a compressed answer (Content-Encoding \(TerminalText.excerpt(encoding, limit: 20))) though asked for "
                        + "none; track does not unpack downloads")
                return 0
            }
        }
        return length
    }
}
