#!/usr/bin/env python3
"""Writes samples/expected.json and checks it against samples/pages/.

Every must_contain string must occur verbatim (after decoding the page with its
declared charset) in the page, and every must_not_contain string must occur in
the page too (it is boilerplate the extractor has to leave out).
Standard library only. Run from anywhere: python3 samples/tools/make_expected.py
"""
import json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)

PAGES = [
    {
        "file": "pages/en-wire.html",
        "encoding": "utf-8",
        "url": "https://wire.example.com/business/energy/regulators-approve-halvard-bay-lithium-refinery-2025-04-08/?utm_source=newsletter&utm_medium=email&utm_campaign=energy-brief",
        "canonical_url": "https://wire.example.com/business/energy/regulators-approve-halvard-bay-lithium-refinery-2025-04-08/",
        "title": "Regulators approve Halvard Bay lithium refinery after two-year review",
        "authors": ["Ingrid Solberg", "Rafael Mendes"],
        "published": "2025-04-08",
        "language": "en",
        "site_name": "Meridian Wire",
        "must_contain": [
            "The decision by the Coastal Permits Authority follows a two-year review that drew more than 6,000 public comments, the largest number the agency has received for a single industrial application.",
            "Opponents said they would study the ruling before deciding whether to appeal.",
            "The authority said it would publish the full text of the permit, including the water conditions, within ten working days.",
        ],
        "must_not_contain": [
            "Container cranes stand idle at the harbour in Halvard Bay",
            "Battery makers race to lock in supply as prices slide",
            "Get the day's most important energy and climate stories",
        ],
    },
    {
        "file": "pages/en-local.html",
        "encoding": "utf-8",
        "url": "https://www.millbrookcourier.example/news/local/fairview-avenue-bridge-to-close-for-14-months/article_5c1e2a7e.html",
        "title": "Fairview Avenue bridge to close for 14 months under $12 million rebuild plan",
        "authors": ["Dana Whitfield"],
        "published": "2025-05-02",
        "language": "en",
        "site_name": "The Millbrook Courier",
        "must_contain": [
            "The bridge carries roughly 18,000 vehicles a day between the east side neighborhoods and downtown, according to city traffic counts.",
            "Trucks over 10 tons must use Route 9 and the Harlan Road interchange.",
            "Bids for the work are due June 20.",
        ],
        "must_not_contain": [
            "My kids walk across that thing to school",
            "Mill Street signal upgrade finished ahead of schedule",
            "Local headlines, high school scores and weekend events",
        ],
        "notes": "Byline is upper case in the HTML ('By DANA WHITFIELD | Staff Writer @dwhitfield_mbc'); compare author names case-insensitively or title-case them. The handle and 'Staff Writer' are not part of the name. 'Updated 3 hours ago' is the only visible date; the day comes from article:published_time.",
    },
    {
        "file": "pages/en-blog-style.html",
        "encoding": "utf-8",
        "url": "https://news.example.com/2025/03/14/library-seed-exchange-draws-hundreds/",
        "title": "Library seed exchange draws hundreds on opening day",
        "authors": ["Gerald Finch"],
        "published": "2025-03-14",
        "language": "en",
        "site_name": "Riverside Daily News",
        "must_contain": [
            "The exchange is housed in a restored oak card catalog that sat in the library basement for nearly two decades.",
            "Borrowers are asked to sign a short card and, if their plants produce seed, to bring some back by November 15.",
            "The exchange is open during regular library hours, and a library card is not required.",
        ],
        "must_not_contain": [
            "I picked up purple beans and marigolds",
            "Enter your address to receive our headlines every morning",
            "Pothole crews work overtime after thaw",
        ],
        "notes": "No <p> tags: paragraphs are separated by <br><br>. No metadata at all; the date is only in the URL and the 'March 14, 2025' text line; the author only in 'Posted by Gerald Finch'. No lang attribute. The site name is only in <title> and the banner alt text.",
    },
    {
        "file": "pages/de-nachrichten.html",
        "encoding": "utf-8",
        "url": "https://www.rundschau-kesselbrunn.example/lokales/kesselbrunn/fernwaerme-stadtwerke-erhoehen-preise-um-18-prozent-a-48213.html",
        "title": "Fernwärme in Kesselbrunn: Stadtwerke erhöhen Preise um 18 Prozent",
        "authors": ["Katharina Albrecht"],
        "published": "2025-03-06",
        "language": "de",
        "site_name": "Kesselbrunner Rundschau",
        "must_contain": [
            "Die Stadtwerke Kesselbrunn erhöhen zum 1. April die Preise für Fernwärme um durchschnittlich 18 Prozent.",
            "Der Mieterverein Kesselbrunn kritisiert vor allem den Zeitpunkt der Ankündigung.",
            "Über die Höhe des Fonds soll der Stadtrat Ende März entscheiden.",
        ],
        "must_not_contain": [
            "So prüfen Sie Ihre Heizkostenabrechnung richtig",
            "FC Kesselbrunn gewinnt das Derby in letzter Minute",
            "Jeden Morgen um 6 Uhr die wichtigsten Nachrichten",
        ],
        "notes": "The 'Mehr zum Thema' related list sits inside <article> between body paragraphs.",
    },
    {
        "file": "pages/fr-actualites.html",
        "encoding": "utf-8",
        "url": "https://www.courrierduval.example/region/transports/la-ligne-saint-aubrac-vernelle-rouvrira-en-septembre_48812.html",
        "title": "La ligne ferroviaire Saint-Aubrac–Vernelle rouvrira aux voyageurs en septembre",
        "authors": ["Élodie Marchand"],
        "published": "2025-02-12",
        "language": "fr",
        "site_name": "Le Courrier du Val",
        "must_contain": [
            "La ligne, longue de 38 kilomètres, avait été fermée en décembre 2017 en raison du mauvais état des voies.",
            "Huit allers-retours quotidiens sont prévus en semaine, et cinq le week-end.",
            "Des essais de circulation à vide commenceront en juin.",
        ],
        "must_not_contain": [
            "Viaduc de la Sérane : les travaux de nuit inquiètent les riverains",
            "Inscrivez-vous à notre lettre d'information quotidienne",
            "je serai dans le premier",
        ],
        "notes": "JSON-LD is a single @graph with WebPage, NewsArticle, WebSite, Organization and BreadcrumbList; the headline uses an en dash (U+2013). The body contains a <blockquote> (a quote from a mayor) that belongs to the article.",
    },
    {
        "file": "pages/es-noticias.html",
        "encoding": "utf-8",
        "url": "https://www.heraldovaldemora.example/valdemora/2025/01/21/valdemora-restricciones-agua-embalse-nivel-bajo-1093847.html",
        "title": "Valdemora activa restricciones de agua ante el nivel más bajo del embalse en una década",
        "authors": ["Lucía Ferrer Ibáñez"],
        "published": "2025-01-21",
        "language": "es",
        "site_name": "El Heraldo de Valdemora",
        "must_contain": [
            "Las fuentes ornamentales de la ciudad permanecerán apagadas hasta nuevo aviso.",
            "Las sanciones por incumplir el decreto oscilarán entre 300 y 3.000 euros, aunque el ayuntamiento asegura que durante las primeras semanas la policía local se limitará a informar y advertir a los vecinos.",
            "El decreto se revisará cada mes en función de la evolución del embalse y de las previsiones de la Agencia Estatal de Meteorología.",
        ],
        "must_not_contain": [
            "Vista del embalse del Cerrillo, con las orillas al descubierto",
            "Los regantes de la comarca piden ayudas ante la sequía",
            "Que arreglen primero las tuberías",
        ],
        "notes": "Microdata only (itemprop=headline, author>name, datePublished on <time datetime>, articleBody). The caption is itemprop=caption inside the image, outside articleBody.",
    },
    {
        "file": "pages/ja-news.html",
        "encoding": "shift_jis",
        "url": "https://www.minato-nippo.example/articles/20250314/k00/00m/040/112000c",
        "title": "潮見台市、自動運転バスの実証運行を開始　高齢者の通院支援に期待",
        "authors": ["高橋遼平"],
        "published": "2025-03-14",
        "language": "ja",
        "site_name": "みなと日報",
        "must_contain": [
            "潮見台市は14日、市営バスの一部路線で自動運転バスの実証運行を始めた。",
            "運賃は実証期間中に限り無料とする。",
            "市は実証期間中に利用者アンケートを実施し、安全性や利便性を検証した上で、対象路線の拡大を検討する方針だ。",
        ],
        "must_not_contain": [
            "本社ヘリから撮影",
            "市営バス、運転手不足で4月から減便へ",
            "毎朝7時に、みなと日報の主要ニュースをメールでお届けします。",
        ],
        "notes": "Bytes are Shift_JIS, declared in the page only by <meta charset=\"Shift_JIS\"> (the response in warc/sample.warc.gz also sends charset=Shift_JIS). The title contains an ideographic space U+3000. Byline is '記者：高橋遼平' (the prefix is not part of the name).",
    },
    {
        "file": "pages/legacy-latin1.html",
        "encoding": "cp1252",
        "url": "http://www.jornalserraazul.example/noticia.asp?id=14077",
        "title": "Mercado Municipal de Castelo Miranda reabre após obras de 2,3 milhões de euros",
        "authors": ["Marta Figueiredo Lobo"],
        "published": "2025-06-03",
        "language": "pt",
        "site_name": "Jornal da Serra Azul",
        "must_contain": [
            "O novo mercado tem 42 bancas, mais seis do que antes das obras, e um espaço reservado aos pequenos produtores do concelho, que podem vender ali aos sábados sem pagar taxa de ocupação durante o primeiro ano.",
            "“Preferimos atrasar seis meses a fazer uma obra que durasse só dez anos”, afirmou.",
            "A renda mensal das bancas fixas mantém-se nos 85 €.",
        ],
        "must_not_contain": [
            "Obras no mercado: comerciantes mudam-se para tenda provisória",
            "Receba as últimas notícias da região no seu e-mail.",
            "sempre com os melhores grelos da vila",
        ],
        "notes": "Bytes are windows-1252 (not ISO-8859-1): curly quotes are 0x93/0x94, the euro sign is 0x80, en dash 0x96. Decoding as latin-1 would give C1 control characters. No lang-specific metadata besides <html lang=\"pt\">; the date is only in the byline text '3 de junho de 2025'.",
    },
    {
        "file": "pages/ru-novosti.html",
        "encoding": "utf-8",
        "url": "https://vestnik-severa.example/news/society/2025/03/28/parom-vilga/",
        "title": "В Заречинске раньше срока запустили паромную переправу через Вилгу",
        "authors": ["Ирина Белозёрова"],
        "published": "2025-03-28",
        "language": "ru",
        "site_name": "Северный вестник",
        "must_contain": [
            "Паром будет ходить ежедневно с 6:00 до 22:00 с интервалом 40 минут.",
            "В администрации также напомнили, что в период высокой воды расписание может меняться.",
            "По оценке областного дорожного управления, такой проект обошёлся бы в несколько миллиардов рублей и в ближайшие годы не планируется.",
        ],
        "must_not_contain": [
            "Первый рейс парома отошёл от причала",
            "Ледовую дорогу на Красный Бор закрыли из-за оттепели",
            "Подписывайтесь на наш канал",
        ],
        "notes": "Date only as text '28 марта 2025, 14:05' (genitive month name) and in the URL; author appears after the body as 'Автор: Ирина Белозёрова'.",
    },
]



def main():
    out = []
    for p in PAGES:
        path = os.path.join(SAMPLES, p["file"])
        raw = open(path, "rb").read()
        text = raw.decode(p["encoding"])  # strict: fails on a wrong encoding
        for s in p["must_contain"] + p["must_not_contain"] + [p["title"]] + p["authors"]:
            assert s in text, (p["file"], s)
        for a in p["must_not_contain"]:
            for b in p["must_contain"]:
                assert a not in b and b not in a, (p["file"], a, b)
        e = dict(p)
        e["charset"] = e.pop("encoding")
        out.append(e)
    with open(os.path.join(SAMPLES, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote", len(out), "entries")


if __name__ == "__main__":
    main()
