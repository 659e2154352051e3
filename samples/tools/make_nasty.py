#!/usr/bin/env python3
"""Regenerates the generated files in samples/nasty/ (deterministically).

Hand-written files there (whitespace.html, truncated.html, no-article-home.html,
not-found.html, README.md) are not touched. Standard library only.

    python3 samples/tools/make_nasty.py
"""
import gzip
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
NASTY = os.path.join(SAMPLES, "nasty")
sys.path.insert(0, HERE)
import make_warc  # noqa: E402


TRUNCATED_SOURCE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Le festival des Lanternes de Brévaux attire 40 000 visiteurs - L'Éveil du Bocage</title>
<meta property="og:site_name" content="L'Éveil du Bocage">
</head>
<body>
<header><nav><a href="/">Accueil</a> <a href="/actualites/">Actualités</a> <a href="/sports/">Sports</a> <a href="/agenda/">Agenda</a></nav></header>
<article class="article">
<h1>Le festival des Lanternes de Brévaux attire 40 000 visiteurs</h1>
<p class="auteur">Par Thérèse Guillou, le 19 avril 2025</p>
<div class="article-body">
<p>Le festival des Lanternes de Brévaux a accueilli près de 40 000 visiteurs en trois soirées, un record depuis sa création en 2009, selon les chiffres communiqués dimanche par les organisateurs.</p>
<p>Plus de 2 500 lanternes en papier, fabriquées pendant l'hiver par les écoles et les associations de la commune, ont été installées le long du canal et dans les jardins du prieuré.</p>
<p>« Nous avions prévu des navettes supplémentaires, mais nous avons été dépassés samedi soir. Il faudra revoir l'organisation du stationnement », a reconnu Hervé Le Meur, président du comité des fêtes.</p>
<p>Les commerçants du centre-bourg se félicitent de cette affluence. Plusieurs restaurants ont affiché complet dès 19 heures, et la boulangerie de la place de l'Église a dû rouvrir ses portes en soirée.</p>
<p>La municipalité souhaite désormais que le festival soit inscrit au calendrier des grandes manifestations de la <a href="/région/">région</a>, ce qui permettrait d'obtenir des subventions supplémentaires.</p>
</div>
</article>
<footer>© L'Éveil du Bocage</footer>
</body>
</html>
"""


def write(name, data):
    with open(os.path.join(NASTY, name), "wb") as f:
        f.write(data)


def pseudo_random(n, seed=b"newsdesk-nasty"):
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:n]


def good(id_, title, text):
    return json.dumps({"id": id_, "url": "https://news.example.org/nasty/%s" % id_, "title": title, "text": text,
                       "published": "2025-04-02", "source": "Example Test Desk", "language": "en", "country": "US"},
                      ensure_ascii=False).encode("utf-8") + b"\n"


def main():
    write("empty.html", b"")
    write("whitespace.html", b"   \n\n\t\t  \r\n \r\n\n        \t\n" + b" " * 200 + b"\n\n")

    # truncated.html: a real-looking article cut inside a tag, inside a UTF-8
    # sequence ("r\xc3" is the first byte of the two-byte "\xc3\xa9" of "region").
    full = TRUNCATED_SOURCE.encode("utf-8")
    cut_at = full.index("<a href=\"/r\u00e9gion/".encode("utf-8")) + len(b"<a href=\"/r\xc3")
    write("truncated.html", full[:cut_at])

    # ~2 KB: starts like HTML, then bytes 0x00-0xFF including runs of NULs.
    blob = pseudo_random(2048)
    blob = b"<html><body>\x00\x00\x00\x00" + blob[:900] + b"\x00" * 64 + blob[900:1970]
    write("binary.html", blob)

    write("invalid-utf8.jsonl",
          good("nasty-utf8-1", "First good record", "A short paragraph that is fine.\n\nAnother fine paragraph.")
          + b'{"id": "nasty-utf8-2", "title": "Broken \xff\xfe bytes", "text": "Caf\xe9 au lait \xc3\x28 and a lone continuation \x80 byte."}\n'
          + good("nasty-utf8-3", "Third good record", "This record follows the broken line and must still be stored."))

    write("bad-json.jsonl",
          good("nasty-json-1", "First good record", "The first line is valid JSON with text.")
          + b'{"truncated": \n'
          + b'{"id": "nasty-json-3", "url": "https://news.example.org/nasty/nasty-json-3", "title": "Neither html nor text", "language": "en"}\n'
          + good("nasty-json-4", "Last good record", "The last line is valid again and must be stored."))

    # corrupt.warc.gz: a valid gzip member with a valid response record, then a
    # second member cut in half, then garbage bytes.
    page = (b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbour ferry timetable changes from Monday</title></head>"
            b"<body><article><h1>Harbour ferry timetable changes from Monday</h1>"
            b"<p>The harbour ferry will run every 15 minutes instead of every 20 minutes during the morning peak from Monday, the port authority said on Friday.</p>"
            b"<p>Evening sailings after 9 p.m. will be reduced to one an hour because of low demand, according to figures published with the new timetable.</p>"
            b"<p>Commuters who use the 7.40 a.m. crossing had complained for months about overcrowding on the older of the two boats.</p>"
            b"<p>\"We listened, and the numbers backed them up,\" said Ruth Adeyemi, the authority's head of passenger services. \"The morning boats were running at 130 percent of their rated capacity on some days.\"</p>"
            b"<p>Fares are unchanged. The authority said it would review the evening service again in September, when a third vessel is due to return from its refit at the Eastpoint yard.</p>"
            b"</article></body></html>\n")
    recs = make_warc.exchange("https://news.example.org/2025/04/harbour-ferry-timetable", "2025-04-04T08:00:00Z", 200, "OK",
                              [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))], page)
    valid = make_warc.gzip_member(recs[1])
    second = make_warc.exchange("https://news.example.org/2025/04/second-story", "2025-04-04T08:05:00Z", 200, "OK",
                                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))], page)[1]
    cut = make_warc.gzip_member(second)
    write("corrupt.warc.gz", valid + cut[: len(cut) // 2] + pseudo_random(300, b"garbage"))

    # corrupt-header.warc: one valid uncompressed record, then a record whose
    # Content-Length (50000) is far larger than what is left of the file.
    bad_head = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000bad>\r\n"
                b"WARC-Date: 2025-04-04T08:10:00Z\r\nWARC-Target-URI: https://news.example.org/2025/04/too-long\r\n"
                b"Content-Type: application/http; msgtype=response\r\nContent-Length: 50000\r\n\r\n"
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>This record claims 50000 bytes but the file ends here.</p>")
    write("corrupt-header.warc", recs[1] + bad_head)
    print("wrote nasty files")


if __name__ == "__main__":
    main()
