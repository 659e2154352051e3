//! Function words per language: the splitter asks whether the capitalised
//! word after an ambiguous abbreviation ("U.S. The ...") opens a sentence,
//! and the summarizer leaves them out of its term statistics.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::lang::{lang_mask, Lang};

const EN: &str = "a about above after again against ago all almost also although always am among an and another any \
are around as at be became because become been before being below between both but by can cannot could did do \
does doing done down during each either else even ever every few for from further get gets got had has have having \
he her here hers herself him himself his how however i if in into is it its itself just last least less like made \
make many may me meanwhile might more most much must my myself neither never no nor not now of off often on once one \
only or other others otherwise our ours ourselves out over own per perhaps rather said same says shall she should \
since so some still such than that the their theirs them themselves then there therefore these they this those \
though through thus to too toward towards under until up upon us very was we well were what whatever when whenever \
where whereas whether which while who whoever whom whose why will with within without would yet you your yours \
yourself yourselves it's he's she's that's there's they're we're i'm don't doesn't didn't isn't wasn't can't won't";

const DE: &str = "aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch \
auf aus bei beim bin bis bist da dabei damit dann das dass daß dein deine dem den denn der deren des dessen deshalb \
die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines einige er es etwa \
euch euer für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren \
ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jedoch jene jetzt kann kein keine keinem keinen keiner \
können könnte man manche mehr mein meine mit muss musste nach nicht nichts noch nun nur ob oder ohne seid sein \
seine seinem seinen seiner seit sich sie sind so solche soll sollte sondern sowie über um und uns unser unsere \
unter viel vom von vor wann war waren warum was weil welche welchem welchen welcher welches wenn wer werde werden \
wie wieder will wir wird wo wurde wurden zu zum zur zwar zwischen";

const FR: &str = "à afin ai aie aient ainsi alors après as au aucun aucune aujourd'hui auprès aussi autre autres aux \
avaient avais avait avant avec avez avoir avons ayant c'est car ce ceci cela celle celles celui cependant certains \
ces cet cette ceux chaque chez comme comment contre d'un d'une dans de depuis des deux dès donc dont du elle elles \
en encore entre est et étaient était été être eu eux fait faire fut il ils j'ai je jusqu'à l'on la le les leur \
leurs lors lorsque lui ma mais me même mes moi moins mon ne ni nos notre nous on ont ou où par parce pas pendant \
peu peut plus plusieurs pour pourquoi qu'il quand que quel quelle quelles quels qui quoi sa sans se selon ses si \
sien sans son sont sous sur ta te tes toi ton tous tout toute toutes très tu un une vers vos votre vous y";

const ES: &str = "a al algo algunas algunos ante antes aquel aquella aquellas aquellos aquí así aunque cada como con \
contra cual cuales cuando cómo de del desde donde dos durante e el ella ellas ellos en entre era eran es esa esas \
ese eso esos esta estaba estaban estado estas este esto estos está están fue fueron ha habían había han hasta hay la \
las le les lo los más me mi mientras mis muy ni no nos nosotros o otra otras otro otros para pero poco por porque \
qué que quien quienes se sea según ser si sido siempre sin sino sobre son su sus también tan tanto te tiene tienen \
todo todos tras tu tus un una unas uno unos usted ya yo él";

const PT: &str = "a à ao aos aquela aquelas aquele aqueles as até com como contra da das de dela dele deles depois \
do dos e ela elas ele eles em entre era eram essa essas esse esses esta estas este estes está estão eu foi foram \
há isso isto já lhe lhes mais mas me mesmo meu meus minha muito na nas nem no nos nossa nosso não num numa o os ou \
para pela pelas pelo pelos por porque quando que quem se sem ser seu seus sobre sua suas só também te tem têm um \
uma umas uns você é";

const IT: &str = "a abbiamo ad agli ai al alla alle allo anche avere aveva c'è che chi ci come con contro cui da \
dagli dai dal dalla dalle degli dei del della delle dello di dove e ed era erano essere gli ha hanno i il in io la \
le lei lo loro lui ma mi molto ne negli nei nel nella nelle noi non nostro o ogni per perché più poi quale quando \
quella quelle quello questa queste questo se sei si sia siamo sono su sua sue sugli sui sul sulla suo suoi tra \
tutti tutto un una uno voi è";

