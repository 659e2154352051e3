//! Tricky sentence boundaries in English, German, French and Spanish.

use newsdesk_text::sentences;

fn split<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    sentences(text, Some(lang)).into_iter().map(|r| &text[r]).collect()
}

#[track_caller]
fn check(lang: &str, text: &str, want: &[&str]) {
    assert_eq!(split(text, lang), want, "lang {lang}");
}

#[test]
fn english_titles_and_initialisms() {
    check(
        "en",
        "Mr. Smith met Dr. Jones and Gen. Petraeus. Sen. Warren objected.",
        &["Mr. Smith met Dr. Jones and Gen. Petraeus.", "Sen. Warren objected."],
    );
    check(
        "en",
        "The U.S. Army and the U.K. government agreed. The U.N. did not.",
        &["The U.S. Army and the U.K. government agreed.", "The U.N. did not."],
    );
    check("en", "He moved to the U.S. The move was hard.", &["He moved to the U.S.", "The move was hard."]);
    check("en", "It starts at 5 p.m. ET on Friday.", &["It starts at 5 p.m. ET on Friday."]);
    check("en", "It ended at 5 p.m. The crowd left.", &["It ended at 5 p.m.", "The crowd left."]);
}

#[test]
fn english_numbers_dates_and_places() {
    check("en", "He wore No. 23 for years. It was retired.", &["He wore No. 23 for years.", "It was retired."]);
    check("en", "The answer was no. Nobody asked again.", &["The answer was no.", "Nobody asked again."]);
    check("en", "On Jan. 5 the vote failed. It was close.", &["On Jan. 5 the vote failed.", "It was close."]);
    check("en", "Growth was 3.5 percent. Prices rose 0.2%.", &["Growth was 3.5 percent.", "Prices rose 0.2%."]);
    check(
        "en",
        "He lives on St. Mark's Place in St. Louis. She works for Apple Inc. The firm grew.",
        &["He lives on St. Mark's Place in St. Louis.", "She works for Apple Inc.", "The firm grew."],
    );
    check("en", "ST. LOUIS (AP) — A storm hit. Power failed.", &["ST. LOUIS (AP) — A storm hit.", "Power failed."]);
    check("en", "SPRINGFIELD, Ill. (AP) — Lawmakers met.", &["SPRINGFIELD, Ill. (AP) — Lawmakers met."]);
}

#[test]
fn initials() {
    check(
        "en",
        "J. R. R. Tolkien wrote it. George W. Bush read it.",
        &["J. R. R. Tolkien wrote it.", "George W. Bush read it."],
    );
    check("en", "J. A. Smith spoke.", &["J. A. Smith spoke."]);
    check("en", "Take vitamin C. A doctor said so.", &["Take vitamin C.", "A doctor said so."]);
}

#[test]
fn ellipses_and_quotes() {
    check("en", "He paused... then went on.", &["He paused... then went on."]);
    check("en", "He paused... Then he left.", &["He paused...", "Then he left."]);
    check("en", "Wait … There is more.", &["Wait …", "There is more."]);
    check("en", "She said. . . nothing at all.", &["She said. . . nothing at all."]);
    check(
        "en",
        "\"We will,\" Obama said. \"... Together we have to speak up.\"",
        &["\"We will,\" Obama said.", "\"... Together we have to speak up.\""],
    );
    check(
        "en",
        "\"We will win.\" The crowd cheered. \"Really?\" he asked.",
        &["\"We will win.\"", "The crowd cheered.", "\"Really?\" he asked."],
    );
    check("en", "He asked, “Why?” Nobody knew.", &["He asked, “Why?”", "Nobody knew."]);
    check("en", "It works (mostly.) The rest fails.", &["It works (mostly.)", "The rest fails."]);
    check("en", "Stop! Please stop?! OK.", &["Stop!", "Please stop?!", "OK."]);
}

#[test]
fn datelines() {
    check(
        "en",
        "WASHINGTON (Reuters) - The Senate voted on Tuesday. It passed.",
        &["WASHINGTON (Reuters) - The Senate voted on Tuesday.", "It passed."],
    );
    check(
        "en",
        "PARIS, Jan. 5 (AFP) — France said on Monday it would act. Officials agreed.",
        &["PARIS, Jan. 5 (AFP) — France said on Monday it would act.", "Officials agreed."],
    );
    check(
        "en",
        "WASHINGTON, D.C. (Reuters) - Officials met. They talked.",
        &["WASHINGTON, D.C. (Reuters) - Officials met.", "They talked."],
    );
    check("en", "(CNN)Share it. That works.", &["(CNN)Share it.", "That works."]);
    check(
        "en",
        "(CNN)Sen. Schumer spoke. Ex-Sen. Smith did not.",
        &["(CNN)Sen. Schumer spoke.", "Ex-Sen. Smith did not."],
    );
    check("en", "(CNN)U.S. Secretary of State John Kerry spoke.", &["(CNN)U.S. Secretary of State John Kerry spoke."]);
}

#[test]
fn line_breaks_lists_and_urls() {
    check(
        "en",
        "A headline without a stop\nThe body starts here.",
        &["A headline without a stop", "The body starts here."],
    );
    check("en", "Items:\n1. First item\n2. Second item", &["Items:", "1. First item", "2. Second item"]);
    check("en", "1. Preheat the oven. 2. Bake.", &["1. Preheat the oven.", "2. Bake."]);
    check(
        "en",
        "See example.com for details. Mail jane.doe@example.org today.",
        &["See example.com for details.", "Mail jane.doe@example.org today."],
    );
    check("en", "Visit example.com. Then log in.", &["Visit example.com.", "Then log in."]);
    check("en", "Line one.\r\n\r\nLine two.", &["Line one.", "Line two."]);
    check("en", "Apples, pears, etc. The list goes on.", &["Apples, pears, etc.", "The list goes on."]);
    check("en", "Apples, pears, etc. are fruit.", &["Apples, pears, etc. are fruit."]);
}

