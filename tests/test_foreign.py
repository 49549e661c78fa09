"""Articles not in English are read with a language pack and merge with English reports."""

from __future__ import annotations

import re
from datetime import date

import pytest

from treatywatch.extract.article import extract_all
from treatywatch.extract.foreign import SCRIPT_MARKS, extract_foreign, language_of, packs
from treatywatch.jobs import ingest
from treatywatch.records import Article, EventKind

RUSSIAN = ("Сенат Казахстана ратифицировал договор о стратегическом партнёрстве с Монголией.\n\n"
           "Документ был подписан 14 мая 2024 года в Улан-Баторе. Договор предусматривает сотрудничество "
           "в экономической сфере.")
ENGLISH = ("ULAANBAATAR, May 14, 2024 - The presidents of Mongolia and Kazakhstan signed the Treaty on "
           "Strategic Partnership between Mongolia and the Republic of Kazakhstan on Tuesday.")

# Short reports written for these tests, one per language pack: a parliament ratifies an
# invented agreement, which was signed on a date the article gives. Each row: language,
# publication date, text, (kind, parties, subject words), the events as (kind, party, date).
REPORTS = [
    ("es", date(2024, 10, 16),
     "El Senado de Chile ratificó el martes el Tratado de Cooperación Pesquera entre Chile y Perú. "
     "El tratado fue firmado el 4 de marzo de 2024 en Lima por los cancilleres de ambos países.",
     ("treaty", ("CHL", "PER"), {"fisheries"}),
     {("ratified", "CHL", "2024-10-15"), ("signed", None, "2024-03-04")}),
    ("fr", date(2024, 6, 14),
     "L'Assemblée nationale française a ratifié jeudi le traité d'amitié entre la France et le Sénégal. "
     "Le traité avait été signé le 12 février 2024 à Dakar par les deux présidents.",
     ("treaty", ("FRA", "SEN"), {"friendship"}),
     {("ratified", "FRA", "2024-06-13"), ("signed", None, "2024-02-12")}),
    ("de", date(2023, 11, 10),
     "Der Bundestag hat am Donnerstag das Abkommen über Wasserkooperation zwischen Deutschland und Namibia "
     "ratifiziert. Das Abkommen war am 3. Mai 2023 in Windhuk von beiden Außenministern unterzeichnet worden.",
     ("agreement", ("DEU", "NAM"), {"water"}),
     {("ratified", "DEU", "2023-11-09"), ("signed", None, "2023-05-03")}),
    ("it", date(2024, 5, 23),
     "Il Senato italiano ha approvato mercoledì la ratifica del Trattato di amicizia tra Italia e Tunisia, "
     "firmato a Tunisi il 7 aprile 2023 dai due governi.",
     ("treaty", ("ITA", "TUN"), {"friendship"}),
     {("ratified", "ITA", "2024-05-22"), ("signed", None, "2023-04-07")}),
    ("pt", date(2024, 7, 5),
     "A Assembleia da República aprovou nesta sexta-feira o Acordo de Cooperação em Defesa entre Portugal "
     "e Cabo Verde, assinado na Praia em 10 de janeiro de 2024.",
     ("agreement", ("CPV", "PRT"), {"defence"}),
     {("ratified", "PRT", "2024-07-05"), ("signed", None, "2024-01-10")}),
    ("tr", date(2024, 3, 6),
     "Türkiye Büyük Millet Meclisi, Türkiye ile Gürcistan arasında Serbest Ticaret Anlaşmasını 5 Mart 2024 "
     "tarihinde onayladı. Anlaşma 12 Ocak 2023'te Tiflis'te iki bakan tarafından imzalanmıştı.",
     ("agreement", ("GEO", "TUR"), {"trade"}),
     {("ratified", "TUR", "2024-03-05"), ("signed", None, "2023-01-12")}),
    ("az", date(2024, 5, 15),
     "Milli Məclis Azərbaycan ilə Qazaxıstan arasında nəqliyyat haqqında sazişi 14 may 2024-cü ildə "
     "ratifikasiya edib. Saziş 3 fevral 2024-cü ildə Astanada imzalanıb.",
     ("agreement", ("AZE", "KAZ"), {"transport"}),
     {("ratified", "AZE", "2024-05-14"), ("signed", None, "2024-02-03")}),
    ("id", date(2024, 6, 7),
     "DPR mengesahkan Perjanjian Kerja Sama Pertahanan antara Indonesia dan Filipina pada 6 Juni 2024. "
     "Perjanjian itu ditandatangani di Manila pada 15 Januari 2023 oleh kedua menteri.",
     ("agreement", ("IDN", "PHL"), {"defence"}),
     {("ratified", "IDN", "2024-06-06"), ("signed", None, "2023-01-15")}),
    ("vi", date(2024, 6, 21),
     "Quốc hội Việt Nam đã phê chuẩn Hiệp định hợp tác nghề cá giữa Việt Nam và Thái Lan ngày 20 tháng 6 "
     "năm 2024. Hiệp định được ký kết tại Bangkok ngày 8 tháng 1 năm 2024.",
     ("agreement", ("THA", "VNM"), {"fisheries"}),
     {("ratified", "VNM", "2024-06-20"), ("signed", None, "2024-01-08")}),
    ("ar", date(2024, 4, 22),
     "صادق مجلس النواب الأردني يوم الأحد على اتفاقية التعاون الجمركي بين الأردن والعراق الموقعة في "
     "5 مارس 2024.",
     ("agreement", ("IRQ", "JOR"), {"customs"}),
     {("ratified", "JOR", "2024-04-21"), ("signed", None, "2024-03-05")}),
    ("ky", date(2024, 6, 12),
     "Жогорку Кеңеш 2024-жылдын 11-июнунда Кыргызстан менен Монголиянын ортосундагы суу боюнча "
     "келишимди ратификациялады. Келишимге 2024-жылдын 2-февралында Бишкекте кол коюлган.",
     ("treaty", ("KGZ", "MNG"), {"water"}),
     {("ratified", "KGZ", "2024-06-11"), ("signed", None, "2024-02-02")}),
    ("sw", date(2024, 6, 13),
     "Bunge la Kenya liliridhia mkataba wa ushirikiano wa kibiashara kati ya Kenya na Tanzania tarehe "
     "12 Juni 2024. Mkataba huo ulitiwa saini jijini Arusha tarehe 3 Machi 2024.",
     ("treaty", ("KEN", "TZA"), {"trade"}),
     {("ratified", "KEN", "2024-06-12"), ("signed", None, "2024-03-03")}),
    ("hi", date(2024, 7, 11),
     "भारत की संसद ने 10 जुलाई 2024 को भारत और नेपाल के बीच जल सहयोग संधि का अनुमोदन किया। "
     "इस संधि पर 2 फरवरी 2024 को काठमांडू में हस्ताक्षर किए गए थे।",
     ("treaty", ("IND", "NPL"), {"water"}),
     {("ratified", "IND", "2024-07-10"), ("signed", None, "2024-02-02")}),
]


