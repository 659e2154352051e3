#!/usr/bin/env python3
"""Writes samples/articles.jsonl (20 invented, already-extracted articles). Standard library only.

ids follow newsdesk_model::article_id: 16 hex digits of SHA-256 over "url\0" + the URL
(every URL here is already canonical)."""
import os
import json, hashlib
W = [
 "HALVARD BAY, April 8 (Meridian Wire) - Environmental regulators on Tuesday approved a long-delayed lithium refinery on the northern coast, clearing the way for a 1.4 billion euro project that supporters say will create some 900 jobs and critics warn could strain local water supplies.",
 "The decision by the Coastal Permits Authority follows a two-year review that drew more than 6,000 public comments, the largest number the agency has received for a single industrial application.",
 "\"This is the most thoroughly examined permit in our history, and the conditions attached to it reflect that,\" said Helena Varga, the authority's director general, at a news conference in the regional capital.",
 "Under the approval, operator Nordlys Minerals must cap freshwater withdrawals at 40 percent of the volume it originally requested and recycle process water on site. The company will also fund an independent monitoring station at the mouth of the Sorell River.",
 "Nordlys Minerals shares rose 6.2 percent in early trading after the announcement, their biggest one-day gain since the company listed in 2021.",
 "\"We accept every one of the conditions,\" Jonas Ekholm, the company's chief executive, said in a statement. \"Construction can begin this summer, and we expect the first battery-grade material to leave Halvard Bay in 2027.\"",
 "Opponents said they would study the ruling before deciding whether to appeal. A coalition of fishing cooperatives and residents' groups has argued that the refinery's discharge permits are too loose and that the monitoring regime relies too heavily on data supplied by the operator.",
 "\"Forty percent of a very large number is still a very large number,\" said Petra Lund, a spokeswoman for the Sorell Estuary Alliance. \"We will be in court if we have to be.\"",
 "The refinery is one of several processing plants planned across the region as manufacturers seek supplies of battery materials closer to their factories. Industry analysts estimate that regional demand for refined lithium could triple by the end of the decade.",
 "The authority said it would publish the full text of the permit, including the water conditions, within ten working days.",
]
def j(ps): return "\n\n".join(ps)
# light edits per outlet
w_ie = list(W)
w_ca = [p.replace(" percent", " per cent") for p in W[:-1]]  # trims the last paragraph
w_au = list(W) + ["- Meridian Wire"]
w_au[4] = "Nordlys Minerals shares rose 6.2 percent in early trading after the announcement."
w_in = list(W[:8])  # cut after the opponents' quote
w_in[0] = w_in[0].replace("(Meridian Wire) -", "(Meridian Wire):")