#[test]
fn german() {
    check(
        "de",
        "Das gilt z. B. für Berlin. Die Stadt ist groß.",
        &["Das gilt z. B. für Berlin.", "Die Stadt ist groß."],
    );
    check("de", "Das gilt z.B. für Bonn.", &["Das gilt z.B. für Bonn."]);
    check("de", "Er wohnt in der Hauptstr. Nr. 5 in Köln.", &["Er wohnt in der Hauptstr. Nr. 5 in Köln."]);
    check(
        "de",
        "Am 3. Oktober feiern wir. Es ist der 3. Feiertag. Das war 1990. Danach kam mehr.",
        &["Am 3. Oktober feiern wir.", "Es ist der 3. Feiertag.", "Das war 1990.", "Danach kam mehr."],
    );
    check(
        "de",
        "Er wurde Dritter im Rennen Nr. 3. Die Saison endet.",
        &["Er wurde Dritter im Rennen Nr. 3.", "Die Saison endet."],
    );
    check("de", "„Wir schaffen das.“ Das sagte sie.", &["„Wir schaffen das.“", "Das sagte sie."]);
    check("de", "»Nein!« Er ging. Prof. Dr. Müller blieb.", &["»Nein!«", "Er ging.", "Prof. Dr. Müller blieb."]);
    check("de", "Es kostet 5 Mio. Euro. Das ist viel.", &["Es kostet 5 Mio. Euro.", "Das ist viel."]);
    check(
        "de",
        "BERLIN (dpa) - Die Regierung tagt. Sie entscheidet bald.",
        &["BERLIN (dpa) - Die Regierung tagt.", "Sie entscheidet bald."],
    );
}

#[test]
fn french() {
    check(
        "fr",
        "M. Macron a parlé. Mme Dupont et MM. Durand sont venus.",
        &["M. Macron a parlé.", "Mme Dupont et MM. Durand sont venus."],
    );
    check("fr", "« C'est fini. » Il est parti.", &["« C'est fini. »", "Il est parti."]);
    check(
        "fr",
        "Il a vécu en 50 av. J.-C. Les Romains étaient là.",
        &["Il a vécu en 50 av. J.-C.", "Les Romains étaient là."],
    );
    check("fr", "Des pommes, des poires, etc. Le marché ferme.", &["Des pommes, des poires, etc.", "Le marché ferme."]);
    check("fr", "Vraiment ? Oui ! Il l'a dit.", &["Vraiment ?", "Oui !", "Il l'a dit."]);
    check(
        "fr",
        "PARIS (AFP) - Le gouvernement a annoncé 2,5 milliards. Il agit.",
        &["PARIS (AFP) - Le gouvernement a annoncé 2,5 milliards.", "Il agit."],
    );
}

#[test]
fn spanish() {
    check(
        "es",
        "La Sra. García habló con el Dr. Pérez. Luego se fue.",
        &["La Sra. García habló con el Dr. Pérez.", "Luego se fue."],
    );
    check("es", "¿Vendrás mañana? ¡Claro que sí! Nos vemos.", &["¿Vendrás mañana?", "¡Claro que sí!", "Nos vemos."]);
    check("es", "¿Y tú? preguntó ella.", &["¿Y tú? preguntó ella."]);
    check("es", "Viajó a EE.UU. El viaje fue largo.", &["Viajó a EE.UU.", "El viaje fue largo."]);
    check("es", "Viajó a EE. UU. en mayo.", &["Viajó a EE. UU. en mayo."]);
    check("es", "Compró manzanas, peras, etc. Después salió.", &["Compró manzanas, peras, etc.", "Después salió."]);
    check("es", "Vive en la pág. 12 del libro.", &["Vive en la pág. 12 del libro."]);
}

#[test]
fn other_scripts() {
    check("zh", "今天下雨。明天晴天！后天呢？", &["今天下雨。", "明天晴天！", "后天呢？"]);
    check("ja", "「行きます。」彼は言った。", &["「行きます。」", "彼は言った。"]);
    check(
        "ru",
        "Он приехал в 2020 г. В Москве было тепло. Т. е. хорошо.",
        &["Он приехал в 2020 г.", "В Москве было тепло.", "Т. е. хорошо."],
    );
    check("ar", "هل أنت هنا؟ نعم.", &["هل أنت هنا؟", "نعم."]);
    check("hi", "मैं घर गया। वह आया।", &["मैं घर गया।", "वह आया।"]);
}

#[test]
fn unknown_language_uses_every_list() {
    let text = "Die Sra. López traf Hr. Weber. The U.S. Army came.";
    let got: Vec<&str> = sentences(text, None).into_iter().map(|r| &text[r]).collect();
    assert_eq!(got, ["Die Sra. López traf Hr. Weber.", "The U.S. Army came."]);
}

#[test]
fn ranges_are_trimmed_and_ordered() {
    let text = "  First one.   Second one!  \n\n  Third  ";
    let ranges = sentences(text, Some("en"));
    assert_eq!(ranges, [2..12, 15..26, 32..37]);
}