@pytest.mark.parametrize("language, published, text, mention, events", REPORTS, ids=[r[0] for r in REPORTS])
def test_foreign_report_is_read(language, published, text, mention, events):
    assert language_of(text) == language
    facts = extract_foreign(Article(id=language, text=text, published=published), language, published)
    [agreement] = facts.agreements
    kind, parties, subject = mention
    assert (agreement.kind.value, agreement.parties) == (kind, parties)
    assert subject <= set(agreement.subject.split())
    assert {(e.kind.value, e.party, str(e.date)) for e in facts.events} == events


@pytest.mark.parametrize("text, expected", [
    (RUSSIAN, "ru"),
    (ENGLISH, None),
    # English with foreign names and a quoted title stays English
    ("The Senate of Chile on Tuesday ratified the Tratado de Cooperación Pesquera with Peru, which the "
     "ministers signed in Lima in March. El Mercurio said the vote was close.", None),
    ("Chancellor Scholz and President Selenskyj signed the Sicherheitsabkommen in Berlin; the Bundestag "
     "has yet to vote on the agreement, Die Zeit reported.", None),
    ("Türkiye and Georgia marked the anniversary of the Çoruh Beyannamesi, which the Büyük Millet Meclisi "
     "approved in 2022.", None),
    # Kyrgyz is told from Russian by its function words
    ("Кыргызстан менен Монголиянын ортосундагы келишим жана анын долбоору боюнча маалымат.", "ky"),
    ("Договор между Кыргызстаном и Монголией был подписан в Улан-Баторе.", "ru"),
    ("", None),
    ("12345 — 2024", None),
    # a language written in a script without a pack is not read
    ("Η Ελλάδα και η Κύπρος υπέγραψαν συμφωνία για την ενέργεια.", None),
])
def test_language_of(text, expected):
    assert language_of(text) == expected