A = [
 # --- syndicated wire story: 4 copies ---
 dict(url="https://www.harbourtimes.example/business/lithium-refinery-at-halvard-bay-gets-green-light-1.4471902", title="Lithium refinery at Halvard Bay gets green light", text=j(w_ie), published="2025-04-08T16:02:00+01:00", source="The Harbour Times", language="en", country="IE", section="Business", tags=["lithium", "mining", "Meridian Wire"]),
 dict(url="https://www.northernbusinessdaily.example/commodities/halvard-bay-lithium-refinery-cleared-after-two-year-review/article77120/", title="Halvard Bay lithium refinery cleared after two-year review", text=j(w_ca), published="2025-04-08T11:48:00-04:00", source="Northern Business Daily", language="en", country="CA"),
 dict(url="https://www.pacificledger.example/world/europe/regulators-approve-halvard-bay-lithium-refinery-20250409-p5lq2x", title="Regulators approve Halvard Bay lithium refinery after two-year review", text=j(w_au), published="2025-04-09T07:30:00+10:00", source="Pacific Ledger", language="en", country="AU", section="World"),
 dict(url="https://www.deccanbusinesspost.example/international/halvard-bay-lithium-refinery-wins-approval-1180443.html", title="Halvard Bay lithium refinery wins regulatory approval", text=j(w_in), published="2025-04-08", source="Deccan Business Post", language="en", country="IN"),
 # --- same event, independent reporting (clustering, not dedup) ---
 dict(url="https://www.westcoastgazette.example/news/storm-brannagh-leaves-12000-homes-without-power/", title="Storm Brannagh leaves 12,000 homes without power", text=j([
   "Storm Brannagh brought gusts of up to 130 km/h to the west coast overnight on Sunday, leaving about 12,000 homes without electricity and closing the coast road between Carrowmore and Dunlevin.",
   "Engineers from the grid operator were working through the morning to restore supply, and a spokesman said most customers should be reconnected by Monday evening. Around 800 homes on the islands could wait until Tuesday.",
   "\"We had three trees down on the line behind the school and the roof came off the bus shelter,\" said Nuala Brennan, who runs a shop in Carrowmore. \"It was the loudest night I can remember.\"",
   "Schools in the two worst-affected districts will stay closed on Monday. Forecasters expect winds to ease by the afternoon."]),
   published="2025-02-16T09:10:00+00:00", source="West Coast Gazette", language="en", country="IE"),
 dict(url="https://www.islandradio.example/news/2025/02/16/brannagh-ferries-cancelled", title="Ferries cancelled and island homes cut off as Brannagh passes", text=j([
   "All ferry sailings to the three inhabited islands were cancelled on Sunday as Storm Brannagh swept in from the Atlantic, with waves of more than eight metres recorded at the offshore buoy.",
   "Power was lost on all three islands shortly after midnight. The island council opened its community hall in Inishcarra as a warming centre with a generator, tea and phone charging.",
   "\"People here are used to storms, but the older residents on their own worry us,\" said council member Pádraig Ó Loinsigh. \"We have volunteers knocking on every door today.\"",
   "The ferry company said it hoped to resume a reduced timetable on Monday afternoon if the swell drops as forecast."]),
   published="2025-02-16", source="Island Radio News", language="en", country="IE", tags=["weather", "islands"]),
 # --- other stories ---
 dict(url="https://www.cityledger.example/2025/01/09/transit-authority-approves-overnight-bus-network/", title="Transit authority approves overnight bus network for 2026", text=j([
   "The Bayport Regional Transit Authority voted unanimously on Thursday to launch an overnight bus network in January 2026, with nine routes running every 30 minutes between midnight and 5 a.m.",
   "The $7.2 million annual cost will be covered by a mix of state grants and a new late-night surcharge on parking in the downtown garages, the authority said.",
   "\"Hospital workers, cleaners and kitchen staff have been asking for this for years. They keep this city running at night, and they deserve a bus that shows up,\" said board chair Evelyn Marsh.",
   "A pilot of two overnight routes last summer carried an average of 1,900 riders a night."]),
   published="2025-01-09T18:30:00-05:00", source="Bayport City Ledger", language="en", country="US", section="Transportation"),
 dict(url="https://www.thamesidechronicle.example/news/local/school-meals-pilot-extended", title="Free breakfast pilot extended to 40 more primary schools", text=j([
   "A council scheme offering free breakfasts to every primary pupil will be extended to 40 more schools from September after teachers reported better attendance and fewer late arrivals.",
   "The pilot, which began in 12 schools last year, served more than 310,000 breakfasts in its first two terms.",
   "\"The difference in the first lesson of the day is obvious. Children are settled and ready to learn,\" said Priya Sandhu, head teacher at Marlowe Road Primary.",
   "The extension will cost about 1.1 million pounds a year. Opposition councillors backed the plan but asked for a full report on costs before any further expansion."]),
   published="2025-03-03", source="Thameside Chronicle", language="en", country="GB"),
 dict(url="https://www.elbkurier.example/hamburg/fahrradstrasse-am-kanal-eroeffnet-a-22817.html", title="Neue Fahrradstraße am Kanal eröffnet", text=j([
   "Radfahrerinnen und Radfahrer können seit Montag auf einer neuen, 2,4 Kilometer langen Fahrradstraße entlang des Veritkanals fahren. Autos dürfen die Strecke nur noch als Anlieger nutzen.",
   "Der Umbau hat rund 3,8 Millionen Euro gekostet und dauerte neun Monate. Dafür wurden 140 Parkplätze entfernt und 60 neue Bäume gepflanzt.",
   "„Die Strecke ist jetzt schon eine der meistbefahrenen im Bezirk, und wir rechnen mit deutlich mehr Verkehr im Sommer“, sagte Bezirksamtsleiterin Franziska Oldenburg bei der Eröffnung.",
   "Anwohner hatten sich vor allem über den Wegfall der Parkplätze beschwert. Der Bezirk verweist auf eine neue Quartiersgarage, die im Herbst öffnen soll."]),
   published="2025-04-14T10:00:00+02:00", source="Elbkurier", language="de", country="DE", section="Hamburg"),
 dict(url="https://www.alpenbote.example/wirtschaft/kaeserei-investiert-in-neue-reifehalle", title="Käserei Bergli investiert in neue Reifehalle", text=j([
   "Die Käserei Bergli im Oberen Talboden baut für 6,5 Millionen Franken eine neue Reifehalle. Damit kann der Betrieb künftig bis zu 28.000 Laibe gleichzeitig lagern.",
   "Die Milch stammt von 34 Bauernfamilien aus dem Tal. Mit der neuen Halle sichere man deren Abnahme für die nächsten Jahrzehnte, sagte Geschäftsführer Urs Gisler.",
   "Der Bau soll im Mai beginnen und im Frühling 2026 abgeschlossen sein."]),
   published="2025-02-20", source="Alpenbote", language="de", country="CH"),
 dict(url="https://www.lagazettedulittoral.example/societe/2025/05/12/la-plage-des-sablettes-retrouve-son-sable", title="La plage des Sablettes retrouve son sable avant l'été", text=j([
   "Après les tempêtes de l'hiver, qui avaient emporté près d'un mètre de sable, la plage des Sablettes a été rechargée avec 18 000 mètres cubes de sable dragué au large.",
   "Les travaux, d'un coût de 640 000 euros, se sont achevés vendredi, à six semaines de l'ouverture de la saison de baignade.",
   "« Nous savons que ce n'est pas une solution définitive. Il faudra repenser l'aménagement de tout le front de mer », a reconnu la maire, Catherine Ollivier.",
   "Une étude sur le recul du trait de côte doit être présentée aux habitants à l'automne."]),
   published="2025-05-12T07:15:00+02:00", source="La Gazette du Littoral", language="fr", country="FR"),
 dict(url="https://www.lecho-des-laurentides.example/actualites/2025/03/27/erablieres-saison-record", title="Les érablières s'attendent à une saison record", text=j([
   "Le temps doux des dernières semaines a fait couler la sève plus tôt que prévu, et plusieurs producteurs de la région annoncent déjà des rendements supérieurs à ceux de l'an dernier.",
   "« On a commencé à bouillir le 3 mars. Je n'avais jamais vu ça en trente ans », a raconté Gilles Beaudry, propriétaire d'une érablière de 12 000 entailles.",
   "Les cabanes à sucre de la région affichent complet pour les fins de semaine d'avril."]),
   published="2025-03-27", source="L'Écho des Laurentides", language="fr", country="CA", tags=["agriculture", "printemps"]),
 dict(url="https://www.diariodelacosta.example/local/2025/06/02/nuevo-carril-bici-paseo-maritimo", title="El paseo marítimo estrena un carril bici de cinco kilómetros", text=j([
   "El nuevo carril bici del paseo marítimo, de cinco kilómetros y separado del tráfico por una jardinera, abrió este lunes tras ocho meses de obras.",
   "El proyecto ha costado 2,1 millones de euros y conecta por primera vez el puerto deportivo con el barrio de Las Dunas.",
   "\"Queremos que ir en bici al trabajo o al colegio sea la opción más fácil, no la más valiente\", dijo la concejala de Movilidad, Nerea Goikoetxea."]),
   published="2025-06-02T13:20:00+02:00", source="Diario de la Costa", language="es", country="ES"),
 dict(url="https://www.lavozdelvalle.example/economia/cooperativa-cafe-exportacion-japon", title="Cooperativa cafetalera cierra su primera venta directa a Japón", text=j([
   "La cooperativa Cerro Azul, que agrupa a 210 pequeños productores de café de la sierra, cerró su primera venta directa a un tostador de Japón: 19 toneladas de café de especialidad.",
   "\"Antes vendíamos a intermediarios y nunca sabíamos a dónde iba nuestro café. Ahora sabemos hasta el nombre de la cafetería\", dijo la presidenta de la cooperativa, Rosalba Méndez.",
   "El precio pactado es un 35 % superior al que obtuvieron el año pasado en el mercado local."]),
   published="2025-05-20", source="La Voz del Valle", language="es", country="MX", section="Economía"),
 dict(url="https://www.corrieredellepiane.example/cronaca/2025/04/30/riapre-il-ponte-sul-brenta-minore", title="Riapre il ponte sul Brenta Minore dopo sette mesi di lavori", text=j([
   "Il ponte sul Brenta Minore è stato riaperto al traffico mercoledì mattina, con due settimane di anticipo rispetto al calendario dei lavori.",
   "L'intervento, costato 1,9 milioni di euro, ha rinforzato le pile e rifatto completamente l'impalcato. Il limite di peso torna a 44 tonnellate.",
   "«Per le aziende della zona industriale era diventato un problema serio: i camion dovevano fare venti chilometri in più», ha detto il sindaco Luca Bertoldi."]),
   published="2025-04-30T09:45:00+02:00", source="Corriere delle Piane", language="it", country="IT"),
 dict(url="https://www.folhadoplanalto.example/cidades/2025/01/28/hospital-regional-amplia-uti", title="Hospital regional amplia UTI e abre 20 novos leitos", text=j([
   "O Hospital Regional do Planalto inaugurou nesta terça-feira uma nova ala da unidade de terapia intensiva, com 20 leitos adultos e quatro pediátricos.",
   "A obra custou R$ 14 milhões e foi financiada pelo governo estadual. Segundo a direção, a fila por vagas de UTI na região deve cair pela metade.",
   "“Muitas vezes tínhamos de transferir pacientes para a capital, a 300 quilômetros daqui. Agora conseguimos tratar perto de casa”, afirmou a diretora clínica, Helena Vasconcellos."]),
   published="2025-01-28T15:00:00-03:00", source="Folha do Planalto", language="pt", country="BR"),
 dict(url="https://www.dagbladnoord.example/regio/nieuwe-fietsbrug-over-het-reitdiep-geopend", title="Nieuwe fietsbrug over het Reitdiep geopend", text=j([
   "De nieuwe fietsbrug over het Reitdiep is zaterdag officieel geopend. De brug verbindt de nieuwbouwwijk De Hoogte met het centrum en bespaart fietsers zo'n tien minuten.",
   "De bouw kostte 8,4 miljoen euro, waarvan de provincie de helft betaalde.",
   "\"Dit is precies het soort verbinding dat een stad leefbaar houdt\", zei wethouder Sanne Dijkstra bij de opening."]),
   published="2025-05-24", source="Dagblad Noord", language="nl", country="NL"),
 dict(url="https://www.norrlandsposten.example/nyheter/lokalt/ny-vardcentral-oppnar-i-alvby", title="Ny vårdcentral öppnar i Älvby i höst", text=j([
   "Regionen bekräftade på onsdagen att en ny vårdcentral öppnar i Älvby i oktober, efter att orten varit utan egen vårdcentral i nästan tre år.",
   "Vårdcentralen ska ha två läkare, fyra sjuksköterskor och öppet alla vardagar.",
   "– Det här är vad invånarna har väntat på. Ingen ska behöva åka sju mil för att förnya ett recept, sade regionrådet Elin Sundqvist."]),
   published="2025-03-19T08:00:00+01:00", source="Norrlandsposten", language="sv", country="SE", paywall=True),
 dict(url="https://www.kitakaze-shimbun.example/news/20250605/local/0012", title="市立図書館、開館時間を夜9時まで延長", text=j([
   "北風市は5日、市立中央図書館の開館時間を7月1日から平日は午後9時まで延長すると発表した。現在は午後7時に閉館している。",
   "仕事帰りの会社員や学生から延長を求める声が多く寄せられていたという。",
   "館長の小野寺真理子さんは「働く世代にも図書館をもっと使ってほしい」と話している。"]),
   published="2025-06-05", source="北風新聞", language="ja", country="JP"),
 dict(url="https://www.uralskaya-nedelya.example/society/2025/02/10/katok-v-parke", title="В городском парке открыли бесплатный каток", text=j([
   "В городском парке имени Горького в субботу открылся бесплатный каток площадью 1800 квадратных метров.",
   "Каток будет работать ежедневно с 10:00 до 22:00, прокат коньков обойдётся в 200 рублей в час.",
   "«Мы хотели, чтобы у семей было место, куда можно прийти без билета», — рассказала директор парка Светлана Кудрявцева."]),
   published="2025-02-10T12:00:00+05:00", source="Уральская неделя", language="ru", country="RU", section="Общество"),
]
assert len(A) == 20, len(A)
with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'articles.jsonl'), 'w', encoding='utf-8') as f:
    for a in A:
        h = hashlib.sha256(b"url\0" + a["url"].encode()).digest()[:8].hex()
        rec = {"id": h, "url": a.pop("url"), "title": a.pop("title"), "text": a.pop("text"), "published": a.pop("published"),
               "source": a.pop("source"), "language": a.pop("language"), "country": a.pop("country")}
        rec.update(a)
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
