#!/usr/bin/env python3
"""Regenerates samples/warc/sample.warc.gz and samples/warc/sample.warc.

Standard library only; the output is byte-for-byte deterministic (fixed dates,
name-based UUIDs, gzip mtime 0), so re-running it on an unchanged tree gives
identical files.

    python3 samples/tools/make_warc.py

Contents, in order:
  1. warcinfo
  2-9. request + response for four pages of samples/pages/ (see PAGES below);
       the de-nachrichten response is sent with Content-Encoding: gzip
  10-11. request + response: HTTP 404 Not Found (text/html)  -> must be skipped
  12-13. request + response: HTTP 200 image/png (1x1 pixel)  -> must be skipped
Each record is its own gzip member in sample.warc.gz (the usual .warc.gz layout).
"""
import base64
import gzip
import hashlib
import os
import struct
import uuid
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
NS = uuid.UUID("6f1d2b7e-8a43-4c55-9d5e-0a1b2c3d4e5f")  # namespace for deterministic record ids

# (page file, target URI, charset for the HTTP Content-Type header, WARC-Date, gzip the body?)
PAGES = [
    ("en-local.html",
     "https://www.millbrookcourier.example/news/local/fairview-avenue-bridge-to-close-for-14-months/article_5c1e2a7e.html",
     "utf-8", "2025-05-02T18:01:12Z", False),
    ("de-nachrichten.html",
     "https://www.rundschau-kesselbrunn.example/lokales/kesselbrunn/fernwaerme-stadtwerke-erhoehen-preise-um-18-prozent-a-48213.html",
     "utf-8", "2025-03-06T09:14:55Z", True),
    ("ja-news.html",
     "https://www.minato-nippo.example/articles/20250314/k00/00m/040/112000c",
     "Shift_JIS", "2025-03-14T03:02:40Z", False),
    ("legacy-latin1.html",
     "http://www.jornalserraazul.example/noticia.asp?id=14077",
     "windows-1252", "2025-06-03T10:45:03Z", False),
]
NOT_FOUND_URI = "https://www.millbrookcourier.example/news/local/council-agenda-may-1/article_00000000.html"
PNG_URI = "https://bloximages.millbrookcourier.example/5c1e2a7e/pixel.png"

CRLF = b"\r\n"


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def record_id(name):
    return "<urn:uuid:%s>" % uuid.uuid5(NS, name)


def warc_record(headers, block):
    """headers: list of (name, value) without Content-Length; returns raw record bytes."""
    lines = [b"WARC/1.1"]
    for k, v in headers:
        lines.append(("%s: %s" % (k, v)).encode("utf-8"))
    lines.append(b"Content-Length: %d" % len(block))
    return CRLF.join(lines) + CRLF + CRLF + block + CRLF + CRLF


def http_response(status, reason, headers, body):
    head = ["HTTP/1.1 %d %s" % (status, reason)] + ["%s: %s" % kv for kv in headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body


def http_request(uri):
    rest = uri.split("://", 1)[1]
    host, _, path = rest.partition("/")
    lines = [
        "GET /%s HTTP/1.1" % path,
        "Host: %s" % host,
        "User-Agent: newsdesk-sample-crawler/0.1 (+https://example.org/newsdesk)",
        "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
        "Accept-Encoding: gzip",
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def tiny_png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    idat = zlib.compress(b"\x00\xcc\x33\x33", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def exchange(uri, date, status, reason, resp_headers, body, ip="192.0.2.10"):
    """request + response records for one fetch, as a list of raw records."""
    resp_id = record_id("response " + uri)
    req_id = record_id("request " + uri)
    http = http_response(status, reason, resp_headers, body)
    response = warc_record([
        ("WARC-Type", "response"),
        ("WARC-Record-ID", resp_id),
        ("WARC-Warcinfo-ID", record_id("warcinfo")),
        ("WARC-Date", date),
        ("WARC-Target-URI", uri),
        ("WARC-IP-Address", ip),
        ("WARC-Block-Digest", sha1_b32(http)),
        ("WARC-Payload-Digest", sha1_b32(body)),
        ("Content-Type", "application/http; msgtype=response"),
    ], http)
    req = http_request(uri)
    request = warc_record([
        ("WARC-Type", "request"),
        ("WARC-Record-ID", req_id),
        ("WARC-Warcinfo-ID", record_id("warcinfo")),
        ("WARC-Date", date),
        ("WARC-Target-URI", uri),
        ("WARC-Concurrent-To", resp_id),
        ("WARC-Block-Digest", sha1_b32(req)),
        ("Content-Type", "application/http; msgtype=request"),
    ], req)
    return [request, response]


def gzip_member(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def http_date(warc_date):
    # Only the dates used above; avoids locale-dependent strftime.
    import datetime
    d = datetime.datetime.strptime(warc_date, "%Y-%m-%dT%H:%M:%SZ")
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return "%s, %02d %s %d %02d:%02d:%02d GMT" % (days[d.weekday()], d.day, months[d.month - 1], d.year, d.hour, d.minute, d.second)


def build_records():
    info = (
        "software: newsdesk samples/tools/make_warc.py\r\n"
        "format: WARC File Format 1.1\r\n"
        "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
        "description: Invented test pages for newsdesk; all text is fictional.\r\n"
        "isPartOf: newsdesk-samples\r\n"
        "robots: obey\r\n"
    ).encode("utf-8")
    records = [warc_record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Record-ID", record_id("warcinfo")),
        ("WARC-Date", "2025-06-03T10:45:00Z"),
        ("WARC-Filename", "sample.warc.gz"),
        ("Content-Type", "application/warc-fields"),
    ], info)]
    for name, uri, charset, date, compress in PAGES:
        body = open(os.path.join(SAMPLES, "pages", name), "rb").read()
        headers = [("Date", http_date(date)), ("Server", "nginx"),
                   ("Content-Type", "text/html; charset=%s" % charset)]
        if compress:
            body = gzip_member(body)
            headers.append(("Content-Encoding", "gzip"))
            headers.append(("Vary", "Accept-Encoding"))
        headers += [("Content-Length", str(len(body))), ("Cache-Control", "max-age=60"), ("Connection", "close")]
        records += exchange(uri, date, 200, "OK", headers, body)
    nf_body = (b"<!doctype html><html lang=\"en\"><head><title>Page not found - The Millbrook Courier</title></head>"
               b"<body><h1>Sorry, we couldn't find that page</h1><p>The story you are looking for may have been moved or removed."
               b" <a href=\"/\">Return to the home page</a>.</p></body></html>\n")
    records += exchange(NOT_FOUND_URI, "2025-05-02T18:01:14Z", 404, "Not Found", [
        ("Date", http_date("2025-05-02T18:01:14Z")), ("Server", "nginx"),
        ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(nf_body))), ("Connection", "close")], nf_body)
    png = tiny_png()
    records += exchange(PNG_URI, "2025-05-02T18:01:15Z", 200, "OK", [
        ("Date", http_date("2025-05-02T18:01:15Z")), ("Server", "nginx"),
        ("Content-Type", "image/png"), ("Content-Length", str(len(png))), ("Connection", "close")], png, ip="192.0.2.11")
    return records


def main():
    records = build_records()
    out = os.path.join(SAMPLES, "warc")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "sample.warc"), "wb") as f:
        f.write(b"".join(records))
    with open(os.path.join(out, "sample.warc.gz"), "wb") as f:
        f.write(b"".join(gzip_member(r) for r in records))
    print("wrote %d records" % len(records))


if __name__ == "__main__":
    main()