@pytest.mark.parametrize("language, published, text, expected", [
    # negation in the cue's clause only: Morocco has ratified, Spain has not
    ("es", date(2025, 5, 6),
     "El Tratado de Amistad entre España y Marruecos fue firmado en 2023. Marruecos ya ha ratificado el tratado, "
     "pero España no ha podido hacerlo.",
     {("signed", None, "2023"), ("ratified", "MAR", "2025-05-06")}),
    # a future or modal word names no step
    ("fr", date(2024, 6, 14),
     "Le traité d'amitié entre la France et le Sénégal sera signé à Dakar le 20 juin 2024.", set()),
    ("tr", date(2024, 3, 6),
     "Türkiye ile Gürcistan arasında Serbest Ticaret Anlaşması gelecek ay imzalanacak.", set()),
    # the date belongs to the step it stands by: the ratification is undated, the signing dated
    ("de", date(2023, 11, 10),
     "Der Bundestag ratifizierte das Abkommen über Wasserkooperation zwischen Deutschland und Namibia, "
     "das am 3. Mai 2023 unterzeichnet worden war.",
     {("ratified", "DEU", "2023-11-10"), ("signed", None, "2023-05-03")}),
    # a threat to suspend, or talk of suspending, ends nothing; a suspension does
    ("hi", date(2024, 6, 5), "नेपाल ने भारत के साथ जल सहयोग संधि को स्थगित करने की धमकी दी है।", set()),
    ("hi", date(2024, 6, 5), "नेपाल ने भारत के साथ जल सहयोग संधि स्थगित करने की बात कही है।", set()),
    ("hi", date(2024, 6, 5), "नेपाल ने 3 जून 2024 को भारत के साथ जल सहयोग संधि को स्थगित कर दिया।",
     {("terminated", "NPL", "2024-06-03")}),
])
def test_foreign_modality_and_dates(language, published, text, expected):
    facts = extract_foreign(Article(id="x", text=text, published=published), language, published)
    assert {(e.kind.value, e.party, str(e.date)) for e in facts.events} == expected


@pytest.mark.parametrize("language, text", [
    # an earlier agreement named once in passing is no record of its own
    ("vi", "Việt Nam và Ma-lai-xi-a đã ký hiệp định về thương mại năm 2024, dựa trên Công ước về luật biển năm 1982."),
    # a mention whose parties the text does not name says too little to be told from others
    ("es", "El tratado fue ratificado por el Congreso el martes."),
])
def test_foreign_passing_mentions_make_no_record(language, text):
    facts = extract_foreign(Article(id="x", text=text, published=date(2024, 6, 1)), language, date(2024, 6, 1))
    assert all("1982" not in m.title for m in facts.agreements)
    if language == "es":
        assert facts.agreements == []