const NL: &str = "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een \
eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je kan kon \
kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over reeds te tegen \
toch toen tot u uit uw van veel voor want waren was wat we wel werd wezen wie wij wil worden wordt zal ze zei zelf \
zich zij zijn zo zonder zou";

const RU: &str = "а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до \
его ее ей ему если есть еще же за здесь и из или им их к как какой когда кто ли либо между меня мне много может \
мы на над надо наш не него нее нет ни них но ну о об однако он она они оно от очень по под после при про с со так \
также такой там те тем то того тоже только том тот ту ты у уже хотя чего чей чем что чтобы эта эти это этот я";

const SV: &str = "alla allt att av blev bli blir de dem den denna deras dess det detta dig din dina du där efter ej \
eller en er ett från för ha hade han hans har henne hennes hon honom hur här i icke ingen inom inte jag ju kan \
kunde man med mellan men mig min mina mot mycket ni nu när någon något några och om oss på samma sedan sig sin \
sina sitta själv skulle som så sådan till under upp ut utan vad var vara varit vi vid vilka vilken än är åt över";

const DA: &str = "af alle andet andre at blev blive bliver da de dem den denne der deres det dette dig din disse dog \
du efter eller en end er et for fra ham han hans har havde have hende hendes her hos hun hvad hvis hvor i ikke ind \
jeg jer kan kunne man mange med meget men mig min mod ned noget nogle nu når og også om op os over på selv sig sin \
sine skal skulle som sådan thi til ud under var vi vil ville vor været";

const NO: &str = "alle at av bare ble bli blir da de deg dem den denne der deres det dette du eller en er et etter \
for fra han hans har hennes hun hva hvis hvor i ikke jeg kan kunne man med meg men mot mye ned noe noen når og også \
om opp over på seg sin sine skal skulle som så til ut var vi vil ville være vært";

const PL: &str = "a aby ale bardzo był była były być będzie co czy dla do gdy gdzie go i ich ile im innych jak jako \
jej jest jeszcze jego już kiedy która które który lub ma mają może na nad nie nich nim niż o od oraz po pod przez \
przy się sobie tak także tam te tego tej ten też to tu tylko w we więc z za ze że";

const TR: &str = "ama ancak bazı belki ben bir biri birkaç biz bu buna bunu da daha de defa diye en gibi hem hep her \
hiç için ile ise kadar ki kim mi mu mı mü nasıl ne neden nerede niçin o olan olarak oldu olduğu olduğunu sen siz \
şey şu tüm ve veya ya yani";

const LISTS: [(Lang, &str); 13] = [
    (Lang::En, EN),
    (Lang::De, DE),
    (Lang::Fr, FR),
    (Lang::Es, ES),
    (Lang::Pt, PT),
    (Lang::It, IT),
    (Lang::Nl, NL),
    (Lang::Ru, RU),
    (Lang::Sv, SV),
    (Lang::Da, DA),
    (Lang::No, NO),
    (Lang::Pl, PL),
    (Lang::Tr, TR),
];

static STOP_WORDS: LazyLock<FxHashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut map: FxHashMap<&'static str, u32> = FxHashMap::default();
    for (lang, list) in LISTS {
        for word in list.split_whitespace() {
            *map.entry(word).or_insert(0) |= lang.bit();
        }
    }
    map
});

/// Whether `word` (already lower-cased) is a function word of `lang` (an ISO
/// 639-1 code such as `"de"` or `"pt-BR"`). With no language, or one without
/// a list, any list counts.
///
/// ```
/// assert!(newsdesk_text::is_stop_word("the", Some("en")));
/// assert!(newsdesk_text::is_stop_word("und", Some("de")));
/// assert!(!newsdesk_text::is_stop_word("und", Some("en")));
/// assert!(newsdesk_text::is_stop_word("und", None));
/// ```
pub fn is_stop_word(word: &str, lang: Option<&str>) -> bool {
    STOP_WORDS.get(word).is_some_and(|&mask| mask & lang_mask(lang) != 0)
}
