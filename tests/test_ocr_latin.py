"""Latin words on a page read by the Russian model: found by their doubtful reading, read once
more in English; Russian words stay as the Russian model read them."""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from recognizers.ocr import ocr_page
from recognizers.ocr_latin import _beside, _in_doubt, _merge, _owner, _runs, read_latin
from recognizers.page import Word

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"


def _page(lines: list[str]) -> np.ndarray:
    image = Image.new("L", (1700, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 34)
    for i, line in enumerate(lines):
        draw.text((60, 60 + 70 * i), line, font=font, fill=0)
    return np.array(image)


def test_brand_names_and_codes_come_out_in_latin_letters() -> None:
    words = ocr_page(_page(["1 Клавиатура Logitech K120 USB 2 шт 890,00",
                            "2 Маршрутизатор Keenetic Giga KN-1011 1 шт 9800,00",
                            "3 Туалетная бумага Zewa, 8 рулонов 4 уп 350,00"]))
    text = " ".join(w.text for w in words)
    for latin in ("Logitech", "K120", "USB", "Keenetic", "Giga", "KN-1011", "Zewa,"):
        assert latin in text.split(), text
    for russian in ("Клавиатура", "Маршрутизатор", "Туалетная", "бумага", "рулонов"):
        assert russian in text.split(), text


def test_russian_text_is_not_turned_into_latin_look_alikes() -> None:
    words = ocr_page(_page(["Сумма без налога за товары (работы, услуги)",
                            "Продавец: ООО «Вектор» ИНН/КПП 7701234567/770101001"]))
    text = " ".join(w.text for w in words)
    assert "без" in text.split() and "ООО" in text, text
    assert not any(c.isascii() and c.isalpha() for c in text), text


def test_doubt_falls_on_unsure_readings_and_on_no_russian_word() -> None:
    def doubt(text: str, conf: float) -> bool:
        return _in_doubt(Word(text, 0, 0, 10, 10, conf, 0))

    assert doubt("Кеепейс", 0.88)  # "Keenetic" in Cyrillic letters, read sure
    assert doubt("10\\/-40,", 0.49)
    assert not doubt("Подшипник", 0.69)
    assert not doubt("1234,56", 0.7)  # figures the Russian model reads as well
    assert doubt("6671223110025", 0.0)  # ... but for a doubled digit now and then


def test_english_reading_replaces_only_what_it_reads_better() -> None:
    def choose(russian: str, conf: float, english: str, english_conf: float) -> str:
        words = [Word(russian, 0, 0, 40, 20, conf, 0)]
        read = {0: [Word(english, 0, 0, 40, 20, english_conf, 0)]}
        return " ".join(w.text for w in _merge(words, read, {0}))

    assert choose("без", 0.55, "6e3", 0.92) == "без"  # a Russian word in Latin look-alikes
    assert choose("Е?7", 0.54, "E27", 0.95) == "E27"
    assert choose("6671223110025", 0.0, "667122311025", 0.96) == "667122311025"
    assert choose("0:", 0.0, "20__", 0.87) == "0:"
    assert choose("Годйесп", 0.23, "Logitech", 0.5) == "Годйесп"  # neither is sure
    assert choose("|Итого", 0.5, "Utoro", 0.8) == "|Итого"  # a ruling's remnant, a word
    assert choose("Ге\\ма,", 0.58, "Zewa,", 0.92) == "Zewa,"
    assert choose("г/м2,", 0.4, "rim2,", 0.9) == "г/м2,"  # a unit, no Latin word


def test_a_guess_gives_way_to_a_fairly_sure_latin_name_or_code() -> None:
    def choose(russian: str, conf: float, english: str, english_conf: float) -> str:
        words = [Word(russian, 0, 0, 40, 20, conf, 0)]
        read = {0: [Word(english, 0, 0, 40, 20, english_conf, 0)]}
        return " ".join(w.text for w in _merge(words, read, {0}))

    # Word crops read names a little under SURE; against a Russian guess they are the print.
    assert choose("Годйесй", 0.0, "Logitech", 0.64) == "Logitech"
    assert choose("2е\\ма,", 0.49, "Zewa.", 0.62) == "Zewa,"  # its comma read in its line
    assert choose("Е?27", 0.44, "E27,", 0.75) == "E27"  # a comma only English saw
    # ... but not garbage for garbage, and not over a fair Russian reading.
    assert choose("ИННКПП", 0.3, "VHH/KNN", 0.65) == "ИННКПП"
    assert choose("©бъм", 0.2, "(06vem)", 0.66) == "©бъм"
    assert choose("Годйесй", 0.55, "Logitech", 0.64) == "Годйесй"
    # A code the Russian model read as figures begins with the same figures in English.
    assert choose("6205-2865", 0.25, "6205-2RS", 0.89) == "6205-2RS"
    assert choose("243790058", 0.23, "243V7QDSB", 0.91) == "243V7QDSB"
    assert choose("7701234567", 0.3, "7701234S6O", 0.9) == "7701234567"  # digits' look-alikes
    assert choose("2450,00", 0.3, "Z450,0O", 0.9) == "2450,00"  # begins otherwise


def test_russian_words_beside_a_latin_name_stay_russian() -> None:
    words = [Word("Соус", 0, 0, 40, 20, 0.9, 0), Word("Ненз", 50, 0, 40, 20, 0.3, 0),
             Word("К120", 100, 0, 40, 20, 0.9, 0)]
    read = {0: [Word("Coyc", 0, 0, 40, 20, 0.9, 0)], 1: [Word("Heinz", 50, 0, 40, 20, 0.95, 0)],
            2: [Word("K120", 100, 0, 40, 20, 0.9, 0)]}
    assert [w.text for w in _merge(words, read, {1})] == ["Соус", "Heinz", "K120"]


def test_an_english_reading_of_the_same_print_vouches_for_the_russian_one() -> None:
    words = [Word("С-46/25", 0, 0, 40, 20, 0.57, 0), Word("Сюа", 50, 0, 40, 20, 0.4, 0)]
    read = {0: [Word("C-46/25", 0, 0, 40, 20, 0.92, 0)],
            1: [Word("Cloa", 50, 0, 40, 20, 0.5, 0)]}
    out = _merge(words, read, {0, 1})
    assert [(w.text, w.conf) for w in out] == [("С-46/25", 0.92), ("Сюа", 0.4)]


def test_look_alike_codes_in_a_run_after_a_latin_word_are_read_again() -> None:
    texts = ["Клавиатура", "Говиесв", "К120", "05В", "1", "шт"]
    words = [Word(t, 50 * i, 0, 40, 20, 0.9, 0) for i, t in enumerate(texts)]
    assert _beside(words, {1}) == {2, 3}


def test_an_english_reading_of_less_print_or_an_abbreviation_stays_russian() -> None:
    words = [Word("Лампа", 0, 0, 90, 20, 0.96, 0), Word("Е?27", 100, 0, 60, 20, 0.64, 0)]
    read = {1: [Word("ez", 100, 0, 40, 20, 0.82, 0)]}  # E27 cut short: less print
    assert [w.text for w in _merge(words, read, {1})] == ["Лампа", "Е?27"]
    # ... while the marks standing for a Latin letter count for nothing.
    words = [Word("$5\\уетоСору", 0, 0, 150, 20, 0.22, 0)]
    read = {0: [Word("SvetoCopy", 0, 0, 150, 20, 0.91, 0)]}
    assert [w.text for w in _merge(words, read, {0})] == ["SvetoCopy"]
    words = [Word("пом.", 0, 0, 50, 20, 0.5, 0), Word("\\,", 60, 0, 20, 20, 0.3, 0)]
    read = {0: [Word("nom.", 0, 0, 50, 20, 0.9, 0)], 1: [Word("V,", 60, 0, 20, 20, 0.9, 0)]}
    assert [w.text for w in _merge(words, read, {0, 1})] == ["пом.", "V,"]


def test_words_in_doubt_next_to_each_other_are_read_as_one_crop() -> None:
    texts = ["Клавиатура", "Годйесй", "К120", "05В", "12", "шт"]
    words = [Word(t, 120 * i, 0, 100, 20, 0.9, 0) for i, t in enumerate(texts)]
    runs = _runs(words, [1, 2, 3], 20.0)
    assert runs == [[1, 2, 3]]
    # Each English word goes back to the word it overlaps most.
    assert _owner(words, runs[0], Word("USB", 365, 0, 90, 20, 0.9, 0)) == 3
    far = [*words[:3], Word("05В", 700, 0, 100, 20, 0.9, 0)]
    assert _runs(far, [1, 2, 3], 20.0) == [[1, 2], [3]]


def test_figures_beside_a_latin_name_stay_figures() -> None:
    words = [Word("Годйесй", 0, 0, 100, 20, 0.0, 0), Word("1", 110, 0, 12, 20, 0.9, 0)]
    read = {0: [Word("Logitech", 0, 0, 100, 20, 0.9, 0)], 1: [Word("I", 110, 0, 12, 20, 0.9, 0)]}
    assert [w.text for w in _merge(words, read, {0})] == ["Logitech", "1"]
    # A number English reads with letters like digits is no code either.
    words = [Word("7701234567", 0, 0, 120, 20, 0.3, 0)]
    read = {0: [Word("770I2345b7", 0, 0, 120, 20, 0.8, 0)]}
    assert [w.text for w in _merge(words, read, {0})] == ["7701234567"]


def test_words_english_reads_run_together_keep_their_russian_reading() -> None:
    gray = np.full((200, 600), 255, np.uint8)
    words = [Word("12", 100, 80, 30, 20, 0.3, 0), Word("500,00", 140, 80, 80, 20, 0.3, 0)]

    def read(canvas: np.ndarray) -> list[Word]:
        # One word across the whole crop of the run: "12 500,00" read as "12500,00".
        return [Word("12500,00", 30, 30, canvas.shape[1] - 60, 30, 0.95, 0)]

    assert [w.text for w in read_latin(gray, words, read)] == ["12", "500,00"]


def test_a_stray_mark_beside_figures_puts_them_in_doubt() -> None:
    # "6205-2RS" read by the Russian model at 0.76: the "$" stands for a Latin letter.
    assert _in_doubt(Word("6205-28$", 0, 0, 10, 10, 0.76, 0))
    assert _in_doubt(Word("10\\/-40,", 0, 0, 10, 10, 0.61, 0))
    assert not _in_doubt(Word("6205-28", 0, 0, 10, 10, 0.76, 0))


def test_a_name_of_russian_and_latin_parts_keeps_its_russian_part() -> None:
    def choose(russian: str, conf: float, english: str, english_conf: float) -> str:
        words = [Word(russian, 0, 0, 40, 20, conf, 0), Word("3х2,5", 50, 0, 40, 20, 0.9, 0)]
        read = {0: [Word(english, 0, 0, 40, 20, english_conf, 0)],
                1: [Word("3x2,5", 50, 0, 40, 20, 0.9, 0)]}
        return " ".join(w.text for w in _merge(words, read, {0}))

    # The cable brand "ВВГнг-LS": the part with the stray mark is Latin, "ВВГнг" Russian, and
    # the size beside it stays Cyrillic.
    assert choose("ВВГнг-Т5$", 0.41, "BBrur-LS", 0.35) == "ВВГнг-LS 3х2,5"
    assert choose("ВВГнг-1.$", 0.17, "BBrur-LS", 0.62) == "ВВГнг-LS 3х2,5"
    # English is unsure of the whole word for its Russian part.
    assert choose("ВВГнг-15$", 0.37, "BBrur-LS", 0.18) == "ВВГнг-LS 3х2,5"
    # A Latin name read whole in English is taken whole, not kept half Cyrillic.
    words = [Word("Кеепейс-1$", 0, 0, 40, 20, 0.5, 0)]
    read = {0: [Word("Keenetic-LS", 0, 0, 40, 20, 0.9, 0)]}
    assert [w.text for w in _merge(words, read, {0})] == ["Keenetic-LS"]
    # Without a stray mark nothing says which part is Latin.
    assert choose("ВВГнг-15", 0.45, "BBrur-LS", 0.55) == "ВВГнг-15 3х2,5"



def test_figures_with_a_stray_mark_take_only_a_reading_with_a_true_latin_letter() -> None:
    def choose(russian: str, english: str) -> str:
        words = [Word(russian, 0, 0, 40, 20, 0.7, 0)]
        return " ".join(w.text for w in _merge(words, {0: [Word(english, 0, 0, 40, 20, 0.9,
                                                                 0)]}, {0}))

    assert choose("6205-28$", "6205-2RS") == "6205-2RS"
    assert choose("1|234,56", "1l234,56") == "1|234,56"  # a ruling is no "l"


def test_a_cell_ruling_glued_to_print_is_no_latin_letter() -> None:
    def choose(russian: str, english: str, english_conf: float) -> str:
        words = [Word(russian, 0, 0, 40, 20, 0.9, 0)]
        unsure = {0} if _in_doubt(words[0]) else set()
        read = {0: [Word(english, 0, 0, 40, 20, english_conf, 0)]}
        return " ".join(w.text for w in _merge(words, read, unsure))

    assert choose("ТОРГ-12|", "TOPT-12l", 0.5) == "ТОРГ-12|"
    assert choose("Счет-фактура|", "Cyet-cpaktypal", 0.5) == "Счет-фактура|"
    assert choose("234,56|", "234,56J", 0.95) == "234,56|"
    assert choose("|7701234567", "L7701234567", 0.95) == "|7701234567"
    assert choose("№12/25|", "No12/25", 0.95) == "№12/25|"