def test_russian_ratification_is_read():
    [facts] = extract_all([Article(id="r1", text=RUSSIAN, published=date(2024, 9, 3))])
    [agreement] = facts.agreements
    assert agreement.parties == ("KAZ", "MNG") and agreement.kind.value == "treaty"
    assert set(agreement.subject.split()) == {"strategic", "partnership"}
    kinds = {(e.kind, e.party, str(e.date)) for e in facts.events}
    assert (EventKind.RATIFIED, "KAZ", "2024-09-03") in kinds
    assert (EventKind.SIGNED, None, "2024-05-14") in kinds


def test_russian_and_english_reports_merge(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "en.txt").write_text(ENGLISH)
    (folder / "ru.txt").write_text(" date 2024-09-03 " + RUSSIAN)
    ingest(store, [str(folder)])
    [record] = store.query()[0]
    assert record["articles"] == ["en", "ru"]
    assert {(e["kind"], e["party"]) for e in record["events"]} >= {("signed", None), ("ratified", "KAZ")}


SPANISH = ("El Senado de Chile ratificó el martes el Tratado de Cooperación Pesquera entre Chile y Perú, "
           "firmado el 4 de marzo de 2024 en Lima.")
ENGLISH_FISHERIES = ("LIMA, March 4, 2024 - Chile and Peru signed a Fisheries Cooperation Treaty on Monday, "
                     "the two foreign ministries said.")


def test_spanish_and_english_reports_merge(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "en.txt").write_text(ENGLISH_FISHERIES)
    (folder / "es.txt").write_text(" date 2024-10-16 " + SPANISH)
    ingest(store, [str(folder)])
    [record] = store.query()[0]
    assert record["articles"] == ["en", "es"]
    assert {(e["kind"], e["party"]) for e in record["events"]} >= {("signed", None), ("ratified", "CHL")}


@pytest.mark.parametrize("language, text", [
    ("de", "Deutschland und Namibia haben ein Abkommen über Wasserkooperation unterzeichnet. "
           "Botswana hatte im Mai ein ähnliches Abkommen mit Namibia unterzeichnet."),
    ("es", "Chile y Perú firmaron el martes un Tratado de Cooperación Pesquera. "
           "Ecuador firmó un acuerdo similar con Perú en 2020."),
])
def test_foreign_similar_agreement_is_another(language, text):
    facts = extract_foreign(Article(id="x", text=text, published=date(2024, 6, 5)), language, date(2024, 6, 5))
    [agreement] = facts.agreements
    assert len(agreement.parties) == 2 and "BWA" not in agreement.parties and "ECU" not in agreement.parties
    assert [e.kind.value for e in facts.events] == ["signed"]


# Undated reports of an invented agreement whose signing day is written without a year; each
# row: language, text, the signing's "MM-DD".
YEARLESS = [
    ("fr", "Le Sénat du Gabon a ratifié le traité d'amitié entre le Gabon et le Maroc. "
           "Le traité avait été signé le 5 mai à Rabat par les deux ministres.", "05-05"),
    ("es", "El Congreso de Bolivia aprobó el acuerdo de cooperación minera entre Bolivia y Paraguay. "
           "El acuerdo fue firmado el 17 de agosto en Sucre.", "08-17"),
    ("de", "Das Abkommen über Verkehr zwischen Deutschland und Moldau wurde am 9. März in Berlin "
           "von beiden Ministern unterzeichnet.", "03-09"),
    ("it", "Il Trattato di amicizia tra Italia e Tunisia è stato firmato a Roma il 21 ottobre "
           "dai due governi.", "10-21"),
]


@pytest.mark.parametrize("language, text, day", YEARLESS)
def test_foreign_day_without_a_year_is_kept_for_the_merge(language, text, day):
    facts = extract_foreign(Article(id="x", text=text), language, None)
    [signed] = [e for e in facts.events if e.kind == EventKind.SIGNED]
    assert signed.date is None and signed.yearless_day == day


@pytest.mark.parametrize("language, text, day", YEARLESS[:2])
def test_foreign_day_with_a_known_year_is_dated(language, text, day):
    published = date(2024, 11, 2)
    facts = extract_foreign(Article(id="x", text=text, published=published), language, published)
    [signed] = [e for e in facts.events if e.kind == EventKind.SIGNED]
    assert str(signed.date) == f"2024-{day}" and signed.yearless_day is None


