//! Claims and their evidence flags on articles written for these tests.

use newsdesk_attribution::{claim_records, find_claims, find_quotes, Claim, Evidence};

fn claim_with<'a>(text: &str, claims: &'a [Claim], needle: &str) -> &'a Claim {
    claims
        .iter()
        .find(|c| text[c.span.clone()].contains(needle))
        .unwrap_or_else(|| panic!("no claim with {needle:?} in {claims:#?}"))
}

/// A wire story: an official links a group to crime, the spokesperson gives
/// no data when asked, the reporter cites independent research against it,
/// and the president is quoted.
const WIRE: &str = "BERLIN (AP) — Germany's Interior Ministry on Tuesday blamed migrants from North Africa \
for a rise in burglaries, a link that rights groups called divisive.

Ministry spokesperson Katrin Vogel told reporters that young men from the region were \"responsible for a \
large share\" of break-ins in the country's largest cities. Asked for figures to support the claim, Vogel \
declined to give any, saying the numbers were still being compiled.

Independent research generally finds that immigrants in Germany are no more likely to commit burglaries than \
people born in the country, and police statistics published in March showed break-ins at a 20-year low.

President Frank Walter, speaking in Hamburg on Wednesday, urged calm. \"We are a country of laws, and those \
laws apply to everyone equally,\" Walter said.";

#[test]
fn wire_story_claim_is_contested_or_unsupported_and_attributed() {
    let claims = find_claims(WIRE);
    let c = claim_with(WIRE, &claims, "responsible for a large share");
    assert!(matches!(c.evidence, Evidence::Contested | Evidence::NoneGiven), "{c:?}");
    assert_eq!(c.claimant.clone().map(|r| &WIRE[r]), Some("Ministry spokesperson Katrin Vogel"));
    assert_eq!(c.claimant_name.as_deref(), Some("Katrin Vogel"));

    let quotes = find_quotes(WIRE);
    let president =
        quotes.iter().find(|q| WIRE[q.content.clone()].contains("country of laws")).expect("the president's quote");
    assert_eq!(president.speaker_name.as_deref(), Some("Frank Walter"));
    assert!(president.direct);
    let p = claim_with(WIRE, &claims, "country of laws");
    assert_eq!(p.claimant_name.as_deref(), Some("Frank Walter"));
}

#[test]
fn evidence_flags() {
    let text = "The department says mass migration correlates with higher crime, citing a 2019 report by the \
                Federal Crime Office.\n\n\
                The minister claimed, without evidence, that the election had been rigged.\n\n\
                The union said wages had fallen for a decade. Economists say that is not true: official \
                statistics show wages rising in seven of the last ten years.\n\n\
                The mayor said the new park would open in June.";
    let claims = find_claims(text);
    assert_eq!(claim_with(text, &claims, "mass migration").evidence, Evidence::Cited);
    assert_eq!(claim_with(text, &claims, "rigged").evidence, Evidence::NoneGiven);
    assert_eq!(claim_with(text, &claims, "wages had fallen").evidence, Evidence::Contested);
    assert_eq!(claim_with(text, &claims, "park would open").evidence, Evidence::Unstated);
    let rigged = claim_with(text, &claims, "rigged");
    assert_eq!(&text[rigged.span.clone()], "the election had been rigged");
}

#[test]
fn not_every_quote_is_a_claim() {
    let text = "The senator called for an inquiry. She wants to meet the families. \
                \"Why did nobody warn us?\" a resident asked. The governor said the dam was safe.";
    let claims = find_claims(text);
    assert_eq!(claims.len(), 1, "{claims:#?}");
    assert!(text[claims[0].span.clone()].contains("dam was safe"));
}

#[test]
fn records_serialise_evidence_in_snake_case() {
    let text = "Officials said, without evidence, that the fire was set deliberately.";
    let records = claim_records(text, &find_claims(text));
    assert_eq!(records.len(), 1);
    let json = serde_json::to_string(&records[0]).unwrap();
    assert!(json.contains("\"evidence\":\"none_given\""), "{json}");
    assert!(json.contains("\"claimant\":\"Officials\""), "{json}");
    for e in [Evidence::Cited, Evidence::Contested, Evidence::Unstated] {
        let s = serde_json::to_string(&e).unwrap();
        assert!(["\"cited\"", "\"contested\"", "\"unstated\""].contains(&s.as_str()), "{s}");
    }
}
