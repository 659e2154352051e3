//! Abbreviations that end with a dot, per language, by how the dot behaves.
//!
//! Entries are written without the final dot and matched case-sensitively,
//! so "Mass." (Massachusetts) is an abbreviation while "critical mass." is
//! not; capitalised entries also match in capitals ("ST. LOUIS").

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::lang::Lang;

/// What the dot after an abbreviation means for the sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbbrevKind {
    /// Always followed by what it qualifies (titles, "e.g.", "z. B."): the dot
    /// never ends a sentence.
    Prefix,
    /// Ends no sentence when a number follows ("No. 5", "Jan. 5", "S. 12").
    BeforeNumber,
    /// Often inside a sentence ("U.S. Army", "Apple Inc. said") but also at
    /// its end: a sentence ends only when a typical sentence opener follows.
    Ambiguous,
}

struct Table {
    langs: u32,
    prefix: &'static str,
    before_number: &'static str,
    ambiguous: &'static str,
}

const fn bits(langs: &[Lang]) -> u32 {
    let mut mask = 0;
    let mut i = 0;
    while i < langs.len() {
        mask |= langs[i].bit();
        i += 1;
    }
    mask
}

const TABLES: &[Table] = &[
    Table {
        langs: u32::MAX,
        prefix: "Dr Prof e.g i.e vs",
        before_number: "No Nos Nr Art Vol vol Fig fig pp Tel tel",
        ambiguous: "Ph.D",
    },
    Table {
        langs: bits(&[Lang::En]),
        prefix: "Mr Mrs Ms Messrs Mmes Mx Gen Gens Lt Col Maj Capt Cpt Sgt Cpl Pvt Adm Cmdr Brig Gov Sen Sens Rep \
                 Reps Rev Hon Rt Pres Supt Det Insp Atty Fr Msgr Amb Mt Ft cf viz approx esp incl ca",
        before_number: "no nos Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Ch ch Sec sec Para para Ref ref Op \
                        est Ed ed",
        ambiguous: "Inc Corp Co Ltd Bros Jr Sr St Ave Blvd Rd Ln Dept Univ Assn al Ala Ariz Ark Calif Colo Conn Del \
                    Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nebr Nev Okla Ore Pa Penn Tenn \
                    Tex Va Vt Wash Wis Wisc Wyo",
    },
    Table {
        langs: bits(&[Lang::De]),
        prefix: "Hr Hrn Fr Frl Dipl Ing St bzw vgl ca sog geb gest ggf evtl inkl zzgl exkl Hrsg Bsp bspw insb \
                 einschl allg ehem z.B d.h z.T i.d.R o.ä u.U s.o s.u",
        before_number: "Abs Bd Jg Jh Jhd Kap Vers Anm Ziff Jan Feb Febr Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez",
        ambiguous: "Mio Mrd Tsd Str Pl Std Min Sek u.a v.a",
    },
    Table {
        langs: bits(&[Lang::Fr]),
        prefix: "MM Mme Mmes Mlle Mlles Mgr Me Pr St Ste Sts Stes cf av apr env Bd bd c.-à-d",
        before_number: "chap art janv févr fév avr juil sept oct nov déc",
        ambiguous: "J.-C Cie hab min max éd",
    },
    Table {
        langs: bits(&[Lang::Es]),
        prefix: "Sr Sra Srta Sres Sras Srs Dra Dres Lic Lcdo Lcda Ing Arq Profa Ud Uds Vd Vds Excmo Excma Ilmo Ilma \
                 Dña Gral Cnel Tte Sto Sta Mons Pbro Av Avda p.ej ej aprox",
        before_number: "núm Núm pág págs art cap ene feb mar abr jun jul sep sept oct nov dic",
        ambiguous: "EE UU EE.UU Cía Hnos",
    },
    Table {
        langs: bits(&[Lang::Pt]),
        prefix: "Sr Sra Srta Dra Profa Exmo Exma Eng Av Sto Sta",
        before_number: "pág art jan fev mar abr mai jun jul ago nov dez",
        ambiguous: "Cia Ltda",
    },
    Table {
        langs: bits(&[Lang::It]),
        prefix: "Sig Sigg Sig.ra Sig.na Dott Dott.ssa Prof.ssa Ing Avv Arch Geom Rag On Mons Egr Gent Spett",
        before_number: "pag pagg art gen feb mar apr mag giu lug ago set ott nov dic",
        ambiguous: "ecc",
    },
    Table {
        langs: bits(&[Lang::Nl]),
        prefix: "dhr mevr mw drs ir ing mr prof dr bijv d.w.z o.a m.b.t i.p.v t.a.v",
        before_number: "nr blz art jan feb mrt apr jun jul aug sep sept okt nov dec",
        ambiguous: "",
    },
    Table {
        langs: bits(&[Lang::Ru]),
        prefix: "ул пр просп пл им проф акад тов св т.е т.к т.н",
        before_number: "стр янв февр авг сент окт нояб дек",
        ambiguous: "г гг д т.д т.п др тыс млн млрд руб",
    },
    Table {
        langs: bits(&[Lang::Sv, Lang::Da, Lang::No]),
        prefix: "bl.a t.ex f.d s.k ca dvs pga",
        before_number: "nr kl jan feb mar apr jun jul aug sep sept okt nov dec",
        ambiguous: "mv mfl",
    },
    Table {
        langs: bits(&[Lang::Pl]),
        prefix: "ul al prof dr mgr inż np tzw tj wg m.in ks św",
        before_number: "godz nr",
        ambiguous: "r tys mln mld",
    },
];

/// Each spelling with its (languages, kind) entries, most specific first.
type Entries = FxHashMap<String, Vec<(u32, AbbrevKind)>>;

static ABBREVIATIONS: LazyLock<Entries> = LazyLock::new(|| {
    let mut map: Entries = FxHashMap::default();
    // Language tables before the shared one, so that "Sr" is a title in
    // Spanish but Senior (ambiguous) in English; English first, as it is
    // what an unknown language most often is.
    for table in TABLES[1..].iter().chain(&TABLES[..1]) {
        let kinds = [
            (table.prefix, AbbrevKind::Prefix),
            (table.before_number, AbbrevKind::BeforeNumber),
            (table.ambiguous, AbbrevKind::Ambiguous),
        ];
        for (list, kind) in kinds {
            for word in list.split_whitespace() {
                map.entry(word.to_string()).or_default().push((table.langs, kind));
                if word.starts_with(char::is_uppercase) {
                    let upper = word.to_uppercase();
                    if upper != word {
                        map.entry(upper).or_default().push((table.langs, kind));
                    }
                }
            }
        }
    }
    map
});

/// How the dot after `word` (the word without its final dot) behaves in the
/// languages of `lang_mask`, if `word` is a listed abbreviation.
pub(crate) fn lookup(word: &str, lang_mask: u32) -> Option<AbbrevKind> {
    let entries = ABBREVIATIONS.get(word)?;
    entries.iter().find(|(langs, _)| langs & lang_mask != 0).map(|&(_, kind)| kind)
}

/// "U.S", "a.m", "EE.UU", "J.-C": short letter groups joined by dots.
pub(crate) fn is_initialism(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            let letters = part.trim_matches('-');
            let n = letters.chars().count();
            (1..=2).contains(&n) && letters.chars().all(char::is_alphabetic)
        })
}