def test_foreign_day_out_of_the_calendar_is_no_day():
    text = "Le traité d'amitié entre le Gabon et le Maroc a été signé le 31 juin à Rabat."
    facts = extract_foreign(Article(id="x", text=text), "fr", None)
    assert all(e.yearless_day is None and e.date is None for e in facts.events)


ENGLISH_MINING = ("ASUNCION, Oct. 30, 2024 - Paraguay's Congress ratified the Mining Cooperation Agreement "
                  "between Bolivia and Paraguay on Wednesday.")


def test_foreign_day_without_a_year_takes_the_year_of_the_other_reports(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "en.txt").write_text(ENGLISH_MINING)
    (folder / "es.txt").write_text(YEARLESS[1][1])
    ingest(store, [str(folder)])
    [record] = store.query()[0]
    assert ("signed", "2024-08-17") in {(e["kind"], e["date"]) for e in record["events"]}


def test_a_foreign_report_s_dateline_is_the_report_s_day_not_the_step_s():
    # the step in the lead takes the publication day as a stand-in (inferred), so that a day the
    # article writes for it elsewhere, or another report's, wins at the merge
    text = (" date 2024-10-16 El Senado de Chile ratificó el Tratado de Cooperación Pesquera entre Chile y Perú. "
            "El tratado fue firmado el 4 de marzo de 2024 en Lima.")
    published = date(2024, 10, 16)
    facts = extract_foreign(Article(id="x", text=text, published=published), "es", published)
    [ratified] = [e for e in facts.events if e.kind == EventKind.RATIFIED]
    assert str(ratified.date) == "2024-10-16" and ratified.date_inferred


@pytest.mark.parametrize("language, text, expected", [
    ("it", "La ratifica italiana del Trattato di amicizia tra Italia e Malta è arrivata con la legge 3 giugno 2024 "
           "n. 45, dopo il voto favorevole della Camera dei Deputati il 10 aprile 2024 e del Senato della "
           "Repubblica il 22 maggio 2024.",
     {("ITA", "2024-04-10", "Chamber of Deputies"), ("ITA", "2024-05-22", "Senate of the Republic")}),
    ("fr", "La ratification française du traité d'amitié entre la France et le Sénégal a suivi le vote favorable "
           "du Sénat le 8 février 2024 et de l'Assemblée nationale le 12 mars 2024.",
     {("FRA", "2024-03-12", "National Assembly"), ("FRA", "2024-02-08", "Senate")}),
    # the law's number is no year, and its presidential ratification is the president's step
    ("it", "In Francia la legge n. 2024-512 sul Trattato di amicizia tra Francia e Senegal è passata con la "
           "ratifica presidenziale, dopo il voto favorevole del Senato, il 8 febbraio 2024, e dell'Assemblea "
           "Nazionale il 12 marzo 2024.",
     {("FRA", "None", "President"), ("FRA", "2024-03-12", "National Assembly"), ("FRA", "2024-02-08", "Senate")}),
])
def test_each_chamber_s_vote_listed_in_one_sentence_is_a_step(language, text, expected):
    published = date(2024, 6, 10)
    facts = extract_foreign(Article(id="x", text=text, published=published), language, published)
    steps = {(e.party, str(e.date), e.body) for e in facts.events if e.kind == EventKind.RATIFIED}
    assert expected <= steps


def _one_lead_per_stem(stems, pack, where):
    """A pack's stems as one pattern the plain way: every alternative with its whole lead."""
    from treatywatch.extract.foreign import _stem_source, letter
    w = letter(pack)
    keys = sorted(set(stems), key=len, reverse=True)
    clitics = "|".join(re.escape(c) for c in sorted(pack.get("clitics", ()), key=len, reverse=True))
    lead = rf"(?<!{w})" + (f"(?:{clitics})?" if clitics else "")
    if pack.get("not_stems"):
        lead += "(?!" + "|".join(_stem_source(n, pack) for n in pack["not_stems"]) + ")"
    alternatives = []
    for i, key in enumerate(keys):
        body = f"(?P<s{i}>{_stem_source(key, pack)})"
        if where == "inside" or key.startswith("-"):
            alternatives.append(body)
        elif where == "compound":
            alternatives.append(rf"(?<!{w}){w}*?{body}")
        else:
            alternatives.append(lead + body)
    return re.compile("(?:" + "|".join(alternatives) + ")" + ("" if where == "inside" else f"{w}*"), re.IGNORECASE)


@pytest.mark.parametrize("language", sorted(n for n, p in packs().items() if p.get("agreement_nouns")))
def test_stems_written_with_one_lead_match_as_with_one_lead_each(language):
    """_Stems writes the lead a run of stems shares once: the same matches, and the same stem for each."""
    from treatywatch.extract.foreign import _Stems
    pack = packs()[language]
    groups = [list(pack["agreement_nouns"]), [s for cue in pack["events"] for s in cue["stems"]],
              list(pack["subjects"]), list(pack.get("not_stems", ())) + list(pack["agreement_nouns"])]
    words = [w.strip().lstrip("-") for group in groups for w in group]
    clitics = list(pack.get("clitics", ()))[:2]
    text = " ".join(f"{w} x{w} {w}ab {''.join(clitics[:1])}{w}, ({w.upper()})" for w in words)
    for stems in groups:
        for where in ("start", "inside", "compound"):
            ours = _Stems(stems, pack, where=where)
            plain = _one_lead_per_stem(stems, pack, where)
            found = [(m.span(), key) for m, key in ours.finditer(text)]
            expected = [(m.span(), next(ours.keys[int(n[1:])] for n, v in m.groupdict().items() if v is not None))
                        for m in plain.finditer(text)]
            assert found == expected, (language, where)


def test_the_arabic_glue_matches_any_run_of_its_marks_as_one_class_would():
    """OPTIONAL_MARKS is written as runs between superscript alefs (faster to compile): on every string
    of marks and letters it takes the same characters as the one class of all four kinds of mark."""
    import random

    from treatywatch.extract.foreign import OPTIONAL_MARK_CHARS, OPTIONAL_MARKS
    one_class = re.compile("[\u0640\u064b-\u0652\u0670]*")
    assert OPTIONAL_MARK_CHARS == "".join(chr(c) for c in range(0x600, 0x700) if one_class.fullmatch(chr(c)))
    ours = re.compile(OPTIONAL_MARKS, re.IGNORECASE)
    alphabet = "\u0640\u064b\u064e\u0651\u0652\u0670\u0628\u0627 a"
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 9)))
        for start in range(len(text) + 1):
            assert ours.match(text, start).end() == one_class.match(text, start).end(), ascii(text)


@pytest.mark.parametrize("script", sorted(SCRIPT_MARKS))
def test_a_letter_of_a_pack_s_script_is_a_letter_of_any_word_in_that_script(script):
    """A pack's patterns use the letter class of its script (LETTER): on the script's own characters
    and the marks written with them it agrees with W, the class of all scripts, and it is part of W."""
    from treatywatch.extract.foreign import LETTER, SCRIPTS, W
    everything, own = re.compile(W), re.compile(LETTER[script])
    chars = [chr(c) for c in range(0x10000) if SCRIPTS[script].match(chr(c))] + ["_", "7", " ", "-"]
    # accents are combined with Latin and Cyrillic letters, the non-joiner stands in Persian and Hindi words
    chars += [chr(c) for c in range(0x300, 0x370)] if script in ("latin", "cyrillic") else ["\u200c"]
    wrong = [ascii(c) for c in chars if bool(own.match(c)) != bool(everything.match(c))]
    assert not wrong
    assert all(everything.match(chr(c)) for c in range(0x10000) if own.match(chr(c)))
